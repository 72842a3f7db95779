"""CD502 duplicate-heading, CD505 duplicate-faq-question, CD506 skipped-heading-level."""

from __future__ import annotations

import pytest

from copydesk.lint.document import DocumentKind
from copydesk.lint.rules.structure import normalised
from tests.lint.rules.helpers import RuleExamples, lint_snippet

EXAMPLES: dict[str, RuleExamples] = {
    "CD502": RuleExamples(
        failing=(
            "# Roles in 2026\n\nSome text.\n\n# Roles in 2026\n",
            "## Introduction\n\nSome text.\n\n## introduction!\n",
            "# Roles in 2026\n\n## Roles in 2026\n\nSome text.\n",
            "# Roles in 2026\n\nRoles in 2026\n\nSome text.\n",
            "---\ntitle: Roles in 2026\n---\nRoles in 2026\n\nSome text.\n",
            "## Pay\n\nText.\n\n### Pros\n\nText.\n\n### Pros\n\nText.\n",
        ),
        passing=(
            "## Product A\n\n### Pros\n\nText.\n\n## Product B\n\n### Pros\n\nText.\n",
            "---\ntitle: Roles in 2026\n---\n# Roles in 2026\n\nSome text.\n",
            "## What is MLOps?\n\nText.\n\n## What is MLOps?\n\nText.\n",
            "# Roles\n\nRoles are many and varied, and this is a paragraph about roles.\n",
            "## Roles in 2026\n\nText.\n\n## Roles in 2025\n\nText.\n",
            "# Guide\n\n## Parameters\n\nText.\n\nParameters\n\nMore text.\n",
            "## Pay\n\n### `npm stage publish`\n\n#### Synopsis\n\nText.\n\n"
            "### `npm stage list`\n\n#### Synopsis\n\nText.\n",
            "## 2025: The year of agents\n\nText.\n\n## 2026: The year of agents\n\nText.\n",
            "## Class\n\n### Event: `'close'`\n\nText.\n\n### Event: `'open'`\n\nText.\n",
        ),
    ),
    "CD505": RuleExamples(
        failing=(
            "## What is MLOps?\n\nText.\n\n## What is MLOps?\n\nOther text.\n",
            "**What is MLOps?**\n\nText.\n\n**what is mlops ?**\n\nText.\n",
            "### 1. What is MLOps?\n\nText.\n\n### Q: What is MLOps?\n\nText.\n",
            "## What is MLOps?\n\nText.\n\n- What is MLOps?\n- Who needs it?\n",
        ),
        passing=(
            "## What is MLOps?\n\nText.\n\n## Who needs MLOps?\n\nText.\n",
            "What is MLOps? It is a practice.\n\nWhat is MLOps? Ask anyone here.\n",
            "## What is MLOps?\n\nWhat is MLOps? It is how models reach production.\n",
            "## Why MLOps?\n\nText.\n\n## Why MLOps matters?\n\nText.\n",
            "- [What is MLOps?](#what-is-mlops)\n\n## What is MLOps?\n\nText.\n",
            "## What does `fit` do?\n\nText.\n\n## What does `predict` do?\n\nText.\n",
        ),
    ),
    "CD506": RuleExamples(
        failing=(
            "## Roles\n\nText.\n\n#### MLOps Specialist\n\nText.\n",
            "### A first heading that is too deep\n\nText.\n",
            "# Title\n\n### Section\n\nText.\n",
        ),
        passing=(
            "# Title\n\n## Section\n\n### Part\n\n## Next section\n",
            "## Section\n\n### Part\n\n#### Detail\n\n## Next section\n\n### Part\n",
            "No headings at all, only a paragraph.\n",
        ),
    ),
}


@pytest.mark.parametrize(("text", "expected"), [
    ("What are the emerging AI job titles?", "what are the emerging ai job titles"),
    ("  Q3.  What  is MLOps ?", "what is mlops"),
    ("12) Pay & Perks", "pay perks"),
    ("Quality: what counts", "quality what counts"),
])
def test_normalised_keeps_only_the_wording(text: str, expected: str) -> None:
    assert normalised(text) == expected


