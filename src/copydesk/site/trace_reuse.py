"""What a rebuild keeps of the previous build's traces, and what it traces again.

A page's own findings are traced again when the page was rendered again, its source file
changed, or a text its trace looked for in the data files moved (``traced_pages``). A
page's site-wide findings are traced where the one at the same place of the page was
before, unless a data edit moved its text (``traced_site``): a rebuild that changes which
pages share a title changes those findings' messages, not where they point.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence, Set
from dataclasses import replace

from copydesk.lint.finding import Finding
from copydesk.site.cache import BuiltPage, SitePlace, SiteTrace, Trace
from copydesk.site.site_lint import KeptPart
from copydesk.site.stored import with_lint
from copydesk.site.tracing import SiteKey, Tracer


def traced_pages(tracer: Tracer, pages: Sequence[BuiltPage],
                 keys: Sequence[KeptPart | None]) -> tuple[BuiltPage, ...]:
    """``pages`` with their traced findings: kept from the cache when still valid, else
    traced from their findings (a page from the build cache always has them: its bucket
    gives them, or ``lint_build.relint_from_site`` makes them again from its file).
    ``keys``: each page's part as the site rules' state keeps it, with its
    :attr:`Trace.key` and whether it looked in the data files, when known without reading
    its trace."""
    return tuple(page if _still_valid(tracer, page, known) else _traced_again(tracer, page)
                 for page, known in zip(pages, keys, strict=True))


def _still_valid(tracer: Tracer, page: BuiltPage, known: KeptPart | None) -> bool:
    if known is None:
        trace = page.lint.trace
        return trace is not None and tracer.still_valid(trace, page)
    key, searched = known[1], known[2]
    if key != tracer.key(page):
        return False
    if tracer.unmoved(searched):
        return True
    # Read from the build cache only when a data file changed where the trace looked.
    trace = page.lint.trace
    return trace is not None and tracer.same_data(trace.data)


def _traced_again(tracer: Tracer, page: BuiltPage) -> BuiltPage:
    trace, traced = tracer.traced(page)
    return with_lint(page, replace(page.lint, trace=trace, traced=traced, report=None))


def site_still_valid(tracer: Tracer, page: BuiltPage) -> bool:
    """Whether the texts the traces of the page's site-wide findings looked for in the
    data files are still found where they were."""
    if tracer.data_unchanged:
        return True
    trace = page.lint.trace
    return trace is None or all(tracer.same_data(searched)
                                for _, (_, _, searched) in trace.site if searched)


def traced_site(tracer: Tracer, pages: Sequence[BuiltPage], findings: Iterable[Finding],
                scope: Set[int] | None = None
                ) -> tuple[list[tuple[int | None, Finding]], dict[int, Trace]]:
    """The site-wide ``findings`` traced, each with the number of the page it was on
    (None: sitemap.xml, robots.txt), and the traces of ``pages`` (the traced ones, in the
    order the tracer was given them) keeping how theirs were, by page number, where they
    changed: a finding at the same place of an unchanged page is not traced again by the
    next build. The caller puts them in its pages (``lint_build``, with each one's part
    of the report: a page made once, not twice). ``scope``: the numbers of the pages
    ``findings`` are all the site-wide findings of (None: every page); the others are
    left as they are."""
    index = dict(zip(tracer.pages, range(len(pages)), strict=True))
    numbers = range(len(pages)) if scope is None else scope
    known: dict[int, dict[SiteKey, SiteTrace]] = {}
    current: set[int] = set()  # traced under the data files as they are (in its worker)
    for page_number in numbers:
        trace = pages[page_number].lint.trace
        known[page_number] = {} if trace is None else dict(trace.site)
        if trace is not None and trace.against == tracer.data_stamp:
            current.add(page_number)
    used: dict[int, dict[SiteKey, SiteTrace]] = {number: {} for number in numbers}
    traced: list[tuple[int | None, Finding]] = []
    for finding in findings:
        number = index.get(finding.path)
        key = (finding.code, finding.line, finding.col, finding.end_line, finding.end_col)
        before = known[number].get(key) if number is not None else None
        if number is None:  # sitemap.xml, robots.txt: made from no source file
            hit: Finding | None = finding
        elif before is not None and (number in current or tracer.same_data(before[2])):
            hit = _again(before[0], finding)
            used[number][key] = (before[0], _said(finding.message), before[2])
        else:
            hit, searched = tracer.trace_searching(finding)
            used[number][key] = (_place(hit, finding), _said(finding.message), searched)
        if hit is not None:
            traced.append((number, hit))
    # Made, not dataclasses.replace()d: 0.55 against 1.33 us; a cold build makes one for
    # every page (their messages put in).
    return traced, {number: Trace(trace.key, trace.data, tuple(site.items()), trace.against)
                    for number, site in used.items()
                    if site != known[number] and (trace := pages[number].lint.trace) is not None}


def traced_ahead(tracer: Tracer, findings: Iterable[Finding]
                 ) -> tuple[tuple[SiteKey, SiteTrace], ...]:
    """Site-wide findings a page may get (``rules.site.duplicate_hits``), traced where the
    page is linted, for its ``Trace.site``: the build's lint takes the place of one it
    finds at the same place of the page instead of tracing it. Their messages, which
    name other pages, are not known yet: ``traced_site`` puts them in."""
    ahead = []
    for finding in findings:
        hit, searched = tracer.trace_searching(finding)
        key = (finding.code, finding.line, finding.col, finding.end_line, finding.end_col)
        ahead.append((key, (_place(hit, finding), "", searched)))
    return tuple(ahead)


def _said(message: str) -> str:
    """A short digest of a site-wide finding's message: made for each of the tens of
    thousands a rebuild finds, so hashed alone, not through ``cache.digest``."""
    return hashlib.blake2b(message.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


def _place(hit: Finding | None, finding: Finding) -> SitePlace:
    """Where tracing took ``finding`` (a site-wide finding), in a few small values: a
    rebuild keeps one for each of the site's tens of thousands (see ``cache.SiteTrace``)."""
    if hit is None or hit.path == finding.path:  # moved, it is on a source, not the page
        return None if hit is None else ()
    return hit.path, hit.line, hit.col, hit.end_line, hit.end_col, hit.source_line


def _again(place: SitePlace, finding: Finding) -> Finding | None:
    """``finding`` traced as the one at its place on its page was by the previous build."""
    if not place:
        return None if place is None else finding
    path, line, col, end_line, end_col, source_line = place
    return Finding(path, line, col, end_line, end_col, finding.code, finding.name,
                   finding.severity, finding.message, None, source_line)
