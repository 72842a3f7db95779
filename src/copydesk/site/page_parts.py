"""Each page's part of the build's lint (``lint_parts``), made and merged.

A page's part is its findings on the files only it reports on (its file in the site, its
own source unless a data file), found, suppressed and reduced to one a line; the findings
on files several pages share (the data files, sitemap.xml) are merged from every part on
each build. See ``lint_build``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from pathlib import Path
from typing import TYPE_CHECKING

from copydesk.config import Config
from copydesk.lint.document import Document
from copydesk.lint.finding import Finding, Severity
from copydesk.lint.registry import select_rules
from copydesk.lint.rule import Rule
from copydesk.lint.runner import ignored_codes, sort_findings, suppress
from copydesk.site.cache import BuiltPage, TracedLint
from copydesk.site.lint_parts import (
    FileReport,
    OwnReport,
    PageReport,
    file_reports,
    with_shared_half,
)
from copydesk.site.tracing import Tracer

if TYPE_CHECKING:  # it makes the parts
    from copydesk.site.lint_build import SiteFiles


def site_shared(files: SiteFiles, pages: Sequence[BuiltPage], reports: Sequence[PageReport],
                 outer: Sequence[Finding]) -> list[Finding]:
    """The site-wide findings on files several parts report on (sitemap.xml, robots.txt,
    the data files), in the order of the findings before they were traced: by the file
    they were found on, then as each page's part keeps them."""
    found: dict[str, list[Finding]] = {}
    for finding in outer:
        found.setdefault(finding.path, []).append(finding)
    for page, report in zip(pages, reports, strict=True):
        if report.site_shared:
            found[files.display(page.path.file)] = list(report.site_shared)
    return [finding for path in sorted(found) for finding in found[path]]


class PageParts:
    """Each page's part of the build's lint (``lint_parts``): its findings on the files
    only it reports on (its file in the site, its own source unless a data file), found,
    suppressed and reduced to one a line apart from every other page's."""

    def __init__(self, config: Config, tracer: Tracer, files: SiteFiles,
                 pages: Sequence[BuiltPage], taken: Set[str]) -> None:
        """``taken``: the files the lint of the other sources reports on."""
        self.config = config
        self.tracer = tracer
        self.files = files
        self.pages = pages
        self.rules = select_rules(config.lint.select, config.lint.ignore)
        made_from = Counter(page.source.path for page in pages)
        self._not_own = frozenset(source for source, count in made_from.items() if count > 1)
        self._data = tracer.shown_data()
        self._taken = frozenset(taken)
        self._paths: dict[int, tuple[str, ...]] = {}

    @property
    def context(self) -> tuple[object, ...]:
        """What every page's :meth:`paths` are made from besides its file and source: a
        page kept as it was reports on the paths it did while this is the same."""
        return (self._not_own, self._data, self._taken, self.files.display(""),
                self.tracer.shown_root)

    def paths(self, number: int) -> tuple[str, ...]:
        """The files only page ``number`` reports on: its file in the site, and its source
        when no other page is made from it, unless a data file or another source's."""
        if number not in self._paths:
            page = self.pages[number]
            own = [self.files.display(page.path.file)]
            if page.source.path not in self._not_own:
                own.append(self.tracer.shown_source(page))
            self._paths[number] = tuple(path for path in own
                                        if path not in self._data and path not in self._taken)
        return self._paths[number]

    def make(self, number: int, site: Sequence[Finding]) -> tuple[list[Finding], PageReport]:
        """The page's findings on its own files, sorted, and its part of the report."""
        page = self.pages[number]
        # None: the cache lost it (copydesk.site.snapshot_store), so trace the page again.
        traced = page.lint.traced or self.tracer.traced(page)[1]
        return _part_of(self.paths(number), traced, site, self._suppressed)

    def report(self, number: int, site: Sequence[Finding]) -> PageReport:
        """The page's part of the report, as :meth:`make` gives it: from the part made
        where the page was linted (:class:`OwnReport`) when it has one for its paths, with
        ``site`` (its site-wide findings) counted in; else made whole."""
        own = own_report_of(self.pages[number])
        if own is not None:
            report, codes = own.unpacked()
            whole = with_site(report, codes, site) if report.paths == self.paths(number) else None
            if whole is not None:
                return whole
        return self.make(number, site)[1]

    def _suppressed(self, document: Document, found: Sequence[Finding]) -> list[Finding]:
        return suppressed(self.config, self.rules, {document.path: document}, found)

    def shared(self, sources: Sequence[Finding], pages: Sequence[BuiltPage],
               reports: Sequence[PageReport], site: Iterable[Finding]) -> list[Finding]:
        """The findings on files several parts report on (data files, sitemap.xml, the
        other sources), sorted: those of the other sources first, then one a line;
        ``reports``: the pages' parts."""
        found = [finding for report in reports for finding in report.shared]
        found.extend(site)
        documents = {traced.suppressions.path: traced.suppressions
                     for page, report in zip(pages, reports, strict=True)
                     if report.suppresses_shared and (traced := page.lint.traced) is not None
                     and traced.suppressions is not None}
        found = suppressed(self.config, self.rules, documents, found)
        seen = {(finding.path, finding.line, finding.code) for finding in sources}
        return sort_findings((*sources, *one_a_line(found, seen)))


