"""The build cache's pages on disk: a light index loaded whole, heavy parts read on demand.

A snapshot (``copydesk.site.cache.Snapshot``) is kept under ``.copydesk/build-cache/`` as
a head (the code stamp and the digests of the site's other files) and :data:`BUCKETS`
files of pages, each page in the bucket its file name hashes to. Each bucket file holds
four pickles: the bucket's pages as the index keeps them (``site.stored.Record``: plain
tuples, what deciding reuse and writing the site read for every page, thin: see
``stored.RARE``), with the lengths of the next two; the rare part of each page's record
(its inputs marshalled, its lastmod and claims pickled); the light part of each page's
lint (its site facts, trace and report, each pickled bytes); then the heavy part (its
findings before tracing and its traced findings, ``stored.heavy_blob``), one bytes string
per page.

A rebuild unpickles every bucket's first pickle only. A page's light, rare or heavy part
is read when one of its fields is first read (:class:`StoredLint`, ``StoredPage``): for
the pages a build plans, lints or traces again, not for the thousands it reuses as they
are. A rebuild rewrites the buckets whose pages it replaced, added or dropped; the light,
rare and heavy bytes of their other pages are copied as they are, never unpickled.

Every file is replaced atomically and holds a page's parts together, and a bucket is only
read with the code stamp it was written under, and when it is long enough to hold the
parts its index part gives the lengths of (one cut short there is not read: its pages are
built again). A build killed between two
writes leaves buckets from two builds, which is harmless: a page is reused only when its
inputs and its file in ``site/`` are still the ones it records. A bucket file replaced
since it was loaded, or unreadable, is never read as the one loaded: an unreadable bucket
drops its pages (they are built again); an unreadable light or heavy part is made again
from the page's file in ``site/`` (``relint``), which a reused page is proven to be, or
left to be made again (a trace, a report). A rare part unreadable though its file has its
length (damaged in place) makes the page's inputs hold for no build (it is made again),
and its claims fail the build (``stored._fetch_page``): they cannot be made again without
rendering the page.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from copydesk.atomic import write_atomic
from copydesk.heap import collection_paused
from copydesk.site.cache import BuiltPage, PageLint, Snapshot, TracedLint
from copydesk.site.noop import FOLDER
from copydesk.site.packed import PackedLint
from copydesk.site.store import (
    BUCKETS,
    Buckets,
    bucket_of,
    cache_file,
    cache_prefix,
    load_pickle,
    save_pickle,
)
from copydesk.site.stored import (
    RECORD_LENGTH,
    Heavy,
    Light,
    Rare,
    Record,
    StoredLint,
    StoredPage,
    attach,
    heavy_blob,
    heavy_in,
    light_of,
    page_of,
    rare_of,
    rare_source,
    record_of,
    thin,
)

Relint = Callable[[str], PageLint]  # a reused page's lint made again from its file in site/
Identity = tuple[int, int, int]  # inode, mtime and size: a bucket file as it was loaded
# A bucket file as it was loaded, and where its light, rare and heavy parts start.
Offsets = tuple[Identity, int, int, int]
LIGHT_PART, RARE_PART, HEAVY_PART = 1, 2, 3  # their places in Offsets
_NOTHING = pickle.dumps(None, protocol=pickle.HIGHEST_PROTOCOL)


class PageStore:
    """The pages of a snapshot in :data:`BUCKETS` files, their light, rare and heavy parts
    read from a bucket only when asked for (:meth:`light`, :meth:`rare`, :meth:`heavy`)."""

    def __init__(self, root: Path, output: Path, stamp: str, relint: Relint) -> None:
        self._buckets: Buckets[BuiltPage] = Buckets(cache_prefix(root, output), stamp)
        self._relint = relint
        self._pages: dict[str, BuiltPage] = {}
        self._offsets: dict[int, Offsets] = {}
        # The parts read from each bucket and not yet handed to their pages, by part.
        self._read: dict[tuple[int, int], dict[str, object]] = {}
        self._made_again: dict[str, PageLint] = {}  # of pages whose bucket lost their parts

    def load(self) -> dict[str, BuiltPage]:
        for bucket in range(BUCKETS):
            try:
                with self._buckets.file(bucket).open("rb") as file, collection_paused():
                    identity = _identity(os.fstat(file.fileno()))
                    kept = pickle.load(file)  # the first pickle: the index's part
                    offset = file.tell()
                if not (isinstance(kept, tuple) and len(kept) == 4
                        and kept[0] == self._buckets.stamp
                        and identity[2] > offset + kept[2] + kept[3]):
                    continue
                records = kept[1]
                if not all(type(record) is tuple and len(record) == RECORD_LENGTH
                           for record in records.values()):
                    continue  # its fields are read from it when first asked for
                self._pages.update({name: page_of(record, self, name)
                                    for name, record in records.items()})
            except Exception:  # missing, truncated, from another Python or copydesk, edited
                continue
            light = offset + kept[2]
            self._offsets[bucket] = identity, light, offset, light + kept[3]
        return self._pages

    def light(self, name: str) -> Light:
        """The pickled facts, trace and report of page ``name``; when its bucket cannot
        give them, its facts made again from its file in ``site/``, no trace (it is traced
        again) and no report (made again)."""
        found = self._handed(name, LIGHT_PART)
        if isinstance(found, tuple) and len(found) == 3:
            return found
        with collection_paused():
            facts = pickle.dumps(self._relinted(name).facts, protocol=pickle.HIGHEST_PROTOCOL)
        return facts, _NOTHING, _NOTHING

    def rare(self, name: str) -> Rare | None:
        """The rare fields of page ``name``'s record (``stored.RARE``); None when its
        bucket cannot give them."""
        found = self._handed(name, RARE_PART)
        if (isinstance(found, tuple) and len(found) == 2
                and all(isinstance(value, bytes) for value in found)):
            return found[0], found[1]
        return None

    def heavy(self, name: str) -> Heavy:
        """The heavy fields of page ``name``, made again from its file in ``site/`` when
        its bucket cannot give them."""
        blob = self._handed(name, HEAVY_PART)
        if isinstance(blob, bytes):
            try:
                findings, traced = heavy_in(blob)
                if isinstance(findings, tuple) and (traced is None
                                                    or isinstance(traced, TracedLint)):
                    return findings, traced
            except Exception:  # see load
                pass
        return self._relinted(name).findings, None  # traced again from those findings

    def _relinted(self, name: str) -> PageLint:
        """Page ``name``'s lint made again from its file, once for its two lost parts."""
        if name not in self._made_again:
            self._made_again[name] = self._relint(name)
        return self._made_again[name]

    def save(self, pages: Mapping[str, BuiltPage], loaded: Mapping[str, BuiltPage]
             ) -> dict[str, BuiltPage] | None:
        """Write the buckets where ``pages`` differ from what a load gave (``loaded``).
        Gives the pages written, their heavy and rare fields left in the bucket as a load
        would; None when a bucket could not be written. A page whose record's rare fields
        its bucket lost is left out (the next build makes it again)."""
        grouped: dict[int, dict[str, BuiltPage]] = {}
        for name, page in pages.items():
            grouped.setdefault(bucket_of(name), {})[name] = page
        for bucket in sorted(self._buckets.changed(pages, loaded)):
            rare = _rares(bucket, grouped.get(bucket, {}))
            given = {name: page for name, page in grouped.get(bucket, {}).items()
                     if name in rare}
            records = {name: thin(record_of(page)) for name, page in given.items()}
            with collection_paused():  # pickling makes no garbage (see copydesk.heap)
                light = {name: light_of(page) for name, page in given.items()}
                blobs = _blobs(bucket, given)
                try:
                    self._offsets[bucket] = _write(self._buckets.file(bucket),
                                                   self._buckets.stamp, records, light, rare,
                                                   blobs)
                except OSError:
                    return None
            for part in (LIGHT_PART, RARE_PART, HEAVY_PART):
                self._read.pop((bucket, part), None)
            self._attach({name: _as_stored(given[name], record, rare[name])
                          for name, record in records.items()})
        return self._pages

    def _attach(self, pages: Mapping[str, StoredPage]) -> None:
        """Make ``pages`` (light, from a bucket of this store) read their heavy part here."""
        for name, page in pages.items():
            attach(page, self, name)
            self._pages[name] = page

    def _handed(self, name: str, part: int) -> object:
        """Page ``name``'s entry in ``part`` of its bucket; None when there is none.
        Popped: its page keeps it from here on (and asks again after a save only); but a
        rare part's, which two copies of a page (``stored.with_lint``) may each ask for, and
        which cannot be made again."""
        key = bucket_of(name), part
        if key not in self._read:
            self._read[key] = self.read_part(*key)
        if part == RARE_PART:
            return self._read[key].get(name)
        return self._read[key].pop(name, None)

    def read_part(self, bucket: int, part: int) -> dict[str, object]:
        """``part`` of ``bucket`` as loaded; nothing when its file changed since."""
        if bucket not in self._offsets:
            return {}
        identity = self._offsets[bucket][0]
        try:
            with self._buckets.file(bucket).open("rb") as file, collection_paused():
                if _identity(os.fstat(file.fileno())) != identity:
                    return {}
                file.seek(self._offsets[bucket][part])  # type: ignore[arg-type]
                found = pickle.load(file)
        except Exception:  # see load
            return {}
        return found if isinstance(found, dict) else {}


