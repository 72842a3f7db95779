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
import pickle
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from operator import itemgetter
from weakref import WeakKeyDictionary

from copydesk.config import Config
from copydesk.errors import BuildError, Location
from copydesk.lint.cache import LintCache
from copydesk.lint.discovery import discover, discovered_in, relative_to_root
from copydesk.lint.finding import Finding
from copydesk.lint.html_body import PlainBody
from copydesk.lint.readers import read_document
from copydesk.lint.registry import select_rules
from copydesk.lint.rule import Rule, RuleContext
from copydesk.lint.rules.site import duplicate_hits
from copydesk.lint.runner import (
    FileIgnores,
    check_paths,
    display_path,
    lint_document,
    site_finding,
    sort_findings,
)
from copydesk.lint.site_facts import facts_of
from copydesk.lint.site_rule import Site
from copydesk.site.cache import BuiltPage, PageLint, digest
from copydesk.site.data_changes import keep, load_kept
from copydesk.site.lint_parts import (
    LazyFindings,
    LintReport,
    PageReport,
    file_reports,
    joined,
    lint_report,
    rows,
    summary,
)
from copydesk.site.noop import FOLDER, output_key
from copydesk.site.packed import relinted
from copydesk.site.page_parts import PageParts, own_report, site_shared
from copydesk.site.site_lint import KeptPart, KeptReport, SiteRules, site_rules
from copydesk.site.stored import with_lint
from copydesk.site.trace_reuse import site_still_valid, traced_ahead, traced_pages, traced_site
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
        self._ignores = FileIgnores(config)

    def display(self, name: str) -> str:
        return self._shown + name

    def ignored(self, name: str) -> tuple[str, ...]:
        if name not in self._ignored:  # asked again for every site-wide hit on the page
            self._ignored[name] = self._ignores(f"{self._relative}/{name}")
        return self._ignored[name]


def lint_page(files: SiteFiles, name: str, html: str, settings: PageLintSettings,
              body: PlainBody | None = None) -> PageLint:
    """The findings of one built page (``name`` inside the output folder), before tracing;
    ``body``: its article's body as the renderer wrote it (read from there, not the HTML)."""
    off = files.ignored(name)
    document = read_document(files.display(name), html, body=body)
    findings = lint_document(document, [rule for rule in settings.rules
                                        if not rule.code.startswith(off)],
                             settings.context, settings.severity)
    return PageLint(page_lint_key(files, name, settings), tuple(findings), facts_of(document))


# One tracer per build (its SiteFiles) in each process that lints its pages: what it
# found in the data files serves every page the process traces.
_TRACERS: WeakKeyDictionary[SiteFiles, Tracer] = WeakKeyDictionary()


def tracer_for(files: SiteFiles) -> Tracer:
    """The tracer of the build ``files`` is of, in this process (made at its first use)."""
    tracer = _TRACERS.get(files)
    if tracer is None:
        tracer = _TRACERS[files] = Tracer(files.config, {})
    return tracer


def traced_here(files: SiteFiles, page: BuiltPage) -> BuiltPage:
    """``page`` with its own findings traced where it was linted: in the worker that
    rendered it, so that the build's lint, in one process after every page is back, does
    not trace them (``Trace.against`` tells it the data files were the same); and with its
    part of the report made there too from its own findings (``page_parts.OwnReport``):
    the build's lint counts the page's site-wide findings in and does not unpickle its
    traced findings to make the part (~0.1 ms a page). Its lint and the page are made
    once, with all three."""
    tracer = tracer_for(files)
    name, facts = page.path.file, page.lint.facts
    shown = files.display(name)
    tracer.pages = {shown: page}  # the page its findings are on
    tracer.take_loaded(page)
    # The site-wide findings most pages get (a title, a description shared with others):
    # where they will be is known now, and tracing them is most of the build's lint.
    alone = Site({name: facts}, frozenset((name,)))
    ahead = traced_ahead(tracer, (site_finding(alone, rule, hit, shown) for rule, hit
                                  in duplicate_hits(name, facts)
                                  if not rule.code.startswith(files.ignored(name))))
    trace, traced = tracer.traced(page, ahead)
    data = tracer.shown_data()
    # The page's own files as PageParts.paths finds them when no other page shares its
    # source (else the build's lint, whose paths differ then, makes the part whole).
    paths = tuple(path for path in (shown, tracer.shown_source(page)) if path not in data)
    own = own_report(paths, traced)
    lint = page.lint
    # Made, not dataclasses.replace()d (~15 K instructions less): the PageLint lint_page made.
    return with_lint(page, PageLint(lint.key, lint.findings, lint.facts, traced, trace,
                                    lint.report if own is None else own))


def page_lint_key(files: SiteFiles, name: str, settings: PageLintSettings) -> str:
    """The lint a cached page's findings were made under; another one lints it again."""
    return digest(settings.fingerprint, files.display(name), files.ignored(name))


