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
from typing import TYPE_CHECKING

from copydesk.atomic import write_bytes_atomic
from copydesk.site.cache import FOLDER, FORMAT, BuiltPage, Snapshot, digest

if TYPE_CHECKING:
    from copydesk.lint.finding import Finding

BUCKETS = 64
_FORMAT = f"{FORMAT}.2"  # .2: pages in buckets


def spare_site(root: Path, output: Path) -> Path:
    """Where the site before last is kept, to become the next build's staging
    (``copydesk.site.writer``)."""
    return root / FOLDER.parent / f"site-spare-{_output_key(output)}"


def load_snapshot(root: Path, output: Path, stamp: str) -> Snapshot:
    """The previous build's snapshot, or an empty one when it is missing, unreadable or stale;
    pages of an unreadable bucket are simply not in it."""
    head = _load(_file(root, output, "head"))
    if not (isinstance(head, tuple) and len(head) == 2 and head[0] == stamp):
        return Snapshot(stamp)
    pages: dict[str, BuiltPage] = {}
    for bucket in range(BUCKETS):
        kept = _load(_file(root, output, f"{bucket:02d}"))
        if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == stamp:
            pages.update(kept[1])
    return Snapshot(stamp, pages, head[1])


def save_snapshot(root: Path, output: Path, snapshot: Snapshot,
                  previous: Snapshot | None = None) -> None:
    """Write the buckets whose pages differ from ``previous`` (the snapshot this build
    loaded), then the head; a cache that cannot be written only costs the next build time."""
    new, old = _buckets(snapshot.pages), _buckets(previous.pages if previous else {})
    same_code = previous is not None and previous.stamp == snapshot.stamp
    for bucket in range(BUCKETS):
        pages, before = new.get(bucket, {}), old.get(bucket, {})
        if (same_code and pages.keys() == before.keys()
                and all(page is before[name] for name, page in pages.items())):
            continue
        _save(_file(root, output, f"{bucket:02d}"), (snapshot.stamp, pages))
    _save(_file(root, output, "head"), (snapshot.stamp, dict(snapshot.extras)))


def save_findings(root: Path, output: Path, stamp: str, sources: Mapping[str, tuple[int, int]],
                  findings: tuple[Finding, ...]) -> None:
    """Keep a build's whole lint with the (size, mtime) of each content file it read."""
    _save(_file(root, output, "findings"), (stamp, dict(sources), findings))


def load_findings(root: Path, output: Path, stamp: str, sources: Mapping[str, tuple[int, int]]
                  ) -> tuple[Finding, ...] | None:
    """The previous build's lint when it was made under ``stamp`` from these very sources."""
    kept = _load(_file(root, output, "findings"))
    if (not isinstance(kept, tuple) or len(kept) != 3 or kept[0] != stamp
            or kept[1] != sources or not isinstance(kept[2], tuple)):
        return None
    return kept[2]


def _buckets(pages: Mapping[str, BuiltPage]) -> dict[int, dict[str, BuiltPage]]:
    buckets: dict[int, dict[str, BuiltPage]] = {}
    for name, page in pages.items():
        buckets.setdefault(zlib.crc32(name.encode("utf-8", "surrogateescape")) % BUCKETS,
                           {})[name] = page
    return buckets


def _output_key(output: Path) -> str:
    return digest(str(output.absolute()))[:12]


def _file(root: Path, output: Path, part: str) -> Path:
    """One file of the snapshot of the builds into ``output`` (``copydesk serve`` builds
    elsewhere)."""
    return root / FOLDER / f"pages-v{_FORMAT}-{_output_key(output)}-{part}.pickle"


def _load(path: Path) -> object:
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # missing, truncated, from another Python or copydesk, edited
        return None


def _save(path: Path, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        return
