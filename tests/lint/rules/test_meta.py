"""Every rule is documented and has failing and passing examples; CD9xx examples.

``EXAMPLES`` tables are collected from every ``tests/lint/rules/test_*.py`` module, so a
new rule without a table fails here, not silently. Site-wide rules' tables are folders
(``SiteExamples``), and this module runs every one of them.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import tests.lint.rules as rule_tests
from copydesk.lint.registry import EVERY_RULE, AnyRule
from copydesk.lint.rule import DOC_SECTIONS
from tests.lint.rules.helpers import (
    RuleExamples,
    SiteExamples,
    lint_site_snippet,
)

EXAMPLES: dict[str, RuleExamples] = {
    "CD901": RuleExamples(
        failing=(
            "<!-- copydesk: ignore -->\nA clean sentence.\n",
            "<!-- copydesk: ignore-file CD9 -->\n\nA clean sentence.\n",
            "A clean sentence.\n\n<!-- copydesk: ignore CD901 -->\n",
        ),
        passing=(
            "A clean sentence.\n",
            "```html\n<!-- copydesk: ignore -->\n```\n\nA clean sentence.\n",
        ),
    ),
    "CD902": RuleExamples(
        failing=(
            "---\ntitle: [unclosed\n---\n\nA sentence.\n",
            "---\n- a list, not a mapping\n---\n\nA sentence.\n",
        ),
        passing=(
            "---\ntitle: Fine\ndate: 2026-01-20\n---\n\nA sentence.\n",
            "No front matter at all.\n",
        ),
    ),
}


def collect_examples() -> dict[str, list[RuleExamples | SiteExamples]]:
    tables: dict[str, list[RuleExamples | SiteExamples]] = {}
    for module_info in pkgutil.iter_modules(rule_tests.__path__):
        if not module_info.name.startswith("test_"):
            continue
        module = importlib.import_module(f"{rule_tests.__name__}.{module_info.name}")
        for code, examples in getattr(module, "EXAMPLES", {}).items():
            tables.setdefault(code, []).append(examples)
    return tables


COLLECTED = collect_examples()
RULE_IDS = [rule.code for rule in EVERY_RULE]


@pytest.mark.parametrize("rule", EVERY_RULE, ids=RULE_IDS)
def test_every_rule_has_failing_and_passing_examples(rule: AnyRule) -> None:
    tables = COLLECTED.get(rule.code, [])
    assert tables, f"{rule.code} has no EXAMPLES entry in tests/lint/rules/test_*.py"
    assert any(table.failing for table in tables), f"{rule.code} has no failing example"
    assert any(table.passing for table in tables), f"{rule.code} has no passing example"


def test_examples_name_registered_rules_only() -> None:
    assert sorted(set(COLLECTED) - set(RULE_IDS)) == []


def test_codes_are_unique_and_well_formed() -> None:
    assert len(set(RULE_IDS)) == len(RULE_IDS)
    for code in RULE_IDS:
        assert re.fullmatch(r"CD\d{3}", code), code


def test_names_are_unique_kebab_case() -> None:
    names = [rule.name for rule in EVERY_RULE]
    assert len(set(names)) == len(names)
    for name in names:
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)+", name), name


@pytest.mark.parametrize("rule", EVERY_RULE, ids=RULE_IDS)
def test_docstring_has_what_why_example(rule: AnyRule) -> None:
    for heading in DOC_SECTIONS:
        assert rule.section(heading), f"{rule.code} docstring lacks a {heading!r} section"


RULE_TABLES = [(code, table) for code, tables in COLLECTED.items() for table in tables
               if isinstance(table, RuleExamples) and not table.own_runner]


@pytest.mark.parametrize(("code", "table", "text"), [
    (code, table, text) for code, table in RULE_TABLES for text in table.failing])
def test_failing_example_is_flagged(code: str, table: RuleExamples, text: str) -> None:
    assert table.lint(text, code), f"{code} missed: {text!r}"


@pytest.mark.parametrize(("code", "table", "text"), [
    (code, table, text) for code, table in RULE_TABLES for text in table.passing])
def test_passing_example_is_quiet(code: str, table: RuleExamples, text: str) -> None:
    findings = table.lint(text, code)
    assert findings == [], f"{code} fired on {text!r}: {[f.message for f in findings]}"


SITE_TABLES = [(code, table) for code, tables in COLLECTED.items() for table in tables
               if isinstance(table, SiteExamples)]


@pytest.mark.parametrize(("code", "files"), [
    (code, files) for code, table in SITE_TABLES for files in table.failing])
def test_site_failing_example_is_flagged(code: str, files: dict[str, str]) -> None:
    assert lint_site_snippet(files, code), f"{code} missed: {sorted(files)}"


@pytest.mark.parametrize(("code", "files"), [
    (code, files) for code, table in SITE_TABLES for files in table.passing])
def test_site_passing_example_is_quiet(code: str, files: dict[str, str]) -> None:
    assert lint_site_snippet(files, code) == []
