"""``copydesk build``: content + templates -> pages -> lint -> ``site/`` written at the end.

Incremental: the build cache (``copydesk.site.cache``) knows what each page of the
previous build was made from, so only pages whose inputs changed are rendered and
linted again, in worker processes when there are many; the index, feed, sitemap and
claims.json are always made afresh (they are cheap). A build that changes nothing writes
nothing. The site is written only once every page is rendered and linted: a new site
swapped in whole, or, on a rebuild, the files written moved into it one by one
(``copydesk.site.writer``). With ``strict`` an error-level finding stops the build before
that, so the previous ``site/`` stays as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from copydesk.config import Config
from copydesk.content import load_project
from copydesk.content.loader import Parsers
from copydesk.content.models import Article, Project
from copydesk.errors import BuildError, ConfigError, Location
from copydesk.heap import long_lived
from copydesk.lint.cache import plugin_source
from copydesk.lint.discovery import relative_to_root
from copydesk.lint.finding import Finding, Severity
from copydesk.lint.registry import ALL_RULES
from copydesk.lint.syllables import preload_dictionary
from copydesk.parallel import available_cores, process_map
from copydesk.render.jsonld import with_timezone
from copydesk.render.ledger import BuildWarning, Claim
from copydesk.report.text import format_finding
from copydesk.site.cache import (
    BuiltPage,
    Dependencies,
    Snapshot,
    code_stamp,
    digest,
)
from copydesk.site.extras import (
    SITE_FILES,
    Feed,
    SiteFile,
    SiteTexts,
    feed_of,
    site_files,
    taken_back,
)
from copydesk.site.lint_build import (
    PageLintSettings,
    SiteFiles,
    lint_build,
    lint_summary,
    page_lint_key,
    relint_from_site,
)
from copydesk.site.lint_parts import LintReport
from copydesk.site.noop import (
    BuildRecord,
    Inputs,
    plugin_stamps,
    read_inputs,
    save_record,
    site_digest,
)
from copydesk.site.packed import packed_page
from copydesk.site.page_jobs import PageJob, dependencies, page_of_job, plan_pages, prepared
from copydesk.site.parse_cache import ParseMemo
from copydesk.site.plan_reuse import (
    PLAN,
    Patched,
    StoredPlan,
    load_plan,
    new_token,
    patch,
    plan_of,
    rebuilt,
    save_plan,
)
from copydesk.site.snapshot_store import Relint, load_snapshot, save_snapshot
from copydesk.site.store import spare_site
from copydesk.site.writer import Staging, check_output_dir

# The snapshot's entry for the data files' stamp its pages' traces hold for (lint_build).
TRACED_AGAINST = "traced-against"
# The snapshot's entry for the site-wide rules' index its pages' findings hold for.
SITE_INDEX = "site-index"
# The snapshot's entry for what every page's lint key is made of besides its name.
LINT_SETTINGS = "lint-settings"
# How much of a site file _holds reads at a time.
_CHUNK = 1 << 20
# Below this many pages to render, one process does it all: starting workers and
# forking a large project into them costs more than rendering a few dozen pages.
SERIAL_BELOW = 50


@dataclass(frozen=True)
class BuildResult:
    pages: tuple[BuiltPage, ...]
    warnings: tuple[BuildWarning, ...]
    output_dir: Path
    # Lint of the sources and the built pages: made on first use from the build cache (read
    # it before another build into the same folder replaces that cache).
    findings: Sequence[Finding] = ()
    written: bool = True  # False when --strict refused to replace the site
    rendered: tuple[str, ...] = ()  # files of the pages this build rendered; others were reused
    due: datetime | None = None  # when the first future-dated article left out is published
    report: tuple[str, ...] = ()  # what ``copydesk build`` prints: see build_report
    lint: LintReport | None = None  # what it prints of ``findings``, made without them

    @property
    def errors(self) -> int:
        if self.lint is not None:
            return self.lint.errors
        return sum(1 for finding in self.findings if finding.severity == Severity.ERROR)

    @property
    def ledger(self) -> tuple[Claim, ...]:
        """Every claim of the site, page by page (a reused page's are read from the build
        cache when asked for)."""
        return tuple(claim for page in self.pages for claim in page.claims)

    @property
    def reused(self) -> int:
        return len(self.pages) - len(self.rendered)


def build_site(config: Config, *, drafts: bool = False, future: bool = False,
               now: datetime | None = None, strict: bool = False, jobs: int | None = None,
               cache: bool = True, inputs: Inputs | None = None) -> BuildResult:
    """Load the project under ``config.root`` and build it into the output directory.

    A written build leaves the record that lets the next one, when nothing changed, skip
    everything (``copydesk.site.noop``), and its plan, which lets the next one, when only
    the text of some articles and data files changed, load and plan the pages those reach
    alone (``site.plan_reuse``);
    not for a made-up ``now``, which the next build's clock would not share. ``inputs``:
    the stamps of the sources, when the caller took them.
    """
    # Before anything is read; the content's listing takes its stamps from them.
    inputs = inputs or read_inputs(config, drafts=drafts, future=future)
    today = date.today().isoformat()
    options = _Options(drafts, future, now, strict, jobs, cache, new_token())
    plan = load_plan(config, inputs, today) if cache and now is None else None
    built = _patched_build(config, plan, inputs, options) if plan is not None else None
    if isinstance(built, _Built):
        assert built.patch is not None
        rendered = set(built.result.rendered)
        stored: StoredPlan | None = rebuilt(built.patch, options.token, (
            page for page in built.result.pages if page.path.file in rendered))
    else:
        with long_lived():  # copydesk.heap: the project lives as long as the build
            memo = ParseMemo(config.root, jobs=options.jobs) if cache else None
            project = load_project(config, memo.parsers if memo else Parsers(), inputs.stamps)
        if memo is not None:
            memo.settle()
        # The memo is saved while the workers build the pages (it needs none of them).
        built = _build(config, project, options, listing=inputs.stamps, previous=built,
                       meanwhile=memo.save if memo is not None else None)
        stored = None
        if built.result.written and now is None:
            stored = plan_of(config, options.token, inputs, today, built.result.due, project,
                             built.articles, built.jobs, built.result.pages,
                             memo.text_digest if memo is not None else lambda file: "")
    result = replace(built.result, report=build_report(built.result))
    if result.written and now is None:
        save_plan(config, stored)
        plugins = {source for rule in ALL_RULES if (source := plugin_source(rule))}
        save_record(config, BuildRecord(
            inputs.digest, plugin_stamps(sorted(plugins)),
            site_digest(config.output_path, ((page.path.file, page.stamp)
                                             for page in result.pages), SITE_FILES),
            today, os.getcwd(),
            result.due.timestamp() if result.due else None, result.errors, len(result.pages),
            list(result.report)))
    return result


def build_report(result: BuildResult) -> tuple[str, ...]:
    """What ``copydesk build`` prints of a build: its warnings, its error-level findings
    and a summary of its lint."""
    warnings = (f"warning: {warning}" for warning in result.warnings)
    if result.lint is not None:
        return (*warnings, *result.lint.lines, result.lint.summary)
    return (*warnings, *(format_finding(finding) for finding in result.findings
                         if finding.severity == Severity.ERROR), lint_summary(result.findings))


def build_project(config: Config, project: Project, *, drafts: bool = False,
                  future: bool = False, now: datetime | None = None,
                  strict: bool = False, jobs: int | None = None,
                  cache: bool = True, listing: Iterable[str] | None = None) -> BuildResult:
    """Build already loaded content; ``now`` decides which articles are future-dated.

    ``jobs`` worker processes render and lint (None: one per core); ``cache`` False
    builds every page afresh (and still leaves a cache for the next build); ``listing``:
    the files under the content and templates folders, when the caller walked them.
    """
    options = _Options(drafts, future, now, strict, jobs, cache, new_token())
    return _build(config, project, options, listing=listing).result


@dataclass(frozen=True)
class _Options:
    drafts: bool
    future: bool
    now: datetime | None
    strict: bool
    jobs: int | None
    cache: bool
    token: str  # this build's plan's (site.plan_reuse), kept in its build cache


@dataclass(frozen=True)
class _Settings:
    """What a build's lint is made under, and the previous build's cache."""

    stamp: str
    settings: PageLintSettings
    files: SiteFiles
    relint: Relint
    previous: Snapshot
    lint_settings: str


@dataclass(frozen=True)
class _Built:
    result: BuildResult
    articles: Sequence[Article]  # the published articles it planned
    jobs: Sequence[PageJob]
    patch: Patched | None = None  # the plan it patched


def _settings(config: Config, cache: bool, previous: Snapshot | None = None) -> _Settings:
    stamp = code_stamp(config)
    # The lint settings are made once: a fingerprint of every rule, and a stat per module.
    settings, files = PageLintSettings.of(config), SiteFiles(config)
    relint = relint_from_site(config, files, settings)
    if previous is None:
        with long_lived():
            previous = (load_snapshot(config.root, config.output_path, stamp, relint) if cache
                        else Snapshot(stamp))
    return _Settings(stamp, settings, files, relint, previous,
                     _lint_settings(config, files, settings))


def _checked_output(config: Config) -> ZoneInfo:
    """The site's time zone, once the output folder is known to be one to write."""
    check_output_dir(config.output_path, {"project root": config.root,
                                          "content folder": config.content_path,
                                          "templates folder": config.templates_path})
    return _timezone(config)  # a bad time zone fails here, naming the config file