def _as_stored(page: BuiltPage, record: Record, rare: Rare) -> StoredPage:
    """``page`` as a load of ``record`` gives it: itself when loaded from that record
    (and its lint is not one made by this build, as a page's from a worker is); else one
    made of the record, holding the record's ``rare`` fields, in memory already (the next
    build's plan reads every page's inputs after a build of the full path)."""
    lint = page.__dict__.get("lint")
    if (isinstance(page, StoredPage) and page.__dict__.get("_record") is record
            and (lint is None or isinstance(lint, StoredLint))):
        return page
    made = page_of(record)
    made.__dict__["_marsh"], made.__dict__["_page"] = rare
    return made


def _rares(bucket: int, pages: Mapping[str, BuiltPage]) -> dict[str, Rare]:
    """The rare fields of a bucket's pages' records (``stored.RARE``): their own, or copied
    from the bucket file they were loaded from; a page whose fields are in neither is left
    out."""
    kept: dict[str, Rare] = {}
    for source in {source for page in pages.values() if (source := rare_source(page))}:
        if isinstance(source, PageStore):
            kept.update(source.read_part(bucket, RARE_PART))  # type: ignore[arg-type]
    return {name: rare for name, page in pages.items()
            if (rare := rare_of(page, kept)) is not None}


def _blobs(bucket: int, pages: Mapping[str, BuiltPage]) -> dict[str, bytes]:
    """The pickled heavy parts of a bucket's pages: copied from the bucket file they were
    loaded from when their lint is the one stored there, or from a packed lint, pickled
    again when neither (with the collector paused by the caller)."""
    sources = {source for page in pages.values()
               if isinstance(page.lint, StoredLint) and (source := page.lint.stored_in)}
    kept: dict[str, object] = {}
    for source in sources:
        if isinstance(source, PageStore):
            kept.update(source.read_part(bucket, HEAVY_PART))
    return {name: page.lint.heavy_bytes if isinstance(page.lint, PackedLint)
            else blob if isinstance(page.lint, StoredLint) and page.lint.stored_in
            and isinstance(blob := kept.get(name), bytes)
            else heavy_blob(page.lint.findings, page.lint.traced)
            for name, page in pages.items()}


