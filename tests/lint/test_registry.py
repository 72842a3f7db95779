"""Rule selection by prefix (the longest prefix wins), look-up and suggestions."""

from __future__ import annotations

import pytest

from copydesk.lint.registry import (
    ALL_RULES,
    EVERY_RULE,
    by_family,
    is_selected,
    longest_prefix,
    rule_by_code,
    select_rules,
    suggest_code,
)


@pytest.mark.parametrize(("select", "ignore", "expected"), [
    (["CD"], [], True),
    (["CD"], ["CD2"], False),
    (["CD2"], ["CD"], True),
    (["CD201"], ["CD2"], True),
    (["CD2"], ["CD201"], False),
    (["CD2"], ["CD2"], False),  # a tie: ignore wins
    (["CD1"], [], False),
    ([], [], False),
])
def test_longest_prefix_wins(select: list[str], ignore: list[str], expected: bool) -> None:
    assert is_selected("CD201", select, ignore) is expected


def test_select_rules_keeps_registry_order() -> None:
    chosen = select_rules(["CD1", "CD9"], ["CD901"])
    assert [rule.code for rule in chosen] == [
        rule.code for rule in ALL_RULES if rule.code[:3] in ("CD1", "CD9") and rule.code != "CD901"]


def test_longest_prefix() -> None:
    assert longest_prefix("CD201", ["CD", "CD2", "CD3"]) == "CD2"
    assert longest_prefix("CD201", ["CD201", "CD2"]) == "CD201"
    assert longest_prefix("CD201", ["CD3"]) is None


def test_rule_by_code_accepts_codes_in_any_case_and_names() -> None:
    rule = ALL_RULES[0]
    assert rule_by_code(rule.code.lower()) is rule
    assert rule_by_code(rule.name) is rule
    assert rule_by_code("CD000") is None


def test_suggestions_for_typos() -> None:
    assert suggest_code("CD9O1") == "CD901"
    assert suggest_code("unused-supression") == "unused-suppression"
    assert suggest_code("completely different") is None


def test_by_family_groups_every_rule_once() -> None:
    families = by_family()
    grouped = sorted(rule.code for rules in families.values() for rule in rules)
    assert grouped == sorted(rule.code for rule in EVERY_RULE)  # site rules too
    assert list(families) == sorted(families)
    assert all(rule.code.startswith(family) for family, rules in families.items()
               for rule in rules)