def own_report(paths: tuple[str, ...], traced: TracedLint) -> OwnReport | None:
    """The part of a page whose traced findings are ``traced`` and whose own files are
    ``paths``, before its site-wide findings are known; None when its source's suppression
    comments may silence some of those (then the part is made with them)."""
    document = traced.suppressions
    if document is not None and document.path in paths:
        return None
    kept, report = _part_of(paths, traced, (), None)
    return OwnReport.of(report, frozenset(finding.code for finding in kept))


def own_report_of(page: BuiltPage) -> OwnReport | None:
    """The page's :class:`OwnReport`, if its lint holds one (read from the lint's fields:
    a page from the build cache does not unpickle its report here)."""
    report = page.lint.__dict__.get("report")
    return report if isinstance(report, OwnReport) else None


def with_site(own: PageReport, codes: frozenset[str], site: Sequence[Finding]
              ) -> PageReport | None:
    """The whole part of the page whose part of its own findings is ``own`` (``codes``:
    theirs on its own files, see :class:`OwnReport`), its site-wide findings being ``site``:
    as :meth:`PageParts.make` makes it, whose found, suppressed and sorted findings on the
    page's own files are its own and those of ``site`` on them. None when that needs the
    findings themselves: one of ``site`` on its own files is an error (the report prints
    each error, in order) or has one of ``codes`` (one a line keeps the first)."""
    private = own.paths
    mine = one_a_line((finding for finding in site if finding.path in private), set())
    # Each value made by its class, not by replace() or _replace() (which read every field
    # by name): this runs for each page of a build, on the page's few site-wide findings.
    if not mine:
        return with_shared_half(PageReport(private, own.files, own.shared,
                                           own.suppresses_shared, tuple(site)), own)
    files = {file.path: file for file in own.files}
    for finding in mine:
        if finding.severity == Severity.ERROR or finding.code in codes:
            return None
        file = files.get(finding.path) or FileReport(finding.path, 0, 0, 0, ())
        warning = finding.severity == Severity.WARNING
        files[finding.path] = FileReport(file.path, file.errors, file.warnings + warning,
                                         file.infos + (not warning), file.lines)
    # The files report in the order of their first finding, which sorts by path first.
    return with_shared_half(PageReport(
        private, tuple(files[path] for path in sorted(files)), own.shared,
        own.suppresses_shared, tuple(finding for finding in site if finding.path not in private)),
        own)


def _part_of(paths: tuple[str, ...], traced: TracedLint, site: Sequence[Finding],
             suppress: Callable[[Document, Sequence[Finding]], list[Finding]] | None
             ) -> tuple[list[Finding], PageReport]:
    """The findings of a page on its own files (``paths``), sorted, and its part of the
    report, from its traced findings and its site-wide ones (``site``); ``suppress``:
    applies its source's suppression comments, when that is one of ``paths``."""
    private = frozenset(paths)
    found = [finding for finding in (*traced.findings, *site) if finding.path in private]
    document = traced.suppressions
    if document is not None and document.path in private:
        assert suppress is not None  # own_report leaves such a page's part to the build
        found = suppress(document, found)
    kept = sort_findings(one_a_line(found, set()))
    return kept, PageReport(
        paths, tuple(file_reports(kept)),
        tuple(finding for finding in traced.findings if finding.path not in private),
        document is not None and document.path not in private,
        tuple(finding for finding in site if finding.path not in private))


def one_a_line(findings: Iterable[Finding], seen: set[tuple[str, int, str]]
                ) -> list[Finding]:
    """The first of the findings of one code on one line: a problem shown on two pages but
    coming from one line of a source is reported once."""
    kept: list[Finding] = []
    for finding in findings:
        key = (finding.path, finding.line, finding.code)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept


def suppressed(config: Config, rules: Sequence[Rule], documents: Mapping[str, Document],
                findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` less those the suppression comments of their Markdown sources
    (``documents``, by path) silence, with a CD901 finding for each of those comments that
    silenced nothing; ``rules``: those the lint's selection runs."""
    if not documents:
        return list(findings)
    on_source: dict[str, list[Finding]] = {path: [] for path in documents}
    for finding in findings:
        if finding.path in on_source:
            on_source[finding.path].append(finding)
    silenced: set[Finding] = set()
    unused: list[Finding] = []
    for path, document in documents.items():
        off = ignored_codes(Path(path), config)
        ran = [rule for rule in rules if not rule.code.startswith(off)]
        given = set(on_source[path])
        kept = suppress(on_source[path], document, ran, config.lint.severity)
        silenced.update(given.difference(kept))
        unused.extend(finding for finding in kept if finding not in given)
    return [*(finding for finding in findings if finding not in silenced), *unused]
