from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copydesk.content.models import Statistic
from copydesk.errors import Location, RenderError
from copydesk.render.formatting import format_statistic, money, number, percent, placeholder


def statistic(value: str | None, unit: str) -> Statistic:
    return Statistic("s", Decimal(value) if value is not None else None, unit, "claim",
                     Location("stats.yaml", 1))


@pytest.mark.parametrize(("value", "unit", "expected"), [
    ("65", "%", "65%"),
    ("135.8", "%", "135.8%"),
    ("220000", "USD", "$220,000"),
    ("3", "x", "3x"),
    ("1200", "", "1,200"),
    ("85000", "GBP", "£85,000"),
    ("1000", "CHF", "CHF 1,000"),
    ("65.0", "%", "65%"),
])
def test_statistic_prints_in_its_unit(value: str, unit: str, expected: str) -> None:
    assert format_statistic(statistic(value, unit)) == expected


@pytest.mark.parametrize(("unit", "expected"), [
    ("%", "[Insert %]"), ("x", "[Insert x]"), ("USD", "[Insert $]"), ("", "[Insert number]"),
])
def test_missing_value_prints_a_visible_placeholder(unit: str, expected: str) -> None:
    assert format_statistic(statistic(None, unit)) == expected
    assert placeholder(unit) == expected


def test_filters_accept_plain_numbers() -> None:
    assert money(350000) == "$350,000"
    assert money("400000", "eur") == "€400,000"
    assert percent(0.5) == "0.5%"
    assert number(Decimal("2E+3")) == "2,000"


def test_filters_refuse_what_is_not_a_number() -> None:
    with pytest.raises(RenderError, match="expected a number, got 'lots'"):
        money("lots")
    with pytest.raises(RenderError, match="expected a number"):
        percent(True)


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**12, max_value=10**12,
                   places=3))
def test_number_keeps_the_value_and_only_adds_separators(value: Decimal) -> None:
    printed = number(value)
    assert Decimal(printed.replace(",", "")) == value
    assert "E" not in printed