def _identity(status: os.stat_result) -> Identity:
    return status.st_ino, status.st_mtime_ns, status.st_size


def _write(path: Path, stamp: str, records: dict[str, Record], light: dict[str, Light],
           rare: dict[str, Rare], blobs: dict[str, bytes]) -> Offsets:
    """The bucket file: its index part (with the lengths of the next two), its rare part,
    its light part, then its heavy part (pickled as it is written: a bucket's is megabytes);
    gives the file's identity and where the three parts start. The caller pauses the
    collector."""
    starts = [0, 0, 0]

    def dump(file: BinaryIO) -> None:
        parts = [pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL) for part in (rare, light)]
        pickle.dump((stamp, records, *map(len, parts)), file, protocol=pickle.HIGHEST_PROTOCOL)
        for number, part in enumerate(parts):
            starts[number] = file.tell()
            file.write(part)
        starts[2] = file.tell()
        pickle.dump(blobs, file, protocol=pickle.HIGHEST_PROTOCOL)

    write_atomic(path, dump)
    return _identity(path.stat()), starts[1], starts[0], starts[2]


def load_snapshot(root: Path, output: Path, stamp: str, relint: Relint) -> Snapshot:
    """The previous build's snapshot, or an empty one when it is missing, unreadable or stale;
    pages of an unreadable bucket are simply not in it. ``relint``: see :class:`PageStore`."""
    head = load_pickle(cache_file(root, output, "head"))
    if not (isinstance(head, tuple) and len(head) == 3 and head[0] == stamp):
        return Snapshot(stamp)
    store = PageStore(root, output, stamp, relint)
    return Snapshot(stamp, store.load(), head[1], head[2])


def save_snapshot(root: Path, output: Path, snapshot: Snapshot, previous: Snapshot,
                  relint: Relint) -> dict[str, BuiltPage]:
    """Write the buckets whose pages differ from ``previous`` (the snapshot this build
    loaded), then the head; a cache that cannot be written only costs the next build time.
    Gives the pages written, their heavy fields left in the cache (:meth:`PageStore.save`).
    The head is written only after every bucket: pages traced against the data files it
    names are all in their buckets."""
    try:
        (root / FOLDER).mkdir(parents=True, exist_ok=True)
    except OSError:
        return {}
    store = PageStore(root, output, snapshot.stamp, relint)
    written = store.save(snapshot.pages,
                         previous.pages if previous.stamp == snapshot.stamp else {})
    if written is None:
        return {}
    save_pickle(cache_file(root, output, "head"),
                (snapshot.stamp, dict(snapshot.extras), dict(snapshot.inputs)))
    return written
