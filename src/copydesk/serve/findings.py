"""Which findings of a build concern which page.

A page's findings are those on its built file and those on the sources it was made
from: the article or data record it renders (``source``) and the statistic records it
cites (its claims). A source that starts at line 1 is a whole file (an article); a
source further down is one record of a data file, which runs to the next line indented
no deeper than the record's first line. A finding elsewhere under ``content/`` concerns
the page too when the page shows its text (a role's question that an article repeats).

Reports are made when a page is first asked for, its draft mark from its article's front
matter too: a rebuild of a large site does not wait for the overlays of pages nobody
opens.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from copydesk.config import Config
from copydesk.errors import Location
from copydesk.lint.finding import Finding
from copydesk.lint.readers import kind_for, read_document
from copydesk.render.ledger import Claim
from copydesk.site.build import BuildResult
from copydesk.site.urls import PagePath

_WHOLE_FILE = 10**9  # the last line of a span that runs to the end of its file
_CONTEXT = 40  # characters of the line either side of a finding's text
_MIN_QUOTE = 8  # shorter text ("2025") is on many pages and proves nothing
_HIDDEN = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


class _Built(Protocol):
    """What a built page tells about itself and where it came from."""

    @property
    def path(self) -> PagePath: ...

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


class PageReports(Mapping[str, PageReport]):
    """The report of every built page, keyed by its file inside the output folder."""

    def __init__(self, result: BuildResult, config: Config) -> None:
        self._root = config.root
        self._output = result.output_dir
        self._pages = {page.path.file: page for page in result.pages}
        self._by_path: dict[Path, list[Finding]] = defaultdict(list)
        for finding in result.findings:
            self._by_path[_finding_path(finding)].append(finding)
        content = config.content_path.resolve()
        self._quotes = [(_plain(excerpt(finding)[0]), path, finding)
                        for path, findings in self._by_path.items()
                        if path.is_relative_to(content) for finding in findings]
        self._made: dict[str, PageReport] = {}

    def __getitem__(self, name: str) -> PageReport:
        if name not in self._made:  # two threads may both make it: the results are equal
            self._made[name] = self._report(self._pages[name])
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def _report(self, page: _Built) -> PageReport:
        built = (self._output / page.path.file).resolve()
        chosen = {id(finding): finding for finding in self._by_path.get(built, [])}
        spans = _spans(page, self._root)
        for span in spans:
            chosen.update((id(finding), finding) for finding in self._by_path.get(span.path, [])
                          if span.first <= finding.line <= span.last)
        shown = _visible_text(built)
        chosen.update((id(finding), finding) for quote, path, finding in self._quotes
                      if len(quote) >= _MIN_QUOTE and quote in shown
                      and not any(span.path == path for span in spans))
        return PageReport(str(page.source), _is_draft(_source_path(page.source, self._root)),
                          tuple(sorted(chosen.values(), key=_place)))


def page_reports(result: BuildResult, config: Config) -> PageReports:
    """The reports of the pages of ``result``, each made when first asked for."""
    return PageReports(result, config)


def _is_draft(source: Path) -> bool:
    """Whether ``source`` is an article whose front matter says ``draft: true``."""
    if kind_for(source.name) != "markdown":
        return False
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return read_document(str(source), text).front_matter.get("draft") is True


def _place(finding: Finding) -> tuple[int, str, int, int, str]:
    """Errors first, then by file and line: what blocks publishing is read first."""
    return -finding.severity.rank, finding.path, finding.line, finding.col, finding.code


def _visible_text(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    return _plain(html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", text))))


def _plain(text: str) -> str:
    return " ".join(text.split())


def _finding_path(finding: Finding) -> Path:
    # Findings name their file relative to the working folder (lint.runner.display_path).
    return Path(finding.path).resolve()


def _source_path(location: Location, root: Path) -> Path:
    # Pages and claims name their sources relative to the project root (Config.display).
    return (root / location.path).resolve()


@dataclass(frozen=True)
class _Span:
    path: Path
    first: int
    last: int


def _spans(page: _Built, root: Path) -> list[_Span]:
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

    Inline tags in the text are dropped, as a reader sees it; all three are empty when
    the finding is on an element of its own (``<title>``, ``<meta>``): no reader sees it.
    """
    line = finding.source_line
    start = max(finding.col - 1, 0)
    end = finding.end_col - 1 if finding.end_line == finding.line else len(line)
    text = line[start:end].strip()
    if not text or text.startswith("<"):
        return "", "", ""
    return (_reader_text(text), _reader_text(line[max(start - context, 0):start]),
            _reader_text(line[end:end + context]))


def _reader_text(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))
