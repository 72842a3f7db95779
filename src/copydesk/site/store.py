"""The build cache on disk: pages in buckets, so a rebuild rewrites only what it changed.

A snapshot (``copydesk.site.cache.Snapshot``) is kept under ``.copydesk/build-cache/`` as
a head (the code stamp and the digests of the site's other files) and :data:`BUCKETS`
files of pages, each page in the bucket its file name hashes to. A build rewrites the
buckets whose pages it replaced, added or dropped: after one post is edited, a few
buckets of 10,000 pages, not all of them. Every file is replaced atomically; a bucket is
only read with the code stamp it was written under. A build killed between two writes
leaves buckets from two builds, which is harmless: a page is reused only when its inputs
and its file in ``site/`` are still the ones it records. Anything unreadable is dropped
without a word: the pages it held are built again, never a failure.

Each bucket of pages is two pickles in one file: the pages without their untraced findings
(:attr:`~copydesk.site.cache.PageLint.findings` None), which every rebuild reads, then those
findings by page, read only for a bucket with a page traced again (:class:`PageStore`): a
third of the cache a one-post rebuild no longer unpickles.

The build's whole lint is a file of its own, read only when a build renders nothing and
finds every source as it was.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Generic, TypeVar

from copydesk.atomic import write_atomic
from copydesk.heap import collection_paused
from copydesk.site.cache import FORMAT, BuiltPage, Snapshot, Untraced, no_findings_kept
from copydesk.site.noop import FOLDER, output_key

if TYPE_CHECKING:
    from copydesk.lint.finding import Finding

BUCKETS = 64
V = TypeVar("V")
_FORMAT = f"{FORMAT}.4"  # .2: pages in buckets; .3: the feed's inputs; .4: findings apart


def spare_site(root: Path, output: Path) -> Path:
    """Where the site before last is kept, to become the next build's staging
    (``copydesk.site.writer``)."""
    return root / FOLDER.parent / f"site-spare-{output_key(output)}"


class Buckets(Generic[V]):
    """A mapping by name kept as :data:`BUCKETS` pickles ``<prefix>-NN.pickle``, each name in
    the bucket it hashes to; each bucket is read only with the ``stamp`` (code) it was
    written under."""

    def __init__(self, prefix: Path, stamp: str) -> None:
        self.prefix = prefix
        self.stamp = stamp

    def load(self) -> dict[str, V]:
        values: dict[str, V] = {}
        for bucket in range(BUCKETS):
            kept = _load(self.file(bucket))
            if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == self.stamp:
                values.update(kept[1])
        return values

    def changed(self, values: Mapping[str, V], loaded: Mapping[str, V]) -> set[int]:
        """The buckets where ``values`` differ from what :meth:`load` gave (``loaded``):
        another name, or another object for a name."""
        new, old = _buckets(values), _buckets(loaded)
        return {bucket for bucket in range(BUCKETS)
                if (mine := new.get(bucket, {})).keys() != (before := old.get(bucket, {})).keys()
                or any(value is not before[name] for name, value in mine.items())}

    def write(self, values: Mapping[str, V], buckets: set[int]) -> None:
        grouped = _buckets(values)
        for bucket in buckets:
            _save(self.file(bucket), (self.stamp, grouped.get(bucket, {})))

    def file(self, bucket: int) -> Path:
        return self.prefix.with_name(f"{self.prefix.name}-{bucket:02d}.pickle")


class PageStore:
    """The pages of a snapshot in :data:`BUCKETS` files, their untraced findings read from
    a bucket only when asked for (:meth:`untraced`)."""

    def __init__(self, root: Path, output: Path, stamp: str) -> None:
        self._buckets: Buckets[BuiltPage] = Buckets(
            root / FOLDER / f"pages-v{_FORMAT}-{output_key(output)}", stamp)
        self._offsets: dict[int, int] = {}  # where each bucket read has its findings
        self._untraced: dict[int, Mapping[str, tuple[Finding, ...]]] = {}

    def load(self) -> dict[str, BuiltPage]:
        pages: dict[str, BuiltPage] = {}
        for bucket in range(BUCKETS):
            try:
                with self._buckets.file(bucket).open("rb") as file, collection_paused():
                    kept = pickle.load(file)  # the first pickle: the pages alone
                    offset = file.tell()
            except Exception:  # see _load
                continue
            if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == self._buckets.stamp:
                pages.update(kept[1])
                self._offsets[bucket] = offset
        return pages

    def untraced(self, name: str) -> tuple[Finding, ...] | None:
        """The findings before tracing of page ``name`` as loaded; None when unreadable."""
        bucket = _bucket(name)
        if bucket not in self._untraced:
            self._untraced[bucket] = self._read_untraced(bucket)
        return self._untraced[bucket].get(name)

    def _read_untraced(self, bucket: int) -> Mapping[str, tuple[Finding, ...]]:
        if bucket not in self._offsets:
            return {}
        try:
            with self._buckets.file(bucket).open("rb") as file, collection_paused():
                file.seek(self._offsets[bucket])
                found = pickle.load(file)
        except Exception:  # see _load
            return {}
        return found if isinstance(found, dict) else {}

    def save(self, pages: Mapping[str, BuiltPage], loaded: Mapping[str, BuiltPage],
             untraced: Untraced) -> dict[str, BuiltPage]:
        """Write the buckets where ``pages`` differ from what :meth:`load` gave (``loaded``);
        findings left unread come from ``untraced`` (that load's :meth:`untraced`), which
        reads the file before it is replaced. Gives the pages written, as loaded again
        would give them (without their untraced findings)."""
        grouped = _buckets(pages)
        written: dict[str, BuiltPage] = {}
        for bucket in self._buckets.changed(pages, loaded):
            group = grouped.get(bucket, {})
            findings = {name: page.lint.findings if page.lint.findings is not None
                        else untraced(name) for name, page in group.items()}
            light = {name: page if page.lint.findings is None
                     else replace(page, lint=replace(page.lint, findings=None))
                     for name, page in group.items()}
            try:
                _write(self._buckets.file(bucket), (self._buckets.stamp, light), findings)
            except OSError:
                break
            written.update(light)
        return written


def load_snapshot(root: Path, output: Path, stamp: str) -> Snapshot:
    """The previous build's snapshot, or an empty one when it is missing, unreadable or stale;
    pages of an unreadable bucket are simply not in it."""
    head = _load(_file(root, output, "head"))
    if not (isinstance(head, tuple) and len(head) == 3 and head[0] == stamp):
        return Snapshot(stamp)
    store = PageStore(root, output, stamp)
    return Snapshot(stamp, store.load(), head[1], head[2], store.untraced)


def save_snapshot(root: Path, output: Path, snapshot: Snapshot,
                  previous: Snapshot | None = None) -> dict[str, BuiltPage]:
    """Write the buckets whose pages differ from ``previous`` (the snapshot this build
    loaded), then the head; a cache that cannot be written only costs the next build time.
    Gives the pages written, without their untraced findings (:meth:`PageStore.save`)."""
    same_code = previous is not None and previous.stamp == snapshot.stamp
    try:
        (root / FOLDER).mkdir(parents=True, exist_ok=True)
    except OSError:
        return {}
    written = PageStore(root, output, snapshot.stamp).save(
        snapshot.pages, previous.pages if previous is not None and same_code else {},
        previous.untraced if previous is not None and same_code else no_findings_kept)
    _save(_file(root, output, "head"),
          (snapshot.stamp, dict(snapshot.extras), dict(snapshot.inputs)))
    return written


def save_findings(root: Path, output: Path, stamp: str, sources: str,
                  findings: tuple[Finding, ...]) -> None:
    """Keep a build's whole lint with the digest of the stamps of the content it read."""
    _save(_file(root, output, "findings"), (stamp, sources, findings))


def load_findings(root: Path, output: Path, stamp: str, sources: str
                  ) -> tuple[Finding, ...] | None:
    """The previous build's lint when it was made under ``stamp`` from these very sources."""
    kept = _load(_file(root, output, "findings"))
    if (not isinstance(kept, tuple) or len(kept) != 3 or kept[0] != stamp
            or kept[1] != sources or not isinstance(kept[2], tuple)):
        return None
    return kept[2]


def _buckets(values: Mapping[str, V]) -> dict[int, dict[str, V]]:
    buckets: dict[int, dict[str, V]] = {}
    for name, value in values.items():
        buckets.setdefault(_bucket(name), {})[name] = value
    return buckets


def _bucket(name: str) -> int:
    return zlib.crc32(name.encode("utf-8", "surrogateescape")) % BUCKETS


def _file(root: Path, output: Path, part: str) -> Path:
    """One file of the snapshot of the builds into ``output`` (``copydesk serve`` builds
    elsewhere)."""
    return root / FOLDER / f"pages-v{_FORMAT}-{output_key(output)}-{part}.pickle"


def _load(path: Path) -> object:
    try:
        with collection_paused():  # see copydesk.heap: unpickling makes no garbage
            return pickle.loads(path.read_bytes())
    except Exception:  # missing, truncated, from another Python or copydesk, edited
        return None


def _save(path: Path, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, value)
    except OSError:
        return


def _write(path: Path, *parts: object) -> None:
    """``parts`` pickled one after the other into ``path``, written as they are made: the
    pickle of a build's whole lint is never held whole in memory."""
    def dump(file: BinaryIO) -> None:
        for part in parts:
            pickle.dump(part, file, protocol=pickle.HIGHEST_PROTOCOL)

    with collection_paused():  # pickling makes no garbage (see copydesk.heap)
        write_atomic(path, dump)
