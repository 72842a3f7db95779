"""Suppression comments: next line, whole file, prefixes, and unused ones (CD901)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from copydesk.config import Thresholds
from copydesk.lint.document import Document
from copydesk.lint.finding import Finding, Severity
from copydesk.lint.readers import read_document
from copydesk.lint.registry import rule_by_code
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.runner import lint_document
from copydesk.lint.suppressions import parse_suppressions

CONTEXT = RuleContext(Thresholds(), date(2026, 11, 25))

def word_rule(code: str, word: str) -> Rule:
    """A rule that flags every occurrence of ``word``."""
    def check(document: Document, context: RuleContext) -> Iterable[Hit]:
        for block in document.blocks:
            start = block.text.find(word)
            while start >= 0:
                yield Hit(block, start, start + len(word), f"found {word}")
                start = block.text.find(word, start + 1)
    return Rule(code, f"found-{word.lower()}", Severity.ERROR, check)


FOO = word_rule("CD101", "FOO")
BAR = word_rule("CD201", "BAR")
UNUSED = rule_by_code("CD901")


def run(source: str, *rules: Rule, path: str = "post.md") -> list[Finding]:
    assert UNUSED is not None
    return lint_document(read_document(path, source), [*rules, UNUSED], CONTEXT)


def codes_at(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(finding.code, finding.line) for finding in findings]


def test_next_line_suppression_silences_only_the_next_non_blank_line() -> None:
    source = "FOO one.\n\n<!-- copydesk: ignore CD101 -->\n\nFOO two.\n\nFOO three.\n"
    assert codes_at(run(source, FOO)) == [("CD101", 1), ("CD101", 7)]


def test_prefix_and_code_lists() -> None:
    source = "<!-- copydesk: ignore CD1, CD9 -->\nFOO and BAR.\n"
    assert codes_at(run(source, FOO, BAR)) == [("CD201", 2)]
    source = "<!-- copydesk: ignore -->\nFOO and BAR.\n"
    assert run(source, FOO, BAR) == []


def test_file_level_suppression() -> None:
    source = "FOO.\n\nBAR.\n\n<!-- copydesk: ignore-file CD2 -->\n\nBAR again.\n"
    assert codes_at(run(source, FOO, BAR)) == [("CD101", 1)]


def test_unused_suppressions_are_reported_as_cd901() -> None:
    source = "<!-- copydesk: ignore CD101 -->\nClean text.\n\n<!-- copydesk: ignore-file -->\n"
    findings = run(source, FOO)
    assert [(f.code, f.line, f.col, f.severity) for f in findings] == [
        ("CD901", 1, 1, Severity.WARNING), ("CD901", 4, 1, Severity.WARNING)]
    assert "CD101" in findings[0].message and "every rule" in findings[1].message


def test_misspelt_code_is_an_unused_suppression() -> None:
    findings = run("<!-- copydesk: ignore CD1O1 -->\nFOO.\n", FOO)
    assert codes_at(findings) == [("CD901", 1), ("CD101", 2)]


def test_suppression_for_a_rule_that_did_not_run_is_not_reported() -> None:
    assert codes_at(run("<!-- copydesk: ignore CD201 -->\nFOO.\n", FOO)) == [("CD101", 2)]


def test_suppression_at_the_end_of_the_file_applies_to_nothing() -> None:
    assert codes_at(run("FOO.\n\n<!-- copydesk: ignore CD101 -->\n", FOO)) == [
        ("CD101", 1), ("CD901", 3)]


def test_comment_after_text_is_not_a_suppression() -> None:
    assert parse_suppressions(["Text <!-- copydesk: ignore --> more", "next"]) == ()


def test_suppressions_work_in_html_and_text() -> None:
    html = "<p>FOO</p>\n<!-- copydesk: ignore CD101 -->\n<p>FOO</p>\n"
    assert codes_at(run(html, FOO, path="page.html")) == [("CD101", 1)]
    text = "FOO here.\n\n<!-- copydesk: ignore CD101 -->\nFOO here.\n"
    assert codes_at(run(text, FOO, path="post.txt")) == [("CD101", 1)]
