"""A cached page and its lint as the build cache's index keeps them (``site.snapshot_store``).

Loading the index must cost a few microseconds a page, yet a build reads only a few pages'
findings and claims, and the site facts, traces and reports of the pages whose lint it
makes again. So the index keeps each page as a :data:`Record`: a plain tuple of strings and
numbers (what deciding reuse and writing the site read for every page), with the fields
only some pages need as pickled bytes (:data:`PICKLED`), unpickled when first read. A page
a build's worker renders comes back to the build in the same form (``site.packed``), with
its lint as made. A :class:`StoredLint` leaves its heavy fields (:data:`HEAVY`) in its
bucket until one is read, and a page loaded from the build cache its record's :data:`RARE`
fields (its inputs, its lastmod and claims: a rebuild reads a few pages' of them) until one
is read. Both are frozen like the values they stand for; ``dataclasses.replace`` on them
gives a value holding every field, no longer the one stored, which the next save writes
whole; :func:`with_lint` changes a page's lint only, and keeps its record.
"""

from __future__ import annotations

import itertools
import marshal
import operator
import pickle
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, tzinfo
from typing import Any, Protocol

from copydesk.content.models import Source
from copydesk.errors import BuildError, Location
from copydesk.heap import collection_paused
from copydesk.lint.finding import Finding
from copydesk.lint.site_facts import SiteFacts
from copydesk.render.ledger import BuildWarning, Claim
from copydesk.site.cache import BuiltPage, PageInputs, PageLint, Trace, TracedLint
from copydesk.site.lint_parts import PageReport, joined
from copydesk.site.urls import PagePath

HEAVY = ("findings", "traced")  # the fields of PageLint kept out of the index
Heavy = tuple["tuple[Finding, ...]", "TracedLint | None"]
# A page in the index: path (url, file), source (path, line, col), inputs (own, then its
# templates, statistics and articles marshalled together: a rebuild that patches its plan
# reads no page's), output, stamp, sitemap entry, claims entry, lint key, its warnings as
# (message, path, line, column) (read for every page), then its lastmod and claims together
# (``_page_blob``). Few objects: unpickling 10,000 records is most of loading the index.
Record = tuple[Any, ...]
RECORD_LENGTH = 14
# The places of the record's fields a build reads for a few pages only: a record loaded
# from the build cache holds None there, and they are read from its bucket when first
# asked for (``thin``). 1.4 KB of a record's 3.1: 14 of the 31 MB of records a rebuild
# loaded at 10,000 posts, allocated (a page fault each 4 KB) for a few pages.
RARE = (6, 13)
Rare = tuple[bytes, bytes]
_PAGE_FIELDS = ("lastmod", "claims")
# The lint's facts, trace and report, each pickled: kept apart from the index, read for the
# pages whose lint a build makes again. Each as plain values when it is of its class (see
# light_of), made again when read.
LIGHT = ("_facts", "_trace", "_report")
Light = tuple[bytes, bytes, bytes]


class HeavySource(Protocol):
    def heavy(self, name: str) -> Heavy: ...

    def light(self, name: str) -> Light: ...

    def rare(self, name: str) -> Rare | None: ...


class _Pickled:
    """A field kept as pickled bytes (under ``key`` in the instance's ``__dict__``, or where
    ``fetch`` puts it there from: a :class:`StoredLint`'s light part, a thin record's rare
    part) until it is first read; ``index``: its place in the tuple of
    :data:`_PAGE_FIELDS`, kept together (read by ``loads``)."""

    def __init__(self, key: str, index: int | None = None,
                 fetch: Callable[[dict[str, Any]], None] | None = None,
                 loads: Callable[[bytes], Any] = pickle.loads) -> None:
        self.key, self.index = key, index
        self.fetch = fetch or _fetch_light
        self.loads = loads

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        fields = instance.__dict__
        if self.name not in fields:
            if self.key not in fields:
                self.fetch(fields)
            with collection_paused():  # see copydesk.heap: unpickling makes no garbage
                value = self.loads(fields[self.key])
            if self.index is None:
                fields[self.name] = value
            else:
                fields.update(zip(_PAGE_FIELDS, value, strict=True))
        return fields[self.name]

    def __set__(self, instance: object, value: Any) -> None:
        # Only the dataclass's __init__ sets fields (the instance is frozen otherwise).
        instance.__dict__[self.name] = value


def _fetch_light(fields: dict[str, Any]) -> None:
    source, name = fields["_stored"]
    fields.update(zip(LIGHT, source.light(name), strict=True))


