"""Numbers as readers see them: ``65%``, ``$220,000``, ``3x``, ``1,200``.

A statistic without a value prints a visible placeholder in its unit (``[Insert %]``)
so that the hole is seen, and reported, rather than silently printed as nothing.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from copydesk.content.models import Statistic
from copydesk.errors import RenderError

CURRENCY_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "INR": "₹"}

Number = Decimal | int | float | str


def as_decimal(value: Number) -> Decimal:
    """``value`` as a Decimal; floats go through ``str`` so 0.1 stays 0.1."""
    if isinstance(value, bool):
        raise RenderError(f"expected a number, got {value!r}", hint="pass a number")
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise RenderError(f"expected a number, got {value!r}", hint="pass a number") from None


def number(value: Number) -> str:
    """Thousands separators, no trailing ``.0`` on whole numbers: ``220000`` -> ``220,000``."""
    amount = as_decimal(value)
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount.normalize():,f}"


def percent(value: Number) -> str:
    return f"{number(value)}%"


def money(value: Number, currency: str = "USD") -> str:
    symbol = CURRENCY_SYMBOLS.get(currency.upper())
    if symbol is None:
        return f"{currency.upper()} {number(value)}"
    return f"{symbol}{number(value)}"


def multiple(value: Number) -> str:
    return f"{number(value)}x"


def placeholder(unit: str) -> str:
    """What a statistic with no value prints, e.g. ``[Insert %]``."""
    if unit in ("%", "x"):
        return f"[Insert {unit}]"
    if unit:
        return f"[Insert {CURRENCY_SYMBOLS.get(unit.upper(), unit.upper())}]"
    return "[Insert number]"


def format_statistic(statistic: Statistic) -> str:
    """The statistic's value in its unit, or its placeholder when it has no value."""
    value = statistic.value
    if value is None:
        return placeholder(statistic.unit)
    if statistic.unit == "%":
        return percent(value)
    if statistic.unit == "x":
        return multiple(value)
    if statistic.unit:
        return money(value, statistic.unit)
    return number(value)
