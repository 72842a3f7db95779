"""Helpers for the per-rule example tables.

Each ``tests/lint/rules/test_<family>.py`` defines ``EXAMPLES: dict[str, RuleExamples]``
mapping a rule code to failing and passing snippets; ``test_meta.py`` checks that every
registered rule has both and runs every snippet (one runner for all families).
Site-wide rules take :class:`SiteExamples`: small folders given as ``{relative path: text}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from copydesk.config import Thresholds
from copydesk.lint.document import DocumentKind
from copydesk.lint.finding import Finding
from copydesk.lint.readers import read_document
from copydesk.lint.registry import SITE_RULES, rule_by_code
from copydesk.lint.rule import RuleContext
from copydesk.lint.runner import lint_document, lint_site
from copydesk.lint.site_rule import Site

TODAY = date(2026, 11, 25)


@dataclass(frozen=True)
class RuleExamples:
    failing: tuple[str, ...]  # each must give at least one finding of the rule
    passing: tuple[str, ...]  # each must give none
    # How the snippets are read: a document kind, or "auto" (HTML when a snippet starts
    # with "<", else Markdown) for tables that mix whole HTML pages and Markdown.
    kind: DocumentKind | Literal["auto"] = "markdown"
    allowed_numbers: frozenset[str] | None = None  # as `copydesk draft` gives them
    # True for rules reported outside ``lint_document`` (the baseline's CD903): the
    # table's own module runs it, the shared runner in test_meta.py does not.
    own_runner: bool = False

    def lint(self, text: str, code: str) -> list[Finding]:
        """Findings of rule ``code`` alone on one of this table's snippets."""
        kind: DocumentKind = self.kind if self.kind != "auto" else (
            "html" if text.lstrip().startswith("<") else "markdown")
        return lint_snippet(text, code, kind, allowed_numbers=self.allowed_numbers)


def lint_snippet(text: str, code: str, kind: DocumentKind = "markdown",
                 thresholds: Thresholds | None = None, today: date = TODAY,
                 allowed_numbers: frozenset[str] | None = None) -> list[Finding]:
    """Findings of rule ``code`` alone on ``text``, read as a document of ``kind``;
    ``allowed_numbers`` as ``copydesk draft`` gives them (None: not a draft)."""
    rule = rule_by_code(code)
    assert rule is not None, f"no rule {code}"
    suffix = {"markdown": "md", "html": "html", "text": "txt"}[kind]
    document = read_document(f"snippet.{suffix}", text, kind)
    context = RuleContext(thresholds or Thresholds(), today, allowed_numbers)
    return [f for f in lint_document(document, [rule], context) if f.code == code]


@dataclass(frozen=True)
class SiteExamples:
    failing: tuple[Mapping[str, str], ...]  # folders {relative path: text}; each must be flagged
    passing: tuple[Mapping[str, str], ...]


def lint_site_snippet(files: Mapping[str, str], code: str,
                      today: date = TODAY) -> list[Finding]:
    """Findings of site rule ``code`` alone on the folder ``files``."""
    rule = next((rule for rule in SITE_RULES if rule.code == code), None)
    assert rule is not None, f"no site rule {code}"
    context = RuleContext(Thresholds(), today)
    return [f for f in lint_site(Site.from_files(files), [rule], context) if f.code == code]
