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

The build's whole lint is a file of its own, read only when a build renders nothing and
finds every source as it was.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from copydesk.atomic import write_bytes_atomic
from copydesk.heap import collection_paused
from copydesk.site.cache import FORMAT, BuiltPage, Snapshot
from copydesk.site.noop import FOLDER, output_key

if TYPE_CHECKING:
    from copydesk.lint.finding import Finding

BUCKETS = 64
V = TypeVar("V")
_FORMAT = f"{FORMAT}.3"  # .2: pages in buckets; .3: the head keeps the feed's inputs


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
            kept = _load(self._file(bucket))
            if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == self.stamp:
                values.update(kept[1])
        return values

    def save(self, values: Mapping[str, V], loaded: Mapping[str, V]) -> None:
        """Write the buckets where ``values`` differ from what :meth:`load` gave (``loaded``):
        another name, or another object for a name."""
        self.write(values, self.changed(values, loaded))

    def changed(self, values: Mapping[str, V], loaded: Mapping[str, V]) -> set[int]:
        new, old = _buckets(values), _buckets(loaded)
        return {bucket for bucket in range(BUCKETS)
                if (mine := new.get(bucket, {})).keys() != (before := old.get(bucket, {})).keys()
                or any(value is not before[name] for name, value in mine.items())}

    def write(self, values: Mapping[str, V], buckets: set[int]) -> None:
        grouped = _buckets(values)
        for bucket in buckets:
            _save(self._file(bucket), (self.stamp, grouped.get(bucket, {})))

    def _file(self, bucket: int) -> Path:
        return self.prefix.with_name(f"{self.prefix.name}-{bucket:02d}.pickle")


def load_snapshot(root: Path, output: Path, stamp: str) -> Snapshot:
    """The previous build's snapshot, or an empty one when it is missing, unreadable or stale;
    pages of an unreadable bucket are simply not in it."""
    head = _load(_file(root, output, "head"))
    if not (isinstance(head, tuple) and len(head) == 3 and head[0] == stamp):
        return Snapshot(stamp)
    return Snapshot(stamp, _pages(root, output, stamp).load(), head[1], head[2])


def save_snapshot(root: Path, output: Path, snapshot: Snapshot,
                  previous: Snapshot | None = None) -> None:
    """Write the buckets whose pages differ from ``previous`` (the snapshot this build
    loaded), then the head; a cache that cannot be written only costs the next build time."""
    same_code = previous is not None and previous.stamp == snapshot.stamp
    _pages(root, output, snapshot.stamp).save(
        snapshot.pages, previous.pages if previous is not None and same_code else {})
    _save(_file(root, output, "head"),
          (snapshot.stamp, dict(snapshot.extras), dict(snapshot.inputs)))


def _pages(root: Path, output: Path, stamp: str) -> Buckets[BuiltPage]:
    return Buckets(root / FOLDER / f"pages-v{_FORMAT}-{output_key(output)}", stamp)


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
        buckets.setdefault(zlib.crc32(name.encode("utf-8", "surrogateescape")) % BUCKETS,
                           {})[name] = value
    return buckets


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
        write_bytes_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        return