def _build(config: Config, project: Project, options: _Options, *,
           listing: Iterable[str] | None, previous: Snapshot | None = None,
           meanwhile: Callable[[], object] | None = None) -> _Built:
    """Plan every page of ``project`` and build; ``previous``: the build cache, if loaded;
    ``meanwhile``: work that needs no page, done while they are built."""
    zone = _checked_output(config)
    moment = with_timezone(options.now or datetime.now(zone), config.site.timezone)
    drafts, future = options.drafts, options.future
    articles = [article for article in project.articles
                if _publishable(article, config, drafts, future, moment)]
    due = None if future else min(
        (when for article in project.articles if drafts or not article.draft
         if (when := with_timezone(article.date, config.site.timezone)) > moment), default=None)
    stamp = code_stamp(config)
    jobs_planned = plan_pages(config, project, articles, stamp)
    _check_unique_urls(jobs_planned)
    known = _settings(config, options.cache, previous)
    kept, live, relint = _reusable(
        config, known.previous, jobs_planned, dependencies(config, project, articles),
        known.files, known.settings,
        known.previous.inputs.get(LINT_SETTINGS) == known.lint_settings)
    result = _made(config, project, articles, [job.path.file for job in jobs_planned],
                   [job for job in jobs_planned if job.path.file not in kept], kept, live,
                   known, options, due=due, listing=listing, planned=jobs_planned,
                   meanwhile=meanwhile, relint=relint)
    return _Built(result, articles, jobs_planned)


