"""Which findings of a build concern which page.

A page's findings are those on its built file and those on the sources it was made
from: the article or data record it renders (``Page.source``) and the statistic records
it cites (its claims). A source that starts at line 1 is a whole file (an article); a
source further down is one record of a data file, which runs to the next line indented
no deeper than the record's first line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from copydesk.config import Config
from copydesk.errors import Location
from copydesk.lint.finding import Finding
from copydesk.render.ledger import Claim
from copydesk.site.build import BuildResult

_WHOLE_FILE = 10**9  # the last line of a span that runs to the end of its file
_CONTEXT = 40  # characters of the line either side of a finding's text


class _Sourced(Protocol):
    """What a built page tells about where it came from."""

    @property
    def source(self) -> Location: ...

    @property
    def claims(self) -> tuple[Claim, ...]: ...


@dataclass(frozen=True)
class PageReport:
    """What the overlay of one page shows."""

    source: str  # the page's source as file:line
    draft: bool
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class _Span:
    path: Path
    first: int
    last: int

    def holds(self, path: Path, line: int) -> bool:
        return path == self.path and self.first <= line <= self.last


def page_reports(result: BuildResult, config: Config,
                 drafts: Iterable[Path] = ()) -> dict[str, PageReport]:
    """The report of every built page, keyed by its file inside the output folder.

    ``drafts`` are the resolved paths of the articles marked as drafts.
    """
    draft_files = {path.resolve() for path in drafts}
    located = [(_finding_path(finding), finding) for finding in result.findings]
    reports: dict[str, PageReport] = {}
    for page in result.pages:
        built = (result.output_dir / page.path.file).resolve()
        spans = _spans(page, config.root)
        findings = tuple(finding for path, finding in located
                         if path == built or any(span.holds(path, finding.line)
                                                 for span in spans))
        source = _source_path(page.source, config.root)
        reports[page.path.file] = PageReport(str(page.source), source in draft_files, findings)
    return reports


def _finding_path(finding: Finding) -> Path:
    # Findings name their file relative to the working folder (lint.runner.display_path).
    return Path(finding.path).resolve()


def _source_path(location: Location, root: Path) -> Path:
    # Pages and claims name their sources relative to the project root (Config.display).
    return (root / location.path).resolve()


def _spans(page: _Sourced, root: Path) -> list[_Span]:
    lines: dict[Path, list[str]] = {}
    spans = []
    for location in (page.source, *(claim.data for claim in page.claims)):
        path = _source_path(location, root)
        if location.line <= 1:
            spans.append(_Span(path, 1, _WHOLE_FILE))
            continue
        if path not in lines:
            lines[path] = _read_lines(path)
        spans.append(_Span(path, location.line, record_end(lines[path], location.line)))
    return spans


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def record_end(lines: Sequence[str], first: int) -> int:
    """The last line of the YAML record that starts on line ``first`` (1-based)."""
    if not 0 < first <= len(lines):
        return first
    indent = _indent(lines[first - 1])
    last = first
    for number in range(first + 1, len(lines) + 1):
        text = lines[number - 1]
        if _indent(text) > indent and text.strip():
            last = number  # deeper lines are the record's, a "#" in a block of text too
        elif text.strip() and not text.lstrip().startswith("#"):
            break
    return last


def _indent(line: str) -> int:
    # A record's own lines, a list item's keys included, sit deeper than its first line.
    return len(line) - len(line.lstrip(" "))


def overlay_payload(report: PageReport | None, build: int, root: Path) -> Mapping[str, object]:
    """The JSON the overlay script reads: the page's findings, its source, draft or not.

    Paths are shown relative to the project ``root``; each finding carries the text it
    concerns and a little of its line either side, to tell repeated text apart.
    """
    if report is None:
        return {"build": build, "draft": False, "source": "", "findings": []}
    findings = []
    for finding in report.findings:
        text, before, after = excerpt(finding)
        path = Path(finding.path).resolve()
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else finding.path
        findings.append({
            "code": finding.code, "name": finding.name, "severity": finding.severity.value,
            "message": finding.message, "where": str(Location(shown, finding.line, finding.col)),
            "text": text, "before": before, "after": after,
        })
    return {"build": build, "draft": report.draft, "source": report.source,
            "findings": findings}


def excerpt(finding: Finding, context: int = _CONTEXT) -> tuple[str, str, str]:
    """(the text a finding concerns, up to ``context`` characters before it, and after).

    All three are empty when the text is markup, which no reader sees on the page.
    """
    line = finding.source_line
    start = max(finding.col - 1, 0)
    end = finding.end_col - 1 if finding.end_line == finding.line else len(line)
    text = line[start:end].strip()
    if not text or "<" in text:
        return "", "", ""
    return text, line[max(start - context, 0):start], line[end:end + context]