def _rare(fields: dict[str, Any]) -> Rare | None:
    """The rare fields of a stored page's record (see :data:`RARE`), read from its bucket
    when the record is thin (and kept from then on); None when the bucket lost them."""
    record = fields["_record"]
    if record[RARE[0]] is not None:
        return record[RARE[0]], record[RARE[1]]
    if "_page" not in fields:
        source, name = fields["_rare"]
        found = source.rare(name)
        if found is None:
            return None
        fields["_marsh"], fields["_page"] = found
    return fields["_marsh"], fields["_page"]


def _fetch_page(fields: dict[str, Any]) -> None:
    if _rare(fields) is None:  # its claims cannot be made again without rendering it
        raise BuildError("the build cache lost part of a page's record",
                         Location(fields["_record"][2]),
                         "build again with copydesk build --no-cache")


def _page_blob(lastmod: datetime | None, claims: tuple[Claim, ...]) -> bytes:
    """A page's lastmod and claims as its record keeps them: marshalled as plain values
    (:func:`_plain_page`), or pickled when one of them is not plain (none of a build's).
    A pickle looks up each class it names by an import (datetime, timezone, timedelta,
    Claim, Location, Source: ~26 us a page of a worker's, the marshalled values ~5 us).
    A pickle starts with its protocol (0x80), which no marshalled value does."""
    try:
        plain = _plain_page(lastmod, claims)
        if plain is not None:
            return marshal.dumps(plain)
    except ValueError:  # a value marshal cannot hold (a subclass of str, say)
        pass
    return pickle.dumps((lastmod, claims), protocol=pickle.HIGHEST_PROTOCOL)


def _page_values(blob: bytes) -> tuple[datetime | None, tuple[Claim, ...]]:
    """The lastmod and claims :func:`_page_blob` keeps in ``blob``."""
    if blob[:1] == b"\x80":
        pickled: tuple[datetime | None, tuple[Claim, ...]] = pickle.loads(blob)
        return pickled
    moment, plain = marshal.loads(blob)
    lastmod = None
    if moment is not None:
        year, month, day, hour, minute, second, microsecond, fold, zone = moment
        lastmod = datetime(year, month, day, hour, minute, second, microsecond,
                           None if zone is None else pickle.loads(zone), fold=fold)
    # Made by their classes: a rebuild reads a few pages' claims.
    return lastmod, tuple(
        Claim(page, statistic, rendered, claim, Location(*data), citation, _source(cited))
        for page, statistic, rendered, claim, data, citation, cited in plain)


def _source(cited: tuple[Any, ...] | None) -> Source | None:
    if cited is None:
        return None
    name, kind, url, published = cited
    return Source(name, kind, url, None if published is None else date(*published))

def _plain_page(lastmod: datetime | None, claims: tuple[Claim, ...]) -> tuple[Any, ...] | None:
    """``lastmod`` and ``claims`` as plain values, each object's fields in its class's
    order, when each is of its class exactly with those fields alone; else None."""
    moment = None
    if lastmod is not None:
        if type(lastmod) is not datetime:
            return None
        zone = lastmod.tzinfo
        moment = (lastmod.year, lastmod.month, lastmod.day, lastmod.hour, lastmod.minute,
                  lastmod.second, lastmod.microsecond, lastmod.fold,
                  None if zone is None else _zone_pickled(zone))
    plain = []
    for claim in claims:
        data, source = claim.data, claim.source
        if (type(claim) is not Claim or len(vars(claim)) != _CLAIM_FIELDS
                or type(data) is not Location or len(vars(data)) != _LOCATION_FIELDS):
            return None
        cited = None
        if source is not None:
            published = source.published
            if (type(source) is not Source or len(vars(source)) != _SOURCE_FIELDS
                    or (published is not None and type(published) is not date)):
                return None
            cited = (source.name, source.kind, source.url, None if published is None
                     else (published.year, published.month, published.day))
        plain.append((claim.page, claim.statistic, claim.rendered, claim.claim,
                      (data.path, data.line, data.col), claim.citation, cited))
    return moment, tuple(plain)


_CLAIM_FIELDS, _LOCATION_FIELDS, _SOURCE_FIELDS = (
    len(kind.__dataclass_fields__) for kind in (Claim, Location, Source))
# The time zone of the last lastmod kept, pickled: a build's are all one object.
_zone: tuple[tzinfo | None, bytes] = (None, b"")


