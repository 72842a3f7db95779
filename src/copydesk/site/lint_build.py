"""The build's lint: the project's sources and every built page, before anything is written.

Sources are the files under ``content/`` as the writer wrote them, linted like
``copydesk check content`` does, so their findings carry the writer's own lines. Article
bodies are Jinja templates, so their ``{{ }}`` would be template residue (CD105): a
project says so with ``per-file-ignores`` (the example does). Built pages are linted
from memory, one by one and then as a site. A page finding whose offending text came
from a statistic (the claims ledger knows its record) or appears in the page's source
file is moved to that file and line; one that repeats a source finding is dropped, so a
problem is reported once, where it can be fixed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from copydesk.config import Config
from copydesk.content.loader import DATA_DIR
from copydesk.errors import Location
from copydesk.lint.cache import LintCache
from copydesk.lint.discovery import relative_to_root
from copydesk.lint.document import Document
from copydesk.lint.finding import Finding, Severity
from copydesk.lint.readers import read_document
from copydesk.lint.registry import SITE_RULES, is_selected, select_rules
from copydesk.lint.rule import Rule, RuleContext
from copydesk.lint.runner import (
    CheckResult,
    check_paths,
    display_path,
    ignored_at,
    ignored_codes,
    lint_document,
    lint_site,
    sort_findings,
)
from copydesk.lint.site_rule import ROBOTS, SITEMAP, Site
from copydesk.site.cache import BuiltPage, PageLint, digest

_MIN_TRACED = 3  # shorter offending text ("5") is found everywhere and proves nothing
_MIN_CONTEXT = 16  # the words before computed text must be this long to identify a line
_FILES_KEPT = 64  # source files the tracer keeps read at once


@dataclass(frozen=True)
class PageLintSettings:
    """What decides a page's own findings, besides its HTML and its path."""

    rules: tuple[Rule, ...]
    context: RuleContext
    severity: Mapping[str, str]
    fingerprint: str  # of the rules, thresholds, today's date, severities and copydesk

    @classmethod
    def of(cls, config: Config) -> PageLintSettings:
        lint = config.lint
        rules = tuple(select_rules(lint.select, lint.ignore))
        context = RuleContext(lint.thresholds, date.today())
        return cls(rules, context, lint.severity,
                   LintCache.for_run(config.root, rules, context, lint.severity).fingerprint)


class SiteFiles:
    """How files of the output folder are shown in findings and which codes
    ``per-file-ignores`` turns off for them, without resolving each path: a site has
    thousands of files, and a path resolution costs a system call per folder."""

    def __init__(self, config: Config) -> None:
        self.config = config
        shown = display_path(config.output_path)
        self._shown = "" if shown == "." else f"{shown}/"
        self._relative = relative_to_root(config.output_path, config)

    def display(self, name: str) -> str:
        return self._shown + name

    def ignored(self, name: str) -> tuple[str, ...]:
        return ignored_at(f"{self._relative}/{name}", self.config)


def lint_page(files: SiteFiles, name: str, html: str, settings: PageLintSettings) -> PageLint:
    """The findings of one built page (``name`` inside the output folder), before tracing."""
    off = files.ignored(name)
    document = read_document(files.display(name), html)
    findings = lint_document(document, [rule for rule in settings.rules
                                        if not rule.code.startswith(off)],
                             settings.context, settings.severity)
    return PageLint(page_lint_key(files, name, settings), tuple(findings), slim(document))


def page_lint_key(files: SiteFiles, name: str, settings: PageLintSettings) -> str:
    """The lint a cached page's findings were made under; another one lints it again."""
    return digest(settings.fingerprint, files.display(name), files.ignored(name))


def slim(document: Document) -> Document:
    """The document as the site-wide rules read it: title, description, canonical, meta,
    links and anchors, suppressions, and the lines those point at (other lines blank; no
    blocks, JSON-LD, images or times, which only per-page rules read). The whole of
    10,000 pages would not fit the build's memory budget."""
    page = document.page
    if page is None:
        return replace(document, blocks=())
    keep = {1, page.title_line, page.description_line, *page.meta_lines.values(),
            *(link.line for link in page.links)}
    lines = document.lines
    source = "".join((line if number in keep else "") + "\n"
                     for number, line in enumerate(lines, start=1))
    return replace(document, source=source, blocks=(),
                   page=replace(page, json_ld=(), images=(), times=()))


def lint_build(config: Config, pages: Sequence[BuiltPage], texts: Mapping[str, str], *,
               jobs: int | None = 1, cache: bool = False) -> CheckResult:
    """Findings on the sources under content/ and on the built pages and ``texts`` (the
    site's other files, path -> text), from each page's own lint and the site-wide rules."""
    sources = (check_paths([config.content_path], config, jobs=jobs, cache=cache)
               if config.content_path.is_dir() else CheckResult((), (), ()))
    files = SiteFiles(config)
    built = [finding for page in pages for finding in page.lint.findings]
    built.extend(_lint_site(config, files, pages, texts))
    tracer = _Tracer(config, files, pages)
    seen = {(f.path, f.line, f.code) for f in sources.findings}
    kept = list(sources.findings)

    @functools.cache
    def ignored_in_source(path: str) -> tuple[str, ...]:
        return ignored_codes(Path(path), config)

    for finding in built:
        traced = tracer.trace(finding)
        key = (traced.path, traced.line, traced.code)
        # A finding moved to a source obeys that file's per-file-ignores too.
        if key in seen or (traced is not finding
                           and traced.code.startswith(ignored_in_source(traced.path))):
            continue
        seen.add(key)
        kept.append(traced)
    shown = (*sources.files, *(files.display(page.path.file) for page in pages))
    return CheckResult(tuple(sort_findings(kept)), shown, sources.rules)


