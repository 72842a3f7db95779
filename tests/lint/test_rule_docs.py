"""docs/rules.md is generated from the rules' docstrings and must not drift from them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from copydesk.cli import main
from copydesk.lint.registry import BUILTIN_RULES, EVERY_RULE, SITE_RULES
from copydesk.lint.rule_docs import UPDATE_COMMAND, rules_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date() -> None:
    expected = rules_markdown((*BUILTIN_RULES, *SITE_RULES))
    assert DOCS.read_text(encoding="utf-8") == expected, (
        f"docs/rules.md is out of date: run `{UPDATE_COMMAND}`")


def test_the_rules_command_prints_the_reference() -> None:
    run = CliRunner().invoke(main, ["rules", "--format", "markdown"])
    assert run.exit_code == 0
    assert run.output == rules_markdown(EVERY_RULE)


def test_every_rule_has_a_heading_a_table_row_and_its_sections() -> None:
    text = rules_markdown(EVERY_RULE)
    for rule in EVERY_RULE:
        assert f"\n### {rule.code} {rule.name}\n" in text
        assert f"| [{rule.code}](#{rule.code.lower()}-{rule.name}) | `{rule.name}` |" in text
    assert text.count("**Why it matters.**") == len(EVERY_RULE)
    assert f"copydesk has {len(EVERY_RULE)} rules." in text


def test_markup_quoted_in_a_docstring_stays_visible() -> None:
    placeholder = next(rule for rule in EVERY_RULE if rule.code == "CD101")
    entry = rules_markdown([placeholder])
    assert "&lt;insert client name&gt;" in entry
    assert "<insert" not in entry