def _zone_pickled(zone: tzinfo) -> bytes:
    global _zone
    if _zone[0] is not zone:
        _zone = zone, pickle.dumps(zone, protocol=pickle.HIGHEST_PROTOCOL)
    return _zone[1]


class _Warnings:
    """A page's warnings, kept as plain values until first read."""

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        fields = instance.__dict__
        if "warnings" not in fields:
            fields["warnings"] = tuple(
                _made(BuildWarning, message=message,
                      location=_made(Location, path=path, line=line, col=col))
                for message, path, line, col in fields["_warnings"])
        return fields["warnings"]

    def __set__(self, instance: object, value: Any) -> None:
        instance.__dict__["warnings"] = value


class StoredLint(PageLint):
    """A cached page's lint whose heavy fields are read from its bucket when one of them
    is first read, and its other fields unpickled from the index when first read."""

    facts = _Pickled("_facts", loads=lambda blob: _facts_of(pickle.loads(blob)))
    trace = _Pickled("_trace", loads=lambda blob: _trace_of(pickle.loads(blob)))
    report = _Pickled("_report", loads=lambda blob: _report_of(pickle.loads(blob)))

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self._heavy()[0]

    @findings.setter
    def findings(self, value: tuple[Finding, ...]) -> None:
        self.__dict__["findings"] = value

    @property
    def traced(self) -> TracedLint | None:
        return self._heavy()[1]

    @traced.setter
    def traced(self, value: TracedLint | None) -> None:
        self.__dict__["traced"] = value

    @property
    def loaded(self) -> bool:
        """Whether its heavy fields are in memory (read, or never stored)."""
        return "_stored" not in self.__dict__ or HEAVY[0] in self.__dict__

    @property
    def stored_in(self) -> HeavySource | None:
        """Where its heavy fields are, when they are the ones stored there."""
        stored = self.__dict__.get("_stored")
        return stored[0] if stored is not None else None

    def attach(self, source: HeavySource, name: str) -> None:
        """Read its heavy fields from ``source`` (where page ``name``'s are) from now on."""
        for field in HEAVY:
            self.__dict__.pop(field, None)
        self.__dict__["_stored"] = source, name

    def _heavy(self) -> Heavy:
        fields = self.__dict__
        if HEAVY[0] not in fields:
            source, name = fields["_stored"]
            fields["findings"], fields["traced"] = source.heavy(name)
        return fields["findings"], fields["traced"]


class _FromRecord:
    """A field of a stored page made from its record when first read, then kept in its
    ``__dict__`` (which later reads find first: this descriptor has no ``__set__``);
    made again at each read when not ``kept``."""

    def __init__(self, make: Callable[[dict[str, Any]], Any], *, kept: bool = True) -> None:
        self.make, self.kept = make, kept

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        fields = instance.__dict__
        value = self.make(fields)
        if self.kept:
            fields[self.name] = value
        return value


def _inputs_of(fields: dict[str, Any]) -> PageInputs:
    rare = _rare(fields)
    if rare is None:  # lost: inputs that hold for no build, so the page is made again
        return PageInputs("")
    templates, statistics, articles = marshal.loads(rare[0])
    inputs: PageInputs = _made(PageInputs, own=fields["_record"][5], templates=templates,
                               statistics=statistics, articles=articles)
    return inputs


def _lint_of(fields: dict[str, Any]) -> StoredLint:
    lint: StoredLint = _made(StoredLint, key=fields["_record"][11])
    if "_stored" in fields:
        lint.attach(*fields["_stored"])
    return lint


class StoredPage(BuiltPage):
    """A cached page as the index keeps it: its plain values (output, stamp, sitemap and
    claims entries) are its record's, its other fields are made from its record when first
    read (a rebuild reads a few of most pages), and its lastmod, claims and warnings stay
    pickled until one of them is read."""

    path = _FromRecord(lambda fields: _made(PagePath, url=fields["_record"][0],
                                            file=fields["_record"][1]))
    source = _FromRecord(lambda fields: _made(
        Location, path=fields["_record"][2], line=fields["_record"][3],
        col=fields["_record"][4]))
    # Read once or twice a build (deciding reuse, the plan's users of each statistic), and
    # 2 KB of objects a page: kept, they were 20 MiB at 10,000 pages to the build's end.
    inputs = _FromRecord(_inputs_of, kept=False)
    lint = _FromRecord(_lint_of)
    lastmod = _Pickled("_page", 0, _fetch_page, _page_values)
    claims = _Pickled("_page", 1, _fetch_page, _page_values)
    warnings = _Warnings()


