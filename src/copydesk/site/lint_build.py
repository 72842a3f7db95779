"""The build's lint: every built page, the sources no page was made from, before anything
is written.

A published article is linted once, as its built page: the page holds everything a reader
sees (data a template loop printed, ``stat()`` values, FAQ answers). Each page is linted
from memory where it is rendered (:func:`lint_page`), then the site's pages as a whole.
A page finding whose text came from a source file (``site.tracing``) is moved there and
obeys that file's ``per-file-ignores`` and suppression comments; a suppression that
silences nothing is reported (CD901), as ``copydesk check`` would. A problem shown on two
pages but coming from one line is reported once, where it can be fixed. The other files
under ``content/`` (drafts, future-dated articles, notes) are linted as
``copydesk check content`` does. Front matter problems never get this far: the content
loader stops the build on them.

The traced findings of a page are kept with it in the build cache: a rebuild traces only
the pages it rendered (or whose source files changed, ``site.trace_reuse``), and runs the
site-wide rules on the pages its changes reach (``site.site_lint``). The report is made
from each page's part (``site.lint_parts``, ``site.page_parts``), so a rebuild reads the
findings of the pages it traces again only, and of a page kept as it was nothing from
the build cache; the whole lint is made when asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter

from copydesk.config import Config
from copydesk.lint.cache import LintCache
from copydesk.lint.discovery import discover, discovered_in, relative_to_root
from copydesk.lint.finding import Finding
from copydesk.lint.readers import read_document
from copydesk.lint.registry import select_rules
from copydesk.lint.rule import Rule, RuleContext
from copydesk.lint.runner import (
    check_paths,
    display_path,
    ignored_at,
    lint_document,
    sort_findings,
)
from copydesk.lint.site_facts import facts_of
from copydesk.site.cache import BuiltPage, PageLint, digest
from copydesk.site.data_changes import keep, load_kept
from copydesk.site.lint_parts import (
    LazyFindings,
    LintReport,
    file_reports,
    lint_report,
    summary,
)
from copydesk.site.noop import FOLDER, output_key
from copydesk.site.page_parts import PageParts, site_shared
from copydesk.site.site_lint import KeptPart, site_rules
from copydesk.site.trace_reuse import site_still_valid, traced_pages, traced_site
from copydesk.site.tracing import Tracer


@dataclass(frozen=True)
class BuildLint:
    findings: Sequence[Finding]  # sorted by path, line, column; made on first use
    pages: tuple[BuiltPage, ...]  # the build's pages with their traced findings, to cache
    traced_against: str  # the data files' stamp those traces hold for (Tracer.data_stamp)
    report: LintReport  # what the build prints of it
    indexed: str = ""  # names the site-wide rules' index kept for the next build (site_lint)


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
        self._ignored: dict[str, tuple[str, ...]] = {}

    def display(self, name: str) -> str:
        return self._shown + name

    def ignored(self, name: str) -> tuple[str, ...]:
        if name not in self._ignored:  # asked again for every site-wide hit on the page
            self._ignored[name] = ignored_at(f"{self._relative}/{name}", self.config)
        return self._ignored[name]


def lint_page(files: SiteFiles, name: str, html: str, settings: PageLintSettings) -> PageLint:
    """The findings of one built page (``name`` inside the output folder), before tracing."""
    off = files.ignored(name)
    document = read_document(files.display(name), html)
    findings = lint_document(document, [rule for rule in settings.rules
                                        if not rule.code.startswith(off)],
                             settings.context, settings.severity)
    return PageLint(page_lint_key(files, name, settings), tuple(findings), facts_of(document))


def page_lint_key(files: SiteFiles, name: str, settings: PageLintSettings) -> str:
    """The lint a cached page's findings were made under; another one lints it again."""
    return digest(settings.fingerprint, files.display(name), files.ignored(name))