def _lint_site(config: Config, files: SiteFiles, pages: Sequence[BuiltPage],
               texts: Mapping[str, str]) -> list[Finding]:
    lint = config.lint
    documents = {page.path.file: page.lint.document for page in pages}
    site = Site(documents, frozenset((*documents, *texts)),
                {name: texts[name] for name in (SITEMAP, ROBOTS) if name in texts})
    site_rules = [rule for rule in SITE_RULES if is_selected(rule.code, lint.select, lint.ignore)]
    return lint_site(site, site_rules, RuleContext(lint.thresholds, date.today()),
                     lint.severity, display=files.display, ignored=files.ignored)


def _offending(finding: Finding) -> str:
    end = finding.end_col - 1 if finding.end_line == finding.line else len(finding.source_line)
    return finding.source_line[finding.col - 1:end].strip()


class _Tracer:
    """Moves page findings to the source file and line their text came from, when known.

    A page's own source is searched first, then the data files, whose text templates pull
    in (once per text a build looks for: the answer is the same for every page). Other
    articles are not searched: no page takes its text from another article's file but the
    index, whose findings stay on the index; and searching 10,000 files for every text
    would make a build quadratic in its size.
    """

    def __init__(self, config: Config, files: SiteFiles, pages: Sequence[BuiltPage]) -> None:
        self.config = config
        self.pages = {files.display(page.path.file): page for page in pages}
        data = config.content_path / DATA_DIR
        self.data = ([str(path) for path in sorted(data.rglob("*")) if path.is_file()]
                     if data.is_dir() else [])
        # Bounded: the data files stay (they are searched for every page), the pages'
        # own sources pass through; 10,000 articles need not all be in memory at once.
        self.text = functools.lru_cache(maxsize=_FILES_KEPT)(_read_text)
        self.lines = functools.lru_cache(maxsize=_FILES_KEPT)(self._split)
        self._in_data: dict[str, Location | None] = {}
        self._paths: dict[str, str] = {}
        self._display: dict[str, str] = {}

    def trace(self, finding: Finding) -> Finding:
        page = self.pages.get(finding.path)
        text = _offending(finding)
        if page is None or len(text) < _MIN_TRACED or "<" in text:
            return finding
        claim = next((claim for claim in page.claims if text in claim.rendered), None)
        if claim is not None:
            return self._moved(finding, claim.data, text)
        own = self._path(page.source.path)
        # Text a template computed (a formatted salary) is in no file: the words before are.
        before = finding.source_line[:finding.col - 1].rsplit(">", 1)[-1].strip()
        for needle in (text, before if len(before) >= _MIN_CONTEXT else ""):
            found = (self._find(own, needle, page.source.line) or self._find_in_data(needle)
                     if needle else None)
            if found is not None and needle == text:
                return self._moved(finding, found, text)
            if found is not None:  # just after the words that precede it
                return self._moved(finding, replace(found, col=found.col + len(needle) + 1), "")
        return finding

    def _path(self, name: str) -> str:
        if name not in self._paths:
            path = Path(name)
            self._paths[name] = str(path if path.is_absolute() else self.config.root / path)
        return self._paths[name]

    def _split(self, path: str) -> list[str]:
        return self.text(path).splitlines()

    def _find(self, path: str, text: str, from_line: int) -> Location | None:
        """The first place at or after ``from_line`` where ``text`` appears in ``path``."""
        if text not in self.text(path):
            return None
        lines = self.lines(path)
        start = min(max(from_line, 1), len(lines) + 1)  # a record line may be past a short file
        for number in (*range(start, len(lines) + 1), *range(1, start)):
            col = lines[number - 1].find(text)
            if col >= 0:
                return Location(path, number, col + 1)
        return None

    def _find_in_data(self, text: str) -> Location | None:
        if text not in self._in_data:
            self._in_data[text] = next((found for path in self.data
                                         if (found := self._find(path, text, 1)) is not None),
                                        None)
        return self._in_data[text]

    def _moved(self, finding: Finding, where: Location, text: str) -> Finding:
        source = self._path(where.path)
        lines = self.lines(source)
        line = lines[where.line - 1] if 0 < where.line <= len(lines) else ""
        col = where.col or max(line.find(text), 0) + 1
        end_col = col + len(text) if text and text in line else len(line) + 1
        if source not in self._display:
            self._display[source] = display_path(Path(source))
        return replace(finding, path=self._display[source], line=where.line, col=col,
                       end_line=where.line, end_col=max(end_col, col + 1), fix=None,
                       source_line=line)


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def worst_files(findings: Iterable[Finding], count: int = 3) -> list[tuple[str, int, int]]:
    """(path, errors, warnings) of the files with the most errors, then warnings."""
    tally: dict[str, list[int]] = {}
    for finding in findings:
        row = tally.setdefault(finding.path, [0, 0])
        if finding.severity == Severity.ERROR:
            row[0] += 1
        elif finding.severity == Severity.WARNING:
            row[1] += 1
    ranked = sorted(tally.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    return [(path, errors, warnings) for path, (errors, warnings) in ranked[:count]
            if errors or warnings]


def lint_summary(findings: Sequence[Finding]) -> str:
    """One line of counts by severity, and the files with the most errors and warnings."""
    if not findings:
        return "lint: no findings"
    counts = ", ".join(f"{sum(1 for f in findings if f.severity == severity)} {severity.value}s"
                       for severity in Severity)
    worst = "; ".join(f"{path} ({errors} errors, {warnings} warnings)"
                      for path, errors, warnings in worst_files(findings))
    return (f"lint: {len(findings)} findings ({counts}); most in: {worst}; "
            "run `copydesk check` for every finding")
