"""The build cache: what each page was built from, so a rebuild renders only what changed.

A page's HTML is decided by (1) the variables its template is given and the name of that
template, known before rendering and kept as one digest (``PageInputs.own``, which also
covers the config and copydesk's code); (2) the template files its template reaches
through extends/include/import, and (3) the statistics it printed with ``stat()`` or read
from the ``statistics`` mapping, both recorded while it rendered. A page is reused when all
three match today's files and records and its file in ``site/`` is the one written then;
a page whose inputs changed in a way the record did not foresee (a template that now
includes another) changed one of the recorded files first, so it is rendered again.

Each entry also keeps the page's lint (findings before tracing, and the site facts the
site-wide rules read) for the lint settings it was made under.

How it is kept on disk is ``copydesk.site.snapshot_store``'s business.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import copydesk
from copydesk.errors import Location
from copydesk.lint.document import Document
from copydesk.lint.finding import Finding
from copydesk.lint.site_facts import SiteFacts
from copydesk.render.ledger import BuildWarning, Claim
from copydesk.site.lint_parts import OwnReport, PageReport
from copydesk.site.urls import PagePath

FORMAT = 1
EVERY = "*"  # a dependency on every template, or on every statistic (a loop over them)
MISSING = "missing"


def digest(*parts: object) -> str:
    """A short stable digest of the parts' ``repr`` (frozen records repr deterministically)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(repr(part).encode("utf-8", "surrogateescape") + b"\0")
    return hasher.hexdigest()


def bytes_digest(data: bytes) -> str:
    """A digest of ``data`` (a page, an article, the site's 18 MB of claims.json and feed):
    SHA-256 cut to 128 bits. Processors with SHA instructions (AMD since Zen, Intel since
    Ice Lake, 64-bit ARM) hash it about twice as fast as BLAKE2b; without them it takes
    about twice as long."""
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass(frozen=True)
class PageInputs:
    own: str  # digest of the page's variables, template name, config and code
    templates: tuple[tuple[str, str], ...] = ()  # (template name or EVERY, its digest)
    statistics: tuple[tuple[str, str], ...] = ()  # (statistic id or EVERY, its digest)
    # The index: which attributes of the listed articles it read, and their digest.
    articles: tuple[tuple[str, ...], str] = ((), "")


DataHit = tuple[Location | None, str]  # where a text is in the data files, and that line
# Where a site-wide finding of a page went: () it stayed on the page; (path, line, col, end
# line, end col, source line) it moved to a source; None that source's ignores dropped it.
SitePlace = tuple[()] | tuple[str, int, int, int, int, str] | None
# Its place, the digest of its message, and the texts looked for in the data files.
SiteTrace = tuple[SitePlace, str, tuple[tuple[str, DataHit], ...]]


@dataclass(frozen=True)
class TracedLint:
    """A page's findings moved to their sources by the build's lint (``site.tracing``)."""

    findings: tuple[Finding, ...]
    suppressions: Document | None  # the comments of the page's Markdown source, if any


@dataclass(frozen=True)
class Trace:
    """What tracing a page's findings read: a rebuild checks it without the findings."""

    key: str  # the stamp of the page's source file, and the working folder
    data: tuple[tuple[str, DataHit], ...] = ()  # texts looked for in the data files
    # How the site-wide findings at (code, line, col, end line, end col) of the page were
    # traced (None: dropped by the source's ignores), with the texts looked for in the data.
    site: tuple[tuple[tuple[str, int, int, int, int], SiteTrace], ...] = ()
    # The data files' stamp it was made under (``Tracer.data_stamp``): a page traced in the
    # worker that rendered it is not checked again by a build that finds the same one.
    against: str = ""


