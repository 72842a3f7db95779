"""The gate a draft passes before it is written: citations, then the linter.

Statistics the draft uses become ``{{ stat("id") }}`` calls, so the article's Sources
section stays right once the text moves into place. The draft is linted as a reader
will see it (each cited number followed by its citation marker, as ``stat()`` renders in
Markdown) with every selected rule plus CD204 fed the numbers of the data given; each
finding is written into the draft as an HTML comment above the block it concerns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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
    findings: tuple[Finding, ...]  # positions in ``body``; the caller adds its front matter


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


@dataclass(frozen=True)
class Edit:
    """One citation: its span in the text as rendered and in the draft as written."""

    rendered_start: int
    rendered_end: int
    written_start: int
    written_end: int


@dataclass(frozen=True)
class Versions:
    rendered: str  # each citation printed as stat() prints it in Markdown: what is linted
    written: str  # each citation a {{ stat("id") }} call: what is saved
    edits: tuple[Edit, ...]

    def to_written(self, line: int, col: int, *, end: bool = False) -> tuple[int, int]:
        """A 1-based position in ``rendered`` as the same place in ``written`` (one inside a
        citation goes to its start, or to its end when ``end``; the lines are the same)."""
        offset = _offset(self.rendered, line, col)
        shift = 0
        for edit in self.edits:
            if offset < edit.rendered_start:
                break
            if offset < edit.rendered_end:
                return _position(self.written, edit.written_end if end else edit.written_start)
            shift = edit.written_end - edit.rendered_end
        return _position(self.written, offset + shift)


def versions(text: str, citations: Sequence[Citation], page: str) -> Versions:
    ledger = PageLedger(page)
    rendered: list[str] = []
    written: list[str] = []
    edits: list[Edit] = []
    position = 0
    for citation in citations:
        before = text[position:citation.start]
        rendered.append(before)
        written.append(before)
        start = (sum(map(len, rendered)), sum(map(len, written)))
        number = format_statistic(citation.statistic)
        cited = ledger.record(citation.statistic, number)
        rendered.append(number if cited is None else
                        f"{number}[\\[{cited.number}\\]](#source-{cited.number})")
        written.append(f'{{{{ stat("{citation.statistic.id}") }}}}')
        edits.append(Edit(start[0], sum(map(len, rendered)), start[1], sum(map(len, written))))
        position = citation.end
    return Versions("".join([*rendered, text[position:]]), "".join([*written, text[position:]]),
                    tuple(edits))


def _offset(text: str, line: int, col: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + col - 1


def _position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def gate(text: str, statistics: Sequence[Statistic], allowed_numbers: frozenset[str],
         config: Config, page: str, today: date) -> GatedDraft:
    drafted = versions(text, find_citations(text, statistics), page)
    document = read_document(page, drafted.rendered, "markdown")
    rules = select_rules(config.lint.select, config.lint.ignore)
    context = RuleContext(config.lint.thresholds, today, allowed_numbers)
    findings = lint_document(document, rules, context, config.lint.severity)
    return annotate(drafted.written, [_moved(finding, drafted) for finding in findings])


def _moved(finding: Finding, drafted: Versions) -> Finding:
    """``finding`` pointing into the draft as written, with that line as its excerpt."""
    line, col = drafted.to_written(finding.line, finding.col)
    end_line, end_col = drafted.to_written(finding.end_line, finding.end_col, end=True)
    return replace(finding, line=line, col=col, end_line=end_line, end_col=end_col,
                   source_line=drafted.written.split("\n")[line - 1])


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