def heavy_blob(findings: tuple[Finding, ...], traced: TracedLint | None) -> bytes:
    """A lint's heavy fields as the build cache keeps them: each distinct finding's fields
    as a plain tuple (those its ``__reduce__`` gives), those of ``findings`` first, then
    those of the traced findings that are not one of them; how many are the findings; and
    the traced findings as places in that list with their suppressions (None: no traced
    findings), pickled together. Pickled as themselves, each of a page's ~23 findings went
    through the pickler's reduce (a class looked up by module and name, the call's tuple
    memoised): ~43 K instructions more to pack a page in its worker. A finding on the
    page, traced or not, is made once when both are read (:func:`heavy_in`);
    :func:`traced_in` makes the traced ones alone."""
    rows = list(map(_ARGUMENTS, map(Finding.__reduce__, findings)))
    places: list[int] | None = None
    suppressions = None
    if traced is not None:
        # Most findings on the page stay there when traced: the same objects.
        where = dict(zip(map(id, findings), range(len(findings)), strict=True))
        places = []
        for finding in traced.findings:
            place = where.get(id(finding))
            if place is None:
                place = len(rows)
                rows.append(finding.__reduce__()[1])
            places.append(place)
        suppressions = traced.suppressions
    with collection_paused():  # pickling makes no garbage
        return pickle.dumps((rows, len(findings), places, suppressions),
                            protocol=pickle.HIGHEST_PROTOCOL)


_ARGUMENTS = operator.itemgetter(1)  # of a __reduce__: what the class is called with


def traced_in(blob: bytes) -> TracedLint | None:
    """The traced findings of a :func:`heavy_blob` (the others are not made)."""
    with collection_paused():  # see copydesk.heap: unpickling makes no garbage
        rows, _, places, suppressions = pickle.loads(blob)
    if places is None:
        return None
    traced: TracedLint = _made(TracedLint, findings=tuple(
        itertools.starmap(Finding, map(rows.__getitem__, places))), suppressions=suppressions)
    return traced


def heavy_in(blob: bytes) -> Heavy:
    """Both heavy fields of a :func:`heavy_blob`."""
    with collection_paused():
        rows, count, places, suppressions = pickle.loads(blob)
    made = list(itertools.starmap(Finding, rows))
    traced: TracedLint | None = None if places is None else _made(
        TracedLint, findings=tuple(map(made.__getitem__, places)), suppressions=suppressions)
    return tuple(made[:count]), traced


def record_of(page: BuiltPage) -> Record:
    """``page`` as the index keeps it: the record it was loaded from, if it is that page
    (thin, when loaded from the build cache: see :func:`thin`)."""
    record: Record | None = page.__dict__.get("_record")
    if record is not None:
        return record
    lint, path, source, inputs = page.lint, page.path, page.source, page.inputs
    with collection_paused():  # pickling makes no garbage (see copydesk.heap)
        return (path.url, path.file, source.path, source.line, source.col, inputs.own,
                marshal.dumps((inputs.templates, inputs.statistics, inputs.articles)),
                page.output, page.stamp, page.sitemap_entry, page.claims_entry, lint.key,
                page.__dict__.get("_warnings") or tuple(
                    (warning.message, warning.location.path, warning.location.line,
                     warning.location.col) for warning in page.warnings),
                page.__dict__.get("_page") or _page_blob(page.lastmod, page.claims))



def thin(record: Record) -> Record:
    """``record`` without its :data:`RARE` fields, as a bucket's index part keeps it."""
    if record[RARE[0]] is None:
        return record
    return (*record[:RARE[0]], None, *record[RARE[0] + 1:RARE[1]], None)


def rare_of(page: BuiltPage, kept: dict[str, Rare]) -> Rare | None:
    """The :data:`RARE` fields of ``page``'s record: its own, or those ``kept`` (the rare
    part of the bucket it was loaded from, by page) when it is thin and has not read them;
    None when they are in neither (lost)."""
    record = record_of(page)
    if record[RARE[0]] is not None:
        return record[RARE[0]], record[RARE[1]]
    fields = page.__dict__
    if "_marsh" in fields:
        return fields["_marsh"], fields["_page"]
    return kept.get(fields["_rare"][1]) if "_rare" in fields else None


def rare_source(page: BuiltPage) -> HeavySource | None:
    """Where a thin record's rare fields are, when they are not in memory yet."""
    fields = page.__dict__
    found = fields.get("_rare")
    return found[0] if found is not None and "_marsh" not in fields else None