def lint_build(config: Config, pages: Sequence[BuiltPage], texts: Mapping[str, str], *,
               jobs: int | None = 1, cache: bool = False, traced_against: str = "",
               listing: Iterable[str] | None = None, indexed: str = "") -> BuildLint:
    """Findings on the built pages and ``texts`` (the site's other files, path -> text), from
    each page's own lint and the site-wide rules, traced to their sources; and on the files
    under content/ that no page was made from. ``traced_against``: the previous build's
    :attr:`BuildLint.traced_against`, which the pages' cached traces hold for; ``listing``:
    every file under content/ (``noop.Inputs.stamps``), when the caller walked it;
    ``indexed``: the previous build's :attr:`BuildLint.indexed`.

    The report is made from each page's :class:`~copydesk.site.lint_parts.PageReport`: a
    page traced again, or whose site-wide findings changed, makes its part again; the
    others' parts are kept, and only their findings on shared files are merged again."""
    sources = _lint_sources(config, pages, listing, jobs=jobs, cache=cache)
    files = SiteFiles(config)
    kept_data = config.root / FOLDER / f"traced-data-{output_key(config.output_path)}.pickle"
    tracer = Tracer(config, {files.display(page.path.file): page for page in pages},
                    traced_against, load_kept(kept_data, traced_against) if cache else None)
    given = pages
    rules = site_rules(config, files, pages, texts, cache=cache, token=indexed)
    # A page as the previous build kept it: its trace key and report are in the rules'
    # state, and are not decoded from the build cache.
    kept = [rules.kept(page) for page in pages]
    pages = traced_pages(tracer, pages, [(part[1], part[2]) if part else None for part in kept])
    parts = PageParts(config, tracer, files, pages, {finding.path for finding in sources})
    reports = [part[3] if part else page.lint.report for page, part in zip(pages, kept,
                                                                          strict=True)]
    # The pages whose site-wide findings are made again: those the rules' changes reach,
    # those traced again, those whose part is made again, and after a data edit those
    # whose site-wide findings were traced through a text the data no longer has there.
    again = None if rules.reached is None else {
        number for number, (page, report) in enumerate(zip(pages, reports, strict=True))
        if page.path.file in rules.reached or page is not given[number]
        or report is None or report.paths != parts.paths[number]
        or (((part := kept[number]) is None or part[2]) and not site_still_valid(tracer, page))}
    site, pages = traced_site(tracer, pages, rules.findings(
        config, files, None if again is None else (pages[number].path.file for number in again)),
        again)
    on_page: dict[int, list[Finding]] = {}
    for number, finding in site:
        if number is not None:
            on_page.setdefault(number, []).append(finding)
    fresh: dict[int, list[Finding]] = {}
    kept_pages: list[BuiltPage] = []
    for number, page in enumerate(pages):
        report = reports[number]
        if page is not given[number] or report is None or report.paths != parts.paths[number]:
            fresh[number], reports[number] = parts.make(number, on_page.get(number, ()))
            page = replace(page, lint=replace(page.lint, report=reports[number]))
            kept[number] = None
        kept_pages.append(page)
    pages = tuple(kept_pages)
    made = [report for report in reports if report is not None]
    shared = parts.shared(sources, pages, made, site_shared(files, pages, made, rules.outer))
    indexed = rules.keep([part or _part(page) for page, part in zip(pages, kept, strict=True)])
    files_reported = sorted((*(file for report in made for file in report.files),
                             *file_reports(shared)), key=attrgetter("path"))

    if cache and tracer.data_stamp != traced_against:
        keep(kept_data, tracer.data_stamp, tracer.data_texts())

    def whole() -> tuple[Finding, ...]:
        others = [number for number in range(len(pages)) if number not in fresh]
        site, _ = traced_site(tracer, pages, rules.findings(
            config, files, (pages[number].path.file for number in others)), set(others))
        on_page: dict[int, list[Finding]] = {}
        for number, finding in site:
            if number is not None:
                on_page.setdefault(number, []).append(finding)
        mine = (finding for number in range(len(pages)) for finding in
                (fresh[number] if number in fresh
                 else parts.make(number, on_page.get(number, ()))[0]))
        return tuple(sort_findings((*mine, *shared)))

    return BuildLint(LazyFindings(whole), pages, tracer.data_stamp,
                     lint_report(files_reported), indexed)


def _part(page: BuiltPage) -> KeptPart:
    """What the next build reads of a page the build cache keeps as it was (site_lint)."""
    trace, report = page.lint.trace, page.lint.report
    assert trace is not None and report is not None  # lint_build set both
    searched = bool(trace.data) or any(texts for _, (_, _, texts) in trace.site)
    return page.stamp, trace.key, searched, report


def _lint_sources(config: Config, pages: Sequence[BuiltPage], listing: Iterable[str] | None,
                  *, jobs: int | None, cache: bool) -> tuple[Finding, ...]:
    """Findings on the files under content/ that are not the source of a built page;
    ``listing``: the files under it, when known (a walk of 10,000 files is not repeated)."""
    if not config.content_path.is_dir():
        return ()
    # Joined as strings: a Path per page was most of the time here at 10,000 pages (the
    # sources' paths are as Path writes them, and as the listing's walk found them).
    root = str(config.root)
    built = {os.path.join(root, source) for source in {page.source.path for page in pages}}
    if listing is None:
        left = [path for path in discover([config.content_path], config)
                if str(path) not in built]
    else:
        left = discovered_in(config.content_path, [file for file in listing if file not in built],
                             config)
    return check_paths(left, config, jobs=jobs, cache=cache).findings if left else ()


def lint_summary(findings: Iterable[Finding]) -> str:
    """One line of counts by severity, and the files with the most errors and warnings."""
    return summary(file_reports(findings, printed=False))
