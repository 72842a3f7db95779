"""CD501 missing-end-punctuation, CD503 stray-artifact-line, CD504 repeated-word."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.config import Thresholds
from copydesk.lint.document import DocumentKind
from copydesk.lint.finding import Finding, Fix, Severity
from copydesk.lint.readers import read_document
from copydesk.lint.registry import select_rules
from copydesk.lint.rule import RuleContext
from copydesk.lint.runner import lint_document
from tests.lint.rules.helpers import TODAY, RuleExamples, lint_snippet

THREE_SENTENCES = "The first paragraph is a sentence.\n\nThe second one is a sentence too.\n\n"

EXAMPLES: dict[str, RuleExamples] = {
    "CD501": RuleExamples(
        failing=(
            THREE_SENTENCES + "The third paragraph has no full stop at its end\n",
            THREE_SENTENCES + "Demand for these roles grew by 30%\n",
            THREE_SENTENCES + "Demand for these roles grew by a third[^1]\n\n[^1]: A survey.\n",
            "- The first item is a sentence.\n- The second item is one too.\n"
            "- The third item lacks its stop\n",
            "Closing quote after the words \"we stop here\"\n\n" + THREE_SENTENCES,
        ),
        passing=(
            THREE_SENTENCES + "The third one ends properly as well.\n",
            THREE_SENTENCES + "These are the steps that we follow every time:\n\n- one\n- two\n",
            THREE_SENTENCES + "[Read the full annual hiring report](https://example.com/r)\n",
            THREE_SENTENCES + "Read the whole story at https://example.com/story\n",
            THREE_SENTENCES + "Key takeaways\n",
            "- Build the data pipeline before anything else\n"
            "- Deploy the models with continuous integration\n"
            "- Monitor drift in production every single day\n"
            "- Retrain them on fresh data every month.\n",
            THREE_SENTENCES + "By Matthew Ferdenzi · 15 January 2026 · 6 min read\n",
            THREE_SENTENCES + "Home › Roles › Generative AI Infrastructure Engineer\n",
            THREE_SENTENCES + "Contact our team today\n",
            THREE_SENTENCES + "Demand for these roles grew by a third.[^1]\n\n[^1]: A survey.\n",
            "<p>The first paragraph is a sentence.</p><p>The second one is a sentence.</p>"
            "<p>Demand for these roles grew by a third.<sup>5</sup></p>",
            THREE_SENTENCES + "To install it on your machine run\n\n```sh\npip install x\n```\n",
            THREE_SENTENCES + "To install it on your machine run\n\n    pip install x\n",
            THREE_SENTENCES + "The retry delay in milliseconds defaults to `500`\n",
            THREE_SENTENCES + "Install it with the package manager via [`npm install`](/npm)\n",
            "<p>The first paragraph is a sentence.</p>\n<p>The second one is a sentence.</p>\n"
            "<p>The retry delay in milliseconds defaults to <code>500</code></p>\n",
            "A single sentence is here today.\n\nAnd another one without its stop\n",
            THREE_SENTENCES + "He told us: \"we are hiring.\"\n",
            THREE_SENTENCES + "Is this the right question to ask?\n",
        ),
    ),
    "CD503": RuleExamples(
        failing=(
            "The first paragraph.\n\n5\n\nThe second paragraph.\n",
            "The first paragraph.\n\n—\n\nThe second paragraph.\n",
            "The first paragraph.\n\n|\n\nThe second paragraph.\n",
            "The first paragraph.\n\n**•**\n\nThe second paragraph.\n",
            "The first paragraph.\n\n12\n\nThe second paragraph.\n",
            "The first paragraph.\n\n...\n\nThe second paragraph.\n",
        ),
        passing=(
            "The first paragraph.\n\n🚀\n\nThe second paragraph.\n",
            "| Role | Openings |\n| --- | --- |\n| MLOps | 5 |\n",
            "- 5\n- 6\n- 7\n",
            "The first paragraph.\n\n---\n\nThe second paragraph.\n",
            "The first paragraph.\n\n5 stars\n\nThe second paragraph.\n",
            "The first paragraph.\n\n2026\n\nThe second paragraph.\n",
            "## Options\n\n### `-c`, `--check`\n\nThe second paragraph.\n",
            "<h2>Options</h2>\n<h3><code>-c</code>, <code>--check</code></h3>\n<p>Text.</p>\n",
            "<p>Text.</p>\n<p><code>Cargo.toml</code>:</p>\n<p>Text.</p>\n",
            "<p>Text.</p><p><em><code>x</code></em> |</p><p>Text.</p>",
            "The first paragraph.\n\n$49\n\nThe second paragraph.\n",
        ),
    ),
    "CD504": RuleExamples(
        failing=(
            "We connect you with the the right people.\n",
            "Go to to the page.\n",
            "The the start of it.\n",
            "We connect you with the\nthe right people.\n",
            "- an item with with a slip\n",
        ),
        passing=(
            "He said that that was fine.\n",
            "By then she had had enough.\n",
            "The final score was 10 10 after extra time.\n",
            "We visited Walla Walla last spring.\n",
            "She played the The The record twice.\n",
            "Bye bye for now.\n",
            "See [the](https://example.com) the link.\n",
            "Mark the **the** as a word.\n",
            "The `the` keyword is not prose.\n",
            "The end of one paragraph is the\n\nthe start of the next one.\n",
        ),
    ),
}


def apply_fix(text: str, fix: Fix) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    start = offsets[fix.line - 1] + fix.col - 1
    end = offsets[fix.end_line - 1] + fix.end_col - 1
    return text[:start] + fix.replacement + text[end:]


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def test_missing_punctuation_points_at_the_last_word_and_inserts_a_full_stop() -> None:
    text = THREE_SENTENCES + "It rules out most candidates before the CV is reviewed\n"
    finding = only(lint_snippet(text, "CD501"))
    assert (finding.line, finding.col, finding.end_col) == (5, 47, 55)
    assert "while 2 of 3 paragraphs here have it" in finding.message
    assert finding.fix is not None
    assert apply_fix(text, finding.fix).splitlines()[4].endswith("CV is reviewed.")


def test_missing_punctuation_compares_list_items_within_their_own_list() -> None:
    # Pooled together, the open-ended items would outnumber the closed ones.
    fragments = ("- Build the data pipeline before anything else\n"
                 "- Deploy the models with continuous integration\n"
                 "- Monitor the drift in production every day\n")
    sentences = ("\nSome text.\n\n1. The first step of the plan is here.\n"
                 "2. The second step of the plan is here.\n")
    text = fragments + sentences + "3. The third step of the plan lacks its stop\n"
    finding = only(lint_snippet(text, "CD501"))
    assert finding.line == 9
    assert "list item" in finding.message


def test_missing_punctuation_in_plain_text_paragraphs() -> None:
    # A short line without a stop is a heading in plain text; a long one is a paragraph.
    text = THREE_SENTENCES + ("Offer acceptance rates improve in parallel, because candidates "
                              "reach the right hiring manager faster and with much less "
                              "friction in between\n")
    finding = only(lint_snippet(text, "CD501", kind="text"))
    assert (finding.line, finding.col, finding.end_col) == (5, 133, 140)


def test_stray_line_is_reported_where_it_stands() -> None:
    finding = only(lint_snippet("A title line\n\n  5\n\nThe first paragraph.\n", "CD503",
                                kind="text"))
    assert (finding.line, finding.col, finding.end_col) == (3, 3, 4)
    assert "'5'" in finding.message


def test_repeated_word_spans_both_words_and_the_fix_deletes_the_second() -> None:
    text = "We connect you with the the right people.\n"
    finding = only(lint_snippet(text, "CD504"))
    assert (finding.line, finding.col, finding.end_line, finding.end_col) == (1, 21, 1, 28)
    assert finding.fix is not None
    assert apply_fix(text, finding.fix) == "We connect you with the right people.\n"


def test_repeated_word_across_a_line_break_fix_joins_the_lines() -> None:
    text = "We connect you with the\n  the right people.\n"
    finding = only(lint_snippet(text, "CD504", kind="text"))
    assert (finding.line, finding.end_line) == (1, 2)
    assert finding.fix is not None
    assert apply_fix(text, finding.fix) == "We connect you with the right people.\n"


def test_repeated_word_keeps_the_case_of_the_text_in_its_message() -> None:
    finding = only(lint_snippet("Go To to the page.\n", "CD504"))
    assert "'to'" in finding.message
    assert finding.col == 4


def test_repeated_word_in_html_is_found_but_not_across_tags() -> None:
    assert lint_snippet("<p>We hire the the best.</p>", "CD504", kind="html")
    assert lint_snippet("<p>We hire the <b>the</b> best.</p>", "CD504", kind="html") == []


FIXTURES = Path(__file__).parents[2] / "fixtures"
CD5_RULES = select_rules(["CD5"], [])  # as `--select CD5` runs them: opt-in CD509 stays off


def cd5_findings(name: str) -> tuple[str, list[Finding]]:
    source = (FIXTURES / name).read_text(encoding="utf-8")
    document = read_document(name, source)
    return source, lint_document(document, CD5_RULES, RuleContext(Thresholds(), TODAY))


def line_of(source: str, needle: str, occurrence: int = 0) -> int:
    lines = [n for n, line in enumerate(source.split("\n"), start=1) if needle in line]
    return lines[occurrence]


@pytest.mark.parametrize("name", ["seed.txt", "seed.md"])
def test_seed_mechanics_defects_are_all_found(name: str) -> None:
    source, findings = cd5_findings(name)
    found = {(f.code, f.line) for f in findings}
    title = "The Most In-Demand Machine Learning Roles in 2026: Managing"
    expected = {
        ("CD501", line_of(source, "before the first CV is reviewed")),
        ("CD501", line_of(source, "one that works in production at scale")),
        ("CD501", line_of(source, "with less friction in between")),
        ("CD502", line_of(source, title, -1)),
        ("CD503", next(n for n, line in enumerate(source.split("\n"), 1) if line == "5")),
        ("CD505", line_of(source, "What are the emerging AI job titles for corporate", 1)),
    }
    assert found == expected


@pytest.mark.parametrize("name", ["seed.txt", "seed.md"])
def test_seed_missing_full_stops_point_at_the_last_word(name: str) -> None:
    source, findings = cd5_findings(name)
    lines = source.split("\n")
    last_words = [lines[f.line - 1][f.col - 1:f.end_col - 1]
                  for f in findings if f.code == "CD501"]
    assert last_words == ["reviewed", "scale", "between"]


def test_well_edited_prose_gives_no_cd5_warning() -> None:
    _, findings = cd5_findings("clean_structure.md")
    assert [f for f in findings if f.severity.rank >= Severity.WARNING.rank] == []


@pytest.mark.parametrize(("last_line", "fixed"), [
    ("It is the difference between the lab and (production at scale)",
     "It is the difference between the lab and (production at scale)."),
    ("It is the difference between the lab and **production at scale**",
     "It is the difference between the lab and **production at scale.**"),
])
def test_full_stop_goes_after_closing_brackets(last_line: str, fixed: str) -> None:
    text = THREE_SENTENCES + last_line + "\n"
    finding = only(lint_snippet(text, "CD501"))
    assert finding.fix is not None
    assert apply_fix(text, finding.fix).splitlines()[-1] == fixed


def test_full_stop_fix_in_html_lands_before_the_closing_tag() -> None:
    html = ("<p>The first paragraph is a sentence.</p>\n<p>The second one is a sentence too.</p>\n"
            "<p>The third one here lacks a full stop at the end</p>\n")
    finding = only(lint_snippet(html, "CD501", kind="html"))
    assert finding.fix is not None
    assert apply_fix(html, finding.fix).splitlines()[-1].endswith("at the end.</p>")


def test_full_stop_fix_in_html_counts_entities_as_source_characters() -> None:
    html = ("<p>The first paragraph is a sentence.</p>\n<p>The second one is a sentence too.</p>\n"
            "<p>The third one is sold by AT&amp;T &amp; lacks a full stop at R&amp;D</p>\n")
    finding = only(lint_snippet(html, "CD501", kind="html"))
    assert finding.fix is not None
    assert apply_fix(html, finding.fix).splitlines()[-1].endswith("at R&amp;D.</p>")


PROSE_PIECES = st.sampled_from(["the", "The", "colour", "color", "organise", "organize", "5",
                                "?", ".", " ", "\n", "\n\n", "## ", "#### ", "- ", "**", "[a](b)",
                                "What is it?", "<p>", "</p>", "<h3>", "&amp;", "—", "é"])


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(), st.lists(PROSE_PIECES).map("".join)),
       st.sampled_from(["markdown", "html", "text"]))
def test_cd5_positions_and_fixes_lie_inside_the_file(text: str, kind: DocumentKind) -> None:
    document = read_document(f"x.{kind}", text, kind)
    line_count = max(len(document.lines), 1)
    for finding in lint_document(document, CD5_RULES, RuleContext(Thresholds(), TODAY)):
        assert 1 <= finding.line <= finding.end_line <= line_count
        if finding.fix is not None:
            fix = finding.fix
            assert 1 <= fix.line <= fix.end_line <= line_count
            assert fix.col <= len(document.source_line(fix.line)) + 1


def test_full_stop_goes_before_a_trailing_footnote_marker() -> None:
    html = ("<p>The first paragraph is a sentence.</p><p>The second one is a sentence.</p>"
            "<p>Demand for these roles grew by a third<sup>5</sup></p>")
    finding = only(lint_snippet(html, "CD501", kind="html"))
    assert "'third'" in finding.message
    assert finding.fix is not None
    assert apply_fix(html, finding.fix).endswith("by a third.<sup>5</sup></p>")
