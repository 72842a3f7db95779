"""The build cache's files on disk: mappings in buckets, so a save rewrites only what changed.

A mapping by name (the build's pages, the parse memo) is kept as :data:`BUCKETS` pickles,
each name in the bucket it hashes to; every file is replaced atomically and read only with
the code stamp it was written under; anything unreadable is dropped without a word (what
it held is made again, never a failure). How the build's pages use this is
``copydesk.site.snapshot_store``'s business.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import BinaryIO, Generic, TypeVar

from copydesk.atomic import write_atomic
from copydesk.heap import collection_paused
from copydesk.site.cache import FORMAT
from copydesk.site.noop import FOLDER, output_key

BUCKETS = 64
V = TypeVar("V")
# .2: pages in buckets; .3: the feed's inputs; .4: findings apart; .5: heavy parts per page;
# .6: pages as plain records; .7: a record's dependencies marshalled; .8: a heavy part's
# traced findings readable alone (stored.heavy_blob); .9: a record's rare fields apart
_FORMAT = f"{FORMAT}.9"


# A file kept as a base and the entries changed since it (the build's plan, the site rules'
# index) is written whole again once those entries are more than a tenth of all, and than
# BASE_LEAST: a few dozen cost nothing to put back.
BASE_SHARE, BASE_LEAST = 10, 64


def base_outgrown(changed: int, total: int) -> bool:
    """Whether ``changed`` entries of ``total`` are too many to keep beside their base."""
    return changed > max(BASE_LEAST, total // BASE_SHARE)


def spare_site(root: Path, output: Path) -> Path:
    """Where the site before last is kept, to become the next build's staging
    (``copydesk.site.writer``)."""
    return root / FOLDER.parent / f"site-spare-{output_key(output)}"


class Buckets(Generic[V]):
    """A mapping by name kept as ``count`` pickles ``<prefix>-NN.pickle``, each name in the
    bucket ``place`` puts it in (by default, of :data:`BUCKETS`, the one it hashes to);
    each bucket is read only with the ``stamp`` (code) it was written under."""

    def __init__(self, prefix: Path, stamp: str, place: Callable[[str], int] | None = None,
                 count: int = BUCKETS) -> None:
        self.prefix = prefix
        self.stamp = stamp
        self.place = place or bucket_of
        self.count = count

    def load(self, buckets: Iterable[int] | None = None) -> dict[str, V]:
        """The values of ``buckets`` (every one unless told)."""
        values: dict[str, V] = {}
        for bucket in range(self.count) if buckets is None else buckets:
            kept = load_pickle(self.file(bucket))
            if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == self.stamp:
                values.update(kept[1])
        return values

    def changed(self, values: Mapping[str, V], loaded: Mapping[str, V]) -> set[int]:
        """The buckets where ``values`` differ from what :meth:`load` gave (``loaded``):
        another name, or another object for a name."""
        # By identity, name by name: a hash only for the few names that changed.
        names = {name for name, value in values.items() if loaded.get(name) is not value}
        names.update(name for name in loaded if name not in values)
        return {self.place(name) for name in names}

    def write(self, values: Mapping[str, V], buckets: set[int]) -> None:
        grouped: dict[int, dict[str, V]] = {}
        for name, value in values.items():
            grouped.setdefault(self.place(name), {})[name] = value
        for bucket in buckets:
            save_pickle(self.file(bucket), (self.stamp, grouped.get(bucket, {})))

    def file(self, bucket: int) -> Path:
        return self.prefix.with_name(f"{self.prefix.name}-{bucket:02d}.pickle")


def bucket_of(name: str) -> int:
    return zlib.crc32(name.encode("utf-8", "surrogateescape")) % BUCKETS


def cache_prefix(root: Path, output: Path) -> Path:
    """Where the build cache of the builds into ``output`` is kept (``copydesk serve``
    builds elsewhere): ``<prefix>-<part>.pickle`` files."""
    return root / FOLDER / f"pages-v{_FORMAT}-{output_key(output)}"


def cache_file(root: Path, output: Path, part: str) -> Path:
    prefix = cache_prefix(root, output)
    return prefix.with_name(f"{prefix.name}-{part}.pickle")


def load_pickle(path: Path) -> object:
    """What ``path`` holds; None when it cannot be read. Unpickled from the file, not from
    its bytes read whole: a rebuild reads some 35 MB of these, and each file's bytes were
    memory touched (a page fault each 4 KB) to be dropped at once."""
    try:
        with path.open("rb") as file, collection_paused():  # unpickling makes no garbage
            return pickle.load(file)
    except Exception:  # missing, truncated, from another Python or copydesk, edited
        return None


def load_after(path: Path, wanted: Callable[[object], bool]) -> object:
    """The value :func:`save_pickle` wrote after a head in ``path``, when that head is
    ``wanted``; None when it is not, or when either cannot be read. A large value is not
    unpickled for nothing, nor held pickled (as bytes in one pickle with its head, it was:
    9 MB more of memory touched for the build's plan at 10,000 posts)."""
    try:
        with path.open("rb") as file, collection_paused():  # unpickling makes no garbage
            return pickle.load(file) if wanted(pickle.load(file)) else None
    except Exception:  # missing, truncated, from another Python or copydesk, edited
        return None


def save_pickle(path: Path, value: object, *after: object) -> bool:
    """Write ``value`` to ``path``, and each of ``after`` pickled after it (a head, then
    what :func:`load_after` reads for it); False when it could not be (a cache: it costs
    time only)."""

    def dump(file: BinaryIO) -> None:
        for each in (value, *after):
            pickle.dump(each, file, protocol=pickle.HIGHEST_PROTOCOL)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with collection_paused():  # pickling makes no garbage (see copydesk.heap)
            # Written as it is made: the pickle of a build's whole lint is never held whole.
            write_atomic(path, dump)
    except OSError:
        return False
    return True