def _patched_build(config: Config, plan: StoredPlan, inputs: Inputs,
                   options: _Options) -> _Built | Snapshot | None:
    """The build of :func:`plan_reuse.patch`'s plan; when the plan cannot be patched, or
    a page it keeps is not in the build cache or the site as it was, the build cache as
    loaded (or None) for the full path."""
    _checked_output(config)
    stamp = code_stamp(config)
    with long_lived():  # the records live as long as the build
        memo = ParseMemo(config.root, lazy=True)  # the data files' entries only
        patched = patch(config, plan, inputs, stamp, memo.parsers)
    if patched is None:
        return None
    memo.settle()
    known = _settings(config, options.cache)
    previous = known.previous
    if (previous.inputs.get(PLAN) != plan.token
            or previous.inputs.get(LINT_SETTINGS) != known.lint_settings):
        return previous
    reused = _reusable(config, previous, patched.jobs,
                       dependencies(config, patched.project, patched.articles), known.files,
                       known.settings, True)
    kept = _kept_as_planned(config, previous, plan.files,
                            {job.path.file for job in patched.jobs})
    feed = taken_back(config.output_path, "feed.xml", previous)
    if kept is None or feed is None:
        return previous
    kept[0].update(reused[0])
    kept[1].update(reused[1])
    result = _made(config, patched.project, patched.articles, plan.files,
                   [job for job in patched.jobs if job.path.file not in kept[0]], *kept,
                   known, options, due=plan.due, listing=inputs.stamps,
                   feed=Feed(feed, previous.inputs.get("feed.xml", "")))
    memo.save()
    return _Built(result, patched.articles, patched.jobs, patched)


