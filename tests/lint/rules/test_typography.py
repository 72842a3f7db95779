"""CD508 double-space and CD509 straight-quotes: examples, fixes, and CD509's opt-in."""

from __future__ import annotations

import pytest

from copydesk.lint.finding import Fix
from copydesk.lint.registry import select_rules
from tests.lint.rules.helpers import RuleExamples, lint_snippet

EXAMPLES: dict[str, RuleExamples] = {
    "CD508": RuleExamples(
        failing=(
            "Hiring managers  look for depth.\n",
            "The role pays well.  Most offers close in a week.\n",
            "- a list item with  two spaces\n",
            "## A heading  with a gap\n",
        ),
        passing=(
            "One space between every word.\n",
            "    indented  code block\n",
            "Use `a  b` in code.\n",
            "A hard break  \nafter two trailing spaces.\n",
            "| Role  | Pay |\n|---|---|\n| ML  engineer | high |\n",
            "Name    Role\nAnn     Lead engineer\n",
            "---\ntitle: Two  spaces\n---\n\nBody text here.\n",
            "```\nfenced  code\n```\n",
        ),
    ),
    "CD509": RuleExamples(
        failing=(
            'He called it "the best hire we made".\n',
            "It's a fair question.\n",
            "She said 'never' twice.\n",
        ),
        passing=(
            "He called it “the best hire we made”.\n",
            'Use `"quoted"` in code.\n',
            "She is 5'10\" tall.\n",
            '<a href="https://example.com">a link</a> with no quotes.\n',
            '---\ntitle: "Quoted title"\n---\n\nNo quotes in the body.\n',
            '```\nprint("hi")\n```\n',
            'Time to hire fell by {{ stat("time-to-hire") }} this year.\n',
        ),
    ),
}


def only_fix(text: str, code: str) -> Fix:
    findings = lint_snippet(text, code)
    assert len(findings) == 1, findings
    fix = findings[0].fix
    assert fix is not None
    return fix


def test_double_space_fix_replaces_the_run_with_one_space() -> None:
    fix = only_fix("The role pays well.   Most offers close fast.\n", "CD508")
    assert (fix.line, fix.col, fix.end_line, fix.end_col, fix.replacement) == (1, 20, 1, 23, " ")


def test_double_space_next_to_emphasis_is_left_alone() -> None:
    # The run borders masked "**": the source is not plain spaces, so no fix can be exact.
    assert lint_snippet("A **bold**  claim.\n", "CD508") == []


@pytest.mark.parametrize(("text", "expected"), [
    ('He said "yes" today.\n', ["“", "”"]),
    ("Don't stop.\n", ["’"]),
    ("The '90s were loud.\n", ["’"]),
    ("A 'quoted' word.\n", ["‘", "’"]),
    ('("Quoted") inside brackets.\n', ["“", "”"]),
])
def test_straight_quotes_get_their_curly_form(text: str, expected: list[str]) -> None:
    fixes = [finding.fix for finding in lint_snippet(text, "CD509")]
    assert [fix.replacement for fix in fixes if fix] == expected


def test_straight_quotes_in_a_url_or_an_entity_are_left_alone() -> None:
    assert lint_snippet("See https://example.com/?q='x' for more.\n", "CD509") == []
    assert lint_snippet("<p>&quot;x&quot; is fine.</p>\n", "CD509", kind="html") == []


def test_straight_quotes_run_only_when_named_in_full() -> None:
    assert "CD509" not in {rule.code for rule in select_rules(["CD"], [])}
    assert "CD509" not in {rule.code for rule in select_rules(["CD5"], [])}
    assert "CD509" in {rule.code for rule in select_rules(["CD", "CD509"], [])}
    assert "CD509" not in {rule.code for rule in select_rules(["CD509"], ["CD509"])}
    assert "CD508" in {rule.code for rule in select_rules(["CD"], [])}
