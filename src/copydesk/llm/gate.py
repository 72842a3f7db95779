"""The gate a draft passes before it is written: citations, then the linter.

Statistics the draft uses become ``{{ stat("id") }}`` calls, so the article's Sources
section stays right once the text moves into place. The draft is linted as a reader
will see it (each cited number followed by its citation marker, as ``stat()`` renders in
Markdown) with every selected rule plus CD204 fed the numbers of the data given; each
finding is written into the draft as an HTML comment above the block it concerns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from copydesk.config import Config
from copydesk.content.models import Statistic
from copydesk.lint.finding import Finding
from copydesk.lint.readers import read_document
from copydesk.lint.registry import select_rules
from copydesk.lint.rule import RuleContext
from copydesk.lint.rules.grounding import canonical_number, number_mentions
from copydesk.lint.runner import lint_document
from copydesk.render.formatting import CURRENCY_SYMBOLS, format_statistic
from copydesk.render.ledger import PageLedger

_PERCENT_AFTER_RE = re.compile(r"\s?(?:%|percent\b|per cent\b)")
_TIMES_AFTER_RE = re.compile(r"\s?[xX×](?!\w)")


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    statistic: Statistic


@dataclass(frozen=True)
class GatedDraft:
    body: str  # Markdown with stat() calls and one comment per finding
    findings: tuple[Finding, ...]  # positions in ``body`` shifted by the caller's header


def find_citations(text: str, statistics: Sequence[Statistic]) -> list[Citation]:
    """Numbers in ``text`` that are one of ``statistics`` in its unit ("65%", "$220,000")."""
    found: list[Citation] = []
    for mention in number_mentions(text):
        for statistic in statistics:
            if statistic.value is None or mention.values[0] != canonical_number(statistic.value):
                continue
            span = _span_in_unit(text, mention.start, mention.end, statistic.unit)
            if span is not None:
                found.append(Citation(*span, statistic))
                break
    return found


def _span_in_unit(text: str, start: int, end: int, unit: str) -> tuple[int, int] | None:
    if unit == "%":
        after = _PERCENT_AFTER_RE.match(text, end)
        return (start, after.end()) if after else None
    if unit == "x":
        after = _TIMES_AFTER_RE.match(text, end)
        return (start, after.end()) if after else None
    if unit:
        for prefix in (CURRENCY_SYMBOLS.get(unit.upper(), ""), f"{unit.upper()} "):
            if prefix and text[:start].endswith(prefix):
                return start - len(prefix), end
        return None
    in_a_unit = (_PERCENT_AFTER_RE.match(text, end) or _TIMES_AFTER_RE.match(text, end)
                 or text[:start].endswith(tuple(CURRENCY_SYMBOLS.values())))
    return None if in_a_unit else (start, end)


def substitute(text: str, citations: Sequence[Citation],
               replacement: Callable[[Citation], str]) -> str:
    parts: list[str] = []
    position = 0
    for citation in citations:
        parts += [text[position:citation.start], replacement(citation)]
        position = citation.end
    return "".join([*parts, text[position:]])


def stat_call(citation: Citation) -> str:
    return f'{{{{ stat("{citation.statistic.id}") }}}}'


def as_rendered(text: str, citations: Sequence[Citation], page: str) -> str:
    """``text`` with each citation printed the way ``stat()`` prints it in Markdown."""
    ledger = PageLedger(page)

    def marker(citation: Citation) -> str:
        rendered = format_statistic(citation.statistic)
        cited = ledger.record(citation.statistic, rendered)
        return rendered if cited is None else (
            f"{rendered}[\\[{cited.number}\\]](#source-{cited.number})")

    return substitute(text, citations, marker)


def gate(text: str, statistics: Sequence[Statistic], allowed_numbers: frozenset[str],
         config: Config, page: str, today: date) -> GatedDraft:
    citations = find_citations(text, statistics)
    document = read_document(page, as_rendered(text, citations, page), "markdown")
    rules = select_rules(config.lint.select, config.lint.ignore)
    context = RuleContext(config.lint.thresholds, today, allowed_numbers)
    findings = lint_document(document, rules, context, config.lint.severity)
    return annotate(substitute(text, citations, stat_call), findings)


def annotate(body: str, findings: Sequence[Finding]) -> GatedDraft:
    """Put each finding as a comment above the block holding it; shift the findings to match."""
    lines = body.split("\n")
    anchors = {finding: _block_start(lines, finding.line) for finding in findings}
    out: list[str] = []
    shifted: list[Finding] = []
    for number, line in enumerate(lines, start=1):
        for finding in (f for f in findings if anchors[f] == number):
            out.append(f"<!-- copydesk: {finding.code} {finding.name}: "
                       f"{_comment_safe(finding.message)} -->")
        added = len(out) - (number - 1)
        shifted.extend(replace(f, line=f.line + added, end_line=f.end_line + added)
                       for f in findings if anchors[f] == number)
        out.append(line)
    return GatedDraft("\n".join(out), tuple(shifted))


def _block_start(lines: Sequence[str], line: int) -> int:
    """The first line of the block holding 1-based ``line``: a comment there does not
    split a paragraph in two."""
    line = max(1, min(line, len(lines)))
    while line > 1 and lines[line - 2].strip() and not lines[line - 1].lstrip().startswith("#"):
        line -= 1
    return line


def _comment_safe(message: str) -> str:
    return " ".join(message.split()).replace("--", "–")