def with_lint(page: BuiltPage, lint: PageLint) -> BuiltPage:
    """``page`` with ``lint`` for its lint. A page kept as its record stays so (its other
    fields made from the record when read): a cold build changes the lint of each of its
    pages after the pool, and ``dataclasses.replace`` made every field of each again, 5 KB
    of objects a page."""
    fields = page.__dict__
    if type(page) is BuiltPage:  # as rendered: its fields alone (replace() ~21 K instructions)
        built: BuiltPage = _made(BuiltPage, **{**fields, "lint": lint})
        return built
    record = fields.get("_record")
    if not isinstance(page, StoredPage) or record is None or record[11] != lint.key:
        return replace(page, lint=lint)
    made: StoredPage = _made(StoredPage, **fields)
    made.__dict__["lint"] = lint
    made.__dict__.pop("_stored", None)
    return made


def light_of(page: BuiltPage) -> Light:
    """The pickled facts, trace and report of ``page``'s lint: the bytes stored when they
    are still those (from its source, unpickled or not), else pickled now. The caller
    pauses the collector (pickling makes no garbage, see copydesk.heap): a save asks for
    every page's, and a pause and a generator each page cost as much as pickling its
    report (18 K of 101 K instructions a page)."""
    fields = page.lint.__dict__
    if LIGHT[0] not in fields and "_stored" in fields:
        source, name = fields["_stored"]
        fields.update(zip(LIGHT, source.light(name), strict=True))
    dumps, protocol = pickle.dumps, pickle.HIGHEST_PROTOCOL
    return (fields["_facts"] if "_facts" in fields else dumps(_plain(fields["facts"]), protocol),
            fields["_trace"] if "_trace" in fields else dumps(_plain(fields["trace"]), protocol),
            fields["_report"] if "_report" in fields
            else dumps(_plain(fields["report"]), protocol))


def _plain(value: Any) -> Any:
    """A light field as the plain values it is pickled as, when it is of its class (a
    tuple, which none of them is): pickling an object of one of copydesk's classes looks
    the class up by its module and name (~5 us each; a save pickles three a page), and
    SiteFacts and a PageReport pickle as such values anyway (their __reduce__). Read back
    by :func:`_facts_of`, :func:`_trace_of` and :func:`_report_of`."""
    kind = type(value)
    if kind is SiteFacts:
        return value.__reduce__()[1]
    if kind is Trace:
        return value.key, value.data, value.site, value.against
    if kind is PageReport:
        return value.halves()
    return value


def _facts_of(value: Any) -> Any:
    return SiteFacts(*value) if type(value) is tuple else value


def _trace_of(value: Any) -> Any:
    if type(value) is not tuple:
        return value
    key, data, site, against = value
    return _made(Trace, key=key, data=data, site=site, against=against)


def _report_of(value: Any) -> Any:
    return joined(*value) if type(value) is tuple else value


def page_of(record: Record, source: HeavySource | None = None, name: str = ""
            ) -> StoredPage:
    """The page a record keeps, as the index gives it (see :func:`record_of`); its lint
    reads its other parts from ``source``, where they are page ``name``'s."""
    # The plain values every build reads of every page (deciding reuse, joining the sitemap
    # and claims.json, the site rules' index) are set now: a call each when first read
    # cost more than the dict entries.
    page: StoredPage = _made(StoredPage, _record=record, output=record[7], stamp=record[8],
                             sitemap_entry=record[9], claims_entry=record[10],
                             _warnings=record[12])
    if record[RARE[1]] is not None:
        page.__dict__["_page"] = record[RARE[1]]
    if source is not None:
        attach(page, source, name)
    return page


def attach(page: StoredPage, source: HeavySource, name: str) -> None:
    """Make ``page``'s lint read its parts from ``source`` (where page ``name``'s are), and
    its record's rare fields, when it is thin and has not read them."""
    fields = page.__dict__
    if "lint" in fields:
        fields["lint"].attach(source, name)
    else:
        fields["_stored"] = source, name
    if fields["_record"][RARE[0]] is None:
        fields["_rare"] = source, name


def _made(kind: type[Any], **fields: Any) -> Any:
    """An instance of the frozen dataclass ``kind`` holding ``fields``, as unpickling makes
    it (without the cost of its ``__init__``)."""
    made = object.__new__(kind)
    made.__dict__.update(fields)
    return made
