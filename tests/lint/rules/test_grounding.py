"""CD204 claim-not-in-data: examples checked against the numbers of one small data set."""

from __future__ import annotations

from decimal import Decimal

import pytest

from copydesk.lint.rules.grounding import RULES, canonical_number, numbers_in
from tests.lint.rules.helpers import RuleExamples, lint_snippet

# The data a draft was written from: 65%, $220,000-$350,000 in 2026, 135.8%, 3x.
ALLOWED = frozenset({"65", "220000", "350000", "2026", "135.8", "3"})

EXAMPLES: dict[str, RuleExamples] = {
    "CD204": RuleExamples(
        allowed_numbers=ALLOWED,
        failing=(
            "RAG appears in 70% of applied LLM job listings.\n",
            "Salaries reach $400,000 at the major labs.\n",
            "Demand grew by 135.9% in a year.\n",
            "Pay starts at $250k.\n",
            "In 2025 the market changed.\n",
            "- Hiring takes 90 days.\n",
        ),
        passing=(
            "RAG appears in 65% of applied LLM job listings.\n",
            "Base pay runs from $220,000 to $350,000 in 2026.\n",
            "Base pay starts at $220k and tops out near 350000 dollars.\n",
            "Demand grew by 135.8% and teams are 3x larger.\n",
            "Teams use GPT-4 and x86 servers.[1]\n",
            "No numbers at all here.\n",
        ),
    ),
}


def _cases(kind: str) -> list[str]:
    return [text for table in EXAMPLES.values()
            for text in (table.failing if kind == "failing" else table.passing)]


def test_every_rule_in_the_module_has_examples() -> None:
    assert {rule.code for rule in RULES} == set(EXAMPLES)


@pytest.mark.parametrize("text", _cases("failing"))
def test_silent_when_the_text_was_not_drafted_from_data(text: str) -> None:
    assert lint_snippet(text, "CD204") == []


def test_each_invented_number_is_its_own_finding_with_its_position() -> None:
    text = "Teams grew 40% while pay rose to $400,000.\nRAG holds at 65%.\n"
    findings = lint_snippet(text, "CD204", allowed_numbers=ALLOWED)
    covered = [(f.line, f.source_line[f.col - 1:f.end_col - 1]) for f in findings]
    assert covered == [(1, "40"), (1, "400,000")]
    assert "'40' is not in the data" in findings[0].message


def test_an_empty_allowed_set_flags_every_number() -> None:
    assert len(lint_snippet("1 and 2 and 3.\n", "CD204", allowed_numbers=frozenset())) == 3


def test_numbers_in_reads_values_not_spellings() -> None:
    assert numbers_in("$220,000 or 220000.00 or 1.5 million, 3x, 10k, v2") == {
        "220000", "1.5", "1500000", "3", "10", "10000"}
    assert canonical_number(Decimal("65.0")) == "65"
    assert canonical_number(2026) == "2026"