def test_duplicate_title_in_plain_text_points_at_the_second_title() -> None:
    text = "Machine Learning Roles in 2026\n\n5\n\nMachine Learning Roles in 2026\n\nBody text.\n"
    [finding] = lint_snippet(text, "CD502", kind="text")
    assert (finding.line, finding.col, finding.end_col) == (5, 1, 31)
    assert "line 1" in finding.message


@pytest.mark.parametrize("title", ["Why hire MLOps specialists now?", "Hiring MLOps specialists"])
def test_a_line_repeating_the_first_heading_is_a_duplicate_title_question_or_not(
        title: str) -> None:
    # The first heading's key is CD502's first key unless it is a question (worked out apart).
    text = f"# {title}\n\n## Pay\n\nText.\n\n{title}\n\nBody text.\n"
    [finding] = lint_snippet(text, "CD502")
    assert (finding.line, finding.col) == (7, 1)
    assert "repeats the title at line 1" in finding.message


def test_duplicate_question_points_at_the_second_asking() -> None:
    text = ("What are the titles for hiring?\n\nAnswer one.\n\n"
            "What are the titles for hiring?\n\nAnswer two.\n")
    [finding] = lint_snippet(text, "CD505", kind="text")
    assert (finding.line, finding.col, finding.end_col) == (5, 1, 32)
    assert "line 1" in finding.message


def test_headings_and_questions_are_judged_on_each_page_alone() -> None:
    """Their wording and whether a text asks one question are remembered across pages
    (a site's headings and FAQ repeat on each): a page repeating a heading or question
    of the page before has no duplicate, one repeating its own has one."""
    once = "## Key takeaways\n\nText.\n\n## Is it paid well?\n\nYes.\n"
    twice = once + "\n## Key takeaways\n\nMore.\n\n## Is it paid well?\n\nStill.\n"
    for _ in range(2):
        assert lint_snippet(once, "CD502") == lint_snippet(once, "CD505") == []
        [heading] = lint_snippet(twice, "CD502")
        [question] = lint_snippet(twice, "CD505")
        assert (heading.line, question.line) == (9, 13)
    assert not lint_snippet("## Is it paid well?\n\n- Is it paid well? Yes\n", "CD505")


def test_skipped_level_names_both_levels() -> None:
    [finding] = lint_snippet("## Roles\n\nText.\n\n#### MLOps Specialist\n", "CD506")
    assert (finding.line, finding.col, finding.end_col) == (5, 6, 22)
    assert "h4 follows h2" in finding.message and "h3" in finding.message


def test_every_skip_is_reported_once() -> None:
    text = "# A\n\n### B\n\n#### C\n\n###### D\n"
    assert [f.line for f in lint_snippet(text, "CD506")] == [3, 7]


@pytest.mark.parametrize(("code", "html", "count"), [
    ("CD502", "<title>Roles</title><h1>Roles</h1><p>Text.</p>", 0),
    ("CD502", "<h1>Roles</h1><p>Text.</p><h1>Roles</h1>", 1),
    ("CD502", "<title>Acme Insights</title><header><a href='/'>Acme Insights</a></header>"
              "<div>Acme Insights</div><h2>Latest</h2><p>Text.</p>", 0),
    ("CD502", "<h1>Roles in 2026</h1><p>Roles in 2026</p><p>Text.</p>", 1),
    ("CD502", "<h2>Events</h2>\n<h3>Event: <code>close</code></h3>\n<p>Text.</p>\n"
              "<h3>Event: <code>open</code></h3>\n", 0),
    ("CD502", "<h2>Events</h2>\n<h3>Event: <code>close</code></h3>\n<p>Text.</p>\n"
              "<h3>Event: <code>close</code></h3>\n", 1),
    ("CD506", "<h1>Roles</h1><h3>Pay</h3><p>Text.</p>", 1),
    ("CD505", "<dl><dt>What is MLOps?</dt><dd>A practice.</dd>"
              "<dt>What is MLOps?</dt><dd>Again.</dd></dl>", 1),
])
def test_html_structure(code: str, html: str, count: int) -> None:
    assert len(lint_snippet(html, code, kind="html")) == count


@pytest.mark.parametrize("kind", ["text", "markdown"])
def test_plain_text_has_no_heading_levels(kind: DocumentKind) -> None:
    text = "A Title Line\n\nA paragraph that ends properly.\n\nAnother Title Line\n"
    assert lint_snippet(text, "CD506", kind=kind) == []
