"""Run rules over documents and turn their hits into findings.

PROVISIONAL: ``lint_document`` only; file discovery, configuration and suppressions follow.
"""

from __future__ import annotations

from collections.abc import Iterable

from copydesk.lint.document import Document
from copydesk.lint.finding import Finding
from copydesk.lint.rule import Hit, Rule, RuleContext


def lint_document(document: Document, rules: Iterable[Rule], context: RuleContext) -> list[Finding]:
    findings = [finding_from_hit(document, rule, hit)
                for rule in rules for hit in rule.check(document, context)]
    return sorted(findings)


def finding_from_hit(document: Document, rule: Rule, hit: Hit) -> Finding:
    if hit.block is None:
        line = hit.line or 1
        line_text = document.source_line(line)
        return Finding(document.path, line, 1, line, max(len(line_text), 1) + 1, rule.code,
                       rule.name, rule.severity, hit.message, hit.fix, line_text)
    line, col = hit.block.position(hit.start)
    end_line, end_col = hit.block.position(max(hit.end - 1, hit.start))
    return Finding(document.path, line, col, end_line, end_col + 1, rule.code, rule.name,
                   rule.severity, hit.message, hit.fix, document.source_line(line))