def _made(config: Config, project: Project, articles: Sequence[Article],
          files: Sequence[str], stale: Sequence[PageJob], kept: Mapping[str, BuiltPage],
          live: Mapping[str, tuple[int, int]], known: _Settings, options: _Options, *,
          due: datetime | None, listing: Iterable[str] | None,
          planned: Sequence[PageJob] = (), feed: Feed | None = None,
          meanwhile: Callable[[], object] | None = None,
          relint: Sequence[str] = ()) -> BuildResult:
    """Render and lint the ``stale`` pages, the others being ``kept``, and write the site
    of the pages ``files`` (in its order); ``planned``: their jobs, for the feed, unless
    ``feed`` is known; ``meanwhile``: work that needs no page, done while they are built;
    ``relint``: the kept pages linted again (from their files, by the same workers)."""
    previous, cache = known.previous, options.cache

    def ahead() -> None:
        """What needs no built page, done while the workers build them: with one core idle
        after the pool, this process's work there is the build's wall time."""
        nonlocal feed
        if feed is None:
            feed = feed_of(config, project, planned, articles, previous)
        if meanwhile is not None:
            meanwhile()

    # copydesk.heap: the pages from the workers, their lint and what the save makes live to
    # the build's end, and make no cyclic garbage (a handful of objects at 10,000 pages); the
    # collector's passes over them were ~1 s of a cold build's main process, alone on a core.
    # Workers still collect after each page (parallel._settled).
    with Staging(config.output_path, spare_site(config.root, config.output_path) if cache
                 else None, [*files, *SITE_FILES]) as staging, long_lived():
        work: list[PageJob | str] = [*stale, *relint]
        workers = _workers(options.jobs, len(work))
        if workers > 1:
            preload_dictionary()  # loaded once here and shared by the forked workers
        with prepared(config, project, articles, staging.folder, shared=workers > 1,
                      kept=kept):
            made = process_map(partial(packed_page, page_of_job), work, jobs=workers,
                               description="building pages", meanwhile=ahead)
        relinted = dict(zip(relint, made[len(stale):], strict=True))
        fresh = iter(made[:len(stale)])
        del made  # it would hold every rendered page's whole lint to the end
        pages = tuple(relinted.get(name) or kept.get(name) or next(fresh) for name in files)
        del fresh, relinted
        extra, inputs = site_files(config, project, planned, pages, articles, previous, feed)
        inputs[LINT_SETTINGS] = known.lint_settings
        inputs[PLAN] = options.token
        extras = {name: file.digest for name, file in extra.items()}
        # Nothing built: site/ may be this build already (then it is not swapped); the lint
        # is made again all the same, from what the pages keep (a source may have changed).
        same = not stale and _same_site(config.output_path, previous, pages, extras, extra)
        lint = lint_build(config, pages, SiteTexts(extra), jobs=options.jobs, cache=cache,
                          traced_against=previous.inputs.get(TRACED_AGAINST, ""),
                          listing=listing, indexed=previous.inputs.get(SITE_INDEX, ""))
        pages = lint.pages  # they keep their traced findings
        inputs[TRACED_AGAINST] = lint.traced_against
        inputs[SITE_INDEX] = lint.indexed
        result = BuildResult(pages, tuple(w for page in pages for w in page.warnings),
                             config.output_path, lint.findings, written=False,
                             rendered=tuple(job.path.file for job in stale), due=due,
                             lint=lint.report)
        del lint
        if options.strict and result.errors:
            return result
        # Stored now (a page is reused only if its file in site/ is the one it records, so
        # a swap that fails leaves nothing wrong) to hold no heavy part from here on.
        stored = save_snapshot(config.root, config.output_path, Snapshot(
            known.stamp, {page.path.file: page for page in pages}, extras, inputs), previous,
            known.relint)
        result = replace(result, pages=tuple(stored.get(page.path.file, page)
                                             for page in pages), written=True)
        if same:
            return result
        staging.keep_all(live)
        for name, file in extra.items():
            # claims.json and the feed (18 MB at 10,000 posts) are most often what the site
            # holds: writing them, and replacing the old files, cost a rebuild ~60 ms.
            if previous.extras.get(name) == file.digest and _holds(config.output_path / name,
                                                                   file.data):
                staging.keep(name)
            else:
                staging.write(name, file.data)
        staging.commit()
    return result


def _workers(jobs: int | None, pages: int) -> int:
    """Worker processes for ``pages`` renders: one when few, or when workers would not be
    forked (they find the loaded project by inheriting it, see ``site.page_jobs``)."""
    if pages < SERIAL_BELOW:
        return 1
    import multiprocessing  # only here: a rebuild of a few pages does without it

    if multiprocessing.get_start_method() != "fork":
        return 1
    return jobs or available_cores()