def relint_from_site(config: Config, files: SiteFiles, settings: PageLintSettings
                     ) -> Callable[[str], PageLint]:
    """A kept page's lint made again from its file in the output folder: for a build cache
    that lost its heavy part (``copydesk.site.snapshot_store``), or a lint key that changed
    where the page did not (``build._reusable``)."""

    def relint(name: str) -> PageLint:
        path = config.output_path / name
        try:
            html = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # changed since this build proved it its own
            raise BuildError("a page kept from the last build must be linted again, and its "
                             "file is no longer the one built", Location(files.display(name)),
                             "build again (copydesk build --no-cache rebuilds every page)"
                             ) from None
        return lint_page(files, name, html, settings)

    return relint


def lint_build(config: Config, pages: Sequence[BuiltPage], texts: Mapping[str, str], *,
               jobs: int | None = 1, cache: bool = False, traced_against: str = "",
               listing: Iterable[str] | None = None, indexed: str = "") -> BuildLint:
    """Findings on the built pages and ``texts`` (the site's other files, path -> text), from
    each page's own lint and the site-wide rules, traced to their sources; and on the files
    under content/ that no page was made from. ``traced_against``: the previous build's
    :attr:`BuildLint.traced_against`, which the pages' cached traces hold for; ``listing``:
    every file under content/ (``noop.Inputs.stamps``, with each one's stamp), when the
    caller walked it; ``indexed``: the previous build's :attr:`BuildLint.indexed`.

    The report is made from each page's :class:`~copydesk.site.lint_parts.PageReport`: a
    page traced again, or whose site-wide findings changed, makes its part again; the
    others' parts are kept as the rows of their files, not read, and the findings on the
    files several pages share are merged again only when one of the parts made again
    changed them."""
    sources = _lint_sources(config, pages, listing, jobs=jobs, cache=cache)
    files = SiteFiles(config)
    kept_data = config.root / FOLDER / f"traced-data-{output_key(config.output_path)}.pickle"
    shown = files.display("")
    tracer = Tracer(config, {shown + page.path.file: page for page in pages}, traced_against,
                    partial(load_kept, kept_data, traced_against) if cache else None,
                    listing if isinstance(listing, Mapping) else None)
    given = pages
    rules = site_rules(config, files, pages, texts, cache=cache, token=indexed)
    # A page as the previous build kept it: its trace key and report are in the rules'
    # state, and are not decoded from the build cache.
    kept = rules.kept(pages)
    pages = traced_pages(tracer, pages, kept)
    parts = PageParts(config, tracer, files, pages, {finding.path for finding in sources})
    # Kept parts were made for the paths they report on while the context is the same.
    same = rules.report is not None and rules.report.context == parts.context
    # The pages whose site-wide findings are made again: those the rules' changes reach,
    # those traced again, those whose part is made again, and after a data edit those
    # whose site-wide findings were traced through a text the data no longer has there.
    again = None if rules.reached is None else {
        number for number, (page, part) in enumerate(zip(pages, kept, strict=True))
        if part is None or page is not given[number] or page.path.file in rules.reached
        or (not same and _decoded(part).paths != parts.paths(number))
        or (not tracer.unmoved(part[2]) and not site_still_valid(tracer, page))}
    site, traces = traced_site(tracer, pages, rules.findings(
        config, files, None if again is None else (pages[number].path.file for number in again)),
        again)
    on_page: dict[int, list[Finding]] = {}
    for number, finding in site:
        if number is not None:
            on_page.setdefault(number, []).append(finding)
    made: dict[int, PageReport] = {}
    pages_now = list(pages)
    # Outside ``again`` every page keeps its part: the same page, paths and findings. A
    # page whose site-wide findings' trace changed (every page of a cold build: their
    # messages put in) makes its part again, and gets both in one lint.
    for number in range(len(pages)) if again is None else sorted(again):
        page, part, trace = pages_now[number], kept[number], traces.get(number)
        report = _report(page, part) if page is given[number] and trace is None else None
        if report is None or report.paths != parts.paths(number):
            made[number] = parts.report(number, on_page.get(number, ()))
            pages_now[number] = with_lint(page, relinted(
                page.lint, report=made[number], trace=page.lint.trace if trace is None else trace))
            kept[number] = None
    pages = tuple(pages_now)
    now = [part or _part(page) for page, part in zip(pages, kept, strict=True)]
    shared, kept_report = _shared(rules, parts, pages, now, made, sources, files,
                                  same and again is not None)
    indexed = rules.keep(now, kept_report)
    files_reported = sorted((*(row for part in now for row in part[3]), *kept_report.shared),
                            key=itemgetter(0))

    if cache and tracer.data_stamp != traced_against:
        keep(kept_data, tracer.data_stamp, tracer.data_texts())

    def whole() -> tuple[Finding, ...]:
        # The findings of the parts made above are made again rather than kept: a cold
        # build would hold every page's findings to its end for a lint rarely asked for.
        others = [number for number in range(len(pages)) if number not in made]
        site, _ = traced_site(tracer, pages, rules.findings(
            config, files, (pages[number].path.file for number in others)), set(others))
        found = {number: on_page.get(number, []) for number in made}
        for number, finding in site:
            if number is not None:
                found.setdefault(number, []).append(finding)
        mine = (finding for number in range(len(pages))
                for finding in parts.make(number, found.get(number, ()))[0])
        on_shared = shared if shared is not None else pickle.loads(kept_report.findings)
        return tuple(sort_findings((*mine, *on_shared)))

    return BuildLint(LazyFindings(whole), pages, tracer.data_stamp,
                     lint_report(files_reported), indexed)