@dataclass(frozen=True)
class PageLint:
    key: str  # the lint settings (rules, thresholds, today's date, ignores) it was made under
    # Before tracing into the sources; a page from the build cache reads them from it when
    # asked for (``copydesk.site.stored``), or makes them again from its file.
    findings: tuple[Finding, ...]
    facts: SiteFacts  # what the site-wide rules read: a few small strings
    # Set by the build's lint, in the main process. Only ``findings`` and ``traced`` are
    # heavy: a rebuild reads them for the pages it traces again, the rest for every page.
    traced: TracedLint | None = None
    trace: Trace | None = None  # what ``traced`` was made from
    # The page's part of the build's report; in a build, before its lint, the part of its
    # own findings made where it was linted.
    report: PageReport | OwnReport | None = None


@dataclass(frozen=True)
class BuiltPage:
    """One page of the site as built (its HTML is in its file, not here)."""

    path: PagePath
    source: Location  # the record or template the page comes from
    inputs: PageInputs
    output: str  # digest of the HTML
    stamp: tuple[int, int]  # (size, mtime_ns) of the written file: proof it is still ours
    lint: PageLint
    lastmod: datetime | None = None
    claims: tuple[Claim, ...] = ()
    warnings: tuple[BuildWarning, ...] = ()
    # Its parts of sitemap.xml and claims.json, made where it is rendered: a rebuild joins
    # them instead of making the two files from every page (``site.extras``).
    sitemap_entry: str = ""
    claims_entry: str = ""


@dataclass(frozen=True)
class Snapshot:
    """What the build cache holds: the previous build's pages (as the index keeps them, their
    findings and claims read when asked for) and its other files' digests."""

    stamp: str  # config and code: a different one makes the whole snapshot worthless
    pages: Mapping[str, BuiltPage] = field(default_factory=dict)  # by output file
    extras: Mapping[str, str] = field(default_factory=dict)  # sitemap.xml, ... -> digest
    inputs: Mapping[str, str] = field(default_factory=dict)  # feed.xml, ...: see site.extras


def code_stamp(*settings: object) -> str:
    """copydesk's version and source (a checkout changes code without a new version)."""
    from copydesk.lint.cache import source_stamp  # one definition of "copydesk's code"

    return digest(FORMAT, copydesk.__version__, source_stamp(), *settings)


class Dependencies:
    """Today's digests of templates, statistics and listed articles, each computed once
    per build."""

    def __init__(self, template: Callable[[str], str], statistic: Callable[[str], str],
                 articles: Callable[[tuple[str, ...]], str]) -> None:
        # Thousands of pages ask for the same few digests.
        self.template: Callable[[str], str] = functools.cache(template)
        self.statistic: Callable[[str], str] = functools.cache(statistic)
        self.articles: Callable[[tuple[str, ...]], str] = functools.cache(articles)
        # Pages share their templates and, five or so at a time, their statistics: a
        # rebuild of 10,000 pages checks each distinct list once, not each page's.
        self._templates_hold = functools.cache(self._templates_unchanged)
        self._statistics_hold = functools.cache(self._statistics_unchanged)

    def inputs(self, own: str, templates: Iterable[str], statistics: Iterable[str],
               article_fields: Iterable[str] = ()) -> PageInputs:
        fields = tuple(sorted(article_fields))
        return PageInputs(own, tuple((name, self.template(name)) for name in sorted(templates)),
                          tuple((sid, self.statistic(sid)) for sid in sorted(statistics)),
                          (fields, self.articles(fields) if fields else ""))

    def unchanged(self, inputs: PageInputs, own: str) -> bool:
        fields, listed = inputs.articles
        return (inputs.own == own and self._templates_hold(inputs.templates)
                and self._statistics_hold(inputs.statistics)
                and (not fields or self.articles(fields) == listed))

    def _templates_unchanged(self, templates: tuple[tuple[str, str], ...]) -> bool:
        return all(self.template(name) == known for name, known in templates)

    def _statistics_unchanged(self, statistics: tuple[tuple[str, str], ...]) -> bool:
        return all(self.statistic(sid) == known for sid, known in statistics)
