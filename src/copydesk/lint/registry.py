"""The ordered registry of every rule, and selection by code prefix.

Selection follows ruff: ``select`` and ``ignore`` hold code prefixes ("CD", "CD2",
"CD201"); for each rule the longest matching prefix decides, and on a tie ``ignore`` wins.
"""

from __future__ import annotations

from collections.abc import Iterable

from copydesk.lint.rule import Rule
from copydesk.lint.rules import (
    claims,
    dates,
    mechanics,
    meta,
    placeholders,
    readability,
    spelling,
    structure,
)

ALL_RULES: tuple[Rule, ...] = (
    *placeholders.RULES,
    *claims.RULES,
    *dates.RULES,
    *readability.RULES,
    *mechanics.RULES,
    *structure.RULES,
    *spelling.RULES,
    *meta.RULES,
)


def rule_by_code(code: str, rules: Iterable[Rule] = ALL_RULES) -> Rule | None:
    wanted = code.strip().upper()
    return next((rule for rule in rules if rule.code == wanted or rule.name == code), None)


def is_selected(code: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    best_select = max((len(p) for p in select if code.startswith(p)), default=-1)
    best_ignore = max((len(p) for p in ignore if code.startswith(p)), default=-1)
    return best_select > best_ignore


def select_rules(select: Iterable[str], ignore: Iterable[str],
                 rules: Iterable[Rule] = ALL_RULES) -> tuple[Rule, ...]:
    select, ignore = tuple(select), tuple(ignore)
    return tuple(rule for rule in rules if is_selected(rule.code, select, ignore))
