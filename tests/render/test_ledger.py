import pickle
from dataclasses import FrozenInstanceError, fields, replace
from datetime import date
from decimal import Decimal

import pytest

from copydesk.content.models import Source, Statistic
from copydesk.errors import Location
from copydesk.render.ledger import Claim, PageLedger

FIRST = Source("Survey A", url="https://a.example", published=date(2026, 1, 1))
SECOND = Source("Our placements data", kind="first-party")


def stat(identifier: str, source: Source | None, value: str | None = "5") -> Statistic:
    return Statistic(identifier, Decimal(value) if value else None, "%", "claim",
                     Location("stats.yaml", 3), source=source)


def test_sources_are_numbered_in_order_of_first_use_once_each() -> None:
    ledger = PageLedger("/p/")
    numbers = [ledger.record(stat(i, s), "5%") for i, s in
               [("a", SECOND), ("b", FIRST), ("c", SECOND), ("d", None)]]
    assert [c.number if c else None for c in numbers] == [1, 2, 1, None]
    assert [c.source for c in ledger.citations] == [SECOND, FIRST]
    assert [(c.statistic, c.citation) for c in ledger.claims] == [
        ("a", 1), ("b", 2), ("c", 1), ("d", None)]


def test_a_statistic_without_value_warns_once_per_page_with_its_data_location() -> None:
    ledger = PageLedger("/p/")
    missing = stat("gov-share", None, value=None)
    ledger.record(missing, "[Insert %]")
    ledger.record(missing, "[Insert %]")
    assert [str(w) for w in ledger.warnings] == [
        "stats.yaml:3: statistic 'gov-share' has no value; /p/ shows '[Insert %]'"]


def test_restore_forgets_what_was_recorded_since_kept_and_numbers_sources_again() -> None:
    ledger = PageLedger("/p/")
    ledger.record(stat("a", FIRST), "5%")
    kept = ledger.kept()
    ledger.record(stat("b", SECOND), "5%")
    ledger.record(stat("gov-share", None, value=None), "[Insert %]")
    ledger.restore(kept)
    assert [c.statistic for c in ledger.claims] == ["a"]
    assert [c.source for c in ledger.citations] == [FIRST]
    assert ledger.warnings == []
    again = ledger.record(stat("c", SECOND), "5%")
    assert again is not None and again.number == 2


def test_a_claim_is_the_dataclass_its_fields_make() -> None:
    # Claim's own __init__ (one update of its __dict__) against the dataclass's fields.
    values = {"page": "/p/", "statistic": "a", "rendered": "5%", "claim": "claim",
              "data": Location("stats.yaml", 3), "citation": 1, "source": FIRST}
    claim = Claim(*values.values())
    assert claim == Claim(**values) and hash(claim) == hash(Claim(**values))
    assert {field.name: getattr(claim, field.name) for field in fields(Claim)} == values
    assert vars(claim) == values
    assert pickle.loads(pickle.dumps(claim)) == claim
    assert replace(claim, citation=None) == Claim(**{**values, "citation": None})
    assert repr(claim).startswith("Claim(page='/p/', statistic='a', rendered='5%'")
    with pytest.raises(FrozenInstanceError):
        claim.page = "/q/"  # type: ignore[misc]