def _report(page: BuiltPage, part: KeptPart | None) -> PageReport | None:
    """The page's part of the report: as kept with the site rules' state, or in its lint
    (None when not whole there: a part made where the page was linted is its own only)."""
    if part is not None:
        return _decoded(part)
    report = page.lint.report
    return report if isinstance(report, PageReport) else None


def _shared(rules: SiteRules, parts: PageParts, pages: Sequence[BuiltPage],
            now: Sequence[KeptPart], made: Mapping[int, PageReport],
            sources: tuple[Finding, ...], files: SiteFiles, same: bool
            ) -> tuple[list[Finding] | None, KeptReport]:
    """The findings on the files several parts report on (None: those kept, unread), and
    what the next build keeps of the report. They are the previous build's when the pages
    and their contexts are, and each part made again shares what its previous one did:
    the same findings on shared files, no suppressions read for other pages."""
    kept = rules.report
    if (kept is not None and same and kept.sources == sources and kept.outer == rules.outer
            and all(_same_shared(rules.previous.get(pages[number].path.file), report)
                    for number, report in made.items())):
        return None, kept
    # Of the parts kept, what they share alone: a data edit merges 10,000 pages' shared
    # findings again without decoding their own.
    reports = [made[number] if number in made else _shared_of(part)
               for number, part in enumerate(now)]
    shared = parts.shared(sources, pages, reports, site_shared(files, pages, reports, rules.outer))
    return shared, KeptReport(parts.context, sources, rules.outer, rows(file_reports(shared)),
                              pickle.dumps(tuple(shared), protocol=pickle.HIGHEST_PROTOCOL))


def _same_shared(before: KeptPart | None, report: PageReport) -> bool:
    """Whether a part made again shares with other parts what the one it replaces did."""
    if before is None or report.suppresses_shared:
        return False
    old = _shared_of(before)
    return (not old.suppresses_shared and old.shared == report.shared
            and old.site_shared == report.site_shared)


def _decoded(part: KeptPart) -> PageReport:
    """The part's whole report: its own half, with its shared half put back."""
    return joined(part[4], part[5])


_SHARES_NOTHING = PageReport((), (), ())


def _shared_of(part: KeptPart) -> PageReport:
    """What the part shares with other parts, alone (no paths, no files)."""
    if not part[5]:
        return _SHARES_NOTHING
    shared, suppresses_shared, site_shared = pickle.loads(part[5])
    return PageReport((), (), shared, suppresses_shared, site_shared)


def _part(page: BuiltPage) -> KeptPart:
    """What the next build reads of a page the build cache keeps as it was (site_lint)."""
    trace, report = page.lint.trace, page.lint.report
    assert trace is not None and isinstance(report, PageReport)  # lint_build set both
    # Most pages looked for no text (a cold build makes every page's part): without a
    # generator each, ~10.9 -> 4.4 K instructions a page.
    searched = [text for text, _ in trace.data] if trace.data else []
    for _, (_, _, texts) in trace.site:
        if texts:
            searched.extend([text for text, _ in texts])
    return (page.stamp, trace.key, tuple(dict.fromkeys(searched)) if searched else (),
            rows(report.files), *report.halves())


def _lint_sources(config: Config, pages: Sequence[BuiltPage], listing: Iterable[str] | None,
                  *, jobs: int | None, cache: bool) -> tuple[Finding, ...]:
    """Findings on the files under content/ that are not the source of a built page;
    ``listing``: the files under it, when known (a walk of 10,000 files is not repeated)."""
    if not config.content_path.is_dir():
        return ()
    # Joined as strings: a Path per page was most of the time here at 10,000 pages (the
    # sources' paths are as Path writes them, and as the listing's walk found them), and
    # as os.path.join would, without a call per page.
    root = os.path.join(str(config.root), "")
    built = {source if source.startswith(os.sep) else root + source
             for source in {page.source.path for page in pages}}
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