def _reusable(config: Config, previous: Snapshot, planned: Sequence[PageJob],
              dependencies: Dependencies, files: SiteFiles, settings: PageLintSettings,
              same_lint: bool
              ) -> tuple[dict[str, BuiltPage], dict[str, tuple[int, int]], list[str]]:
    """The previous build's pages that need no new render, by output file, the (device,
    inode) of each one's file in the site as checked (``Staging.keep``), and those of them
    whose lint is made again (another lint key: findings show paths from the working
    folder, which a build run from elsewhere changed), in the site's order;
    ``same_lint``: the previous build linted under today's :func:`_lint_settings`, so
    every page it kept has today's lint key. A few microseconds a page: no Path, no
    digest, only stored strings compared (and a stat)."""
    output = f"{config.output_path}/"
    kept: dict[str, BuiltPage] = {}
    live: dict[str, tuple[int, int]] = {}
    relint: list[str] = []
    for job in planned:
        name = job.path.file
        page = previous.pages.get(name)
        if (page is None or page.path.url != job.path.url
                or page.source != job.source or not dependencies.unchanged(page.inputs, job.own)):
            continue
        try:
            status = os.stat(output + name)
        except OSError:
            continue
        if (status.st_size, status.st_mtime_ns) == page.stamp:
            kept[name], live[name] = page, (status.st_dev, status.st_ino)
            if not (same_lint or page.lint.key == page_lint_key(files, name, settings)):
                relint.append(name)
    return kept, live, relint


def _kept_as_planned(config: Config, previous: Snapshot, planned: Sequence[str],
                     changed: set[str]
                     ) -> tuple[dict[str, BuiltPage], dict[str, tuple[int, int]]] | None:
    """The previous build's pages for every planned page but the ``changed``, as
    :func:`_reusable` gives them, for a plan patched (``site.plan_reuse``): their inputs are
    those of the build that saved the plan, so only their files in the site are checked.
    None when one of them is missing or its file is not the one built."""
    output = f"{config.output_path}/"
    pages = previous.pages
    kept: dict[str, BuiltPage] = {}
    live: dict[str, tuple[int, int]] = {}
    for name in planned:
        if name in changed:
            continue
        page = pages.get(name)
        try:
            status = os.stat(output + name)
        except OSError:
            return None
        if page is None or (status.st_size, status.st_mtime_ns) != page.stamp:
            return None
        kept[name], live[name] = page, (status.st_dev, status.st_ino)
    return kept, live


def _lint_settings(config: Config, files: SiteFiles, settings: PageLintSettings) -> str:
    """What a page's lint key (``lint_build.page_lint_key``) is made of besides the page's
    name: the lint fingerprint, how the output folder is shown and per-file-ignores."""
    return digest(settings.fingerprint, files.display(""),
                  relative_to_root(config.output_path, config),
                  sorted(config.lint.per_file_ignores.items()))


def _same_site(output: Path, previous: Snapshot, pages: Sequence[BuiltPage],
               extras: Mapping[str, str], files: Mapping[str, SiteFile]) -> bool:
    """Whether ``output`` already holds exactly this build: then it is not swapped at all.
    ``files``: the site files besides the pages, ``extras`` their digests."""
    return (set(previous.pages) == {page.path.file for page in pages}
            and previous.extras == extras
            and all(_holds(output / name, file.data) for name, file in files.items()))


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data``: compared, not trusted to a
    stamp, since a file of the site besides its pages may have been edited by hand (the
    pages have stamps). Read in chunks into one buffer: read whole, claims.json and the feed
    were 18 MB of memory taken (a page fault each 4 KB) to be dropped at once."""
    expected = memoryview(data)
    try:
        with path.open("rb", buffering=0) as file:
            if os.fstat(file.fileno()).st_size != len(data):
                return False
            buffer = bytearray(min(len(data), _CHUNK) or 1)
            offset = 0
            while count := file.readinto(buffer):
                if count < len(buffer):  # the end of the file
                    del buffer[count:]
                if buffer != expected[offset:offset + count]:  # compared in C (memcmp)
                    return False
                offset += count
            return offset == len(data)
    except OSError:
        return False


def _timezone(config: Config) -> ZoneInfo:
    try:
        return ZoneInfo(config.site.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"unknown time zone '{config.site.timezone}'",
                          Location(config.display(config.source or config.root)),
                          "set [site] timezone to an IANA name such as 'Europe/London' or "
                          "'UTC'") from None


def _publishable(article: Article, config: Config, drafts: bool, future: bool,
                 now: datetime) -> bool:
    if article.draft and not drafts:
        return False
    return future or with_timezone(article.date, config.site.timezone) <= now


def _check_unique_urls(pages: Iterable[PageJob]) -> None:
    seen: dict[str, PageJob] = {}
    for page in pages:
        first = seen.setdefault(page.path.url, page)
        if first is not page:
            raise BuildError(
                f"two pages claim the URL {page.path.url}: {first.source} and {page.source}",
                page.source, "give one of them a different slug")
