"""A built page's findings kept as bytes, and spilled to a temporary file during a build.

A cold build holds every page until its save, and the findings of each, before and after
tracing, were most of its memory: some 14 KB of objects a page, 140 MB at 10,000 pages.
A :class:`PackedLint` keeps them pickled together, as the build cache stores them
(``site.snapshot_store``, ``stored.heavy_blob``), and unpickles them each time one is read:
the traced findings alone when only they are (the build's lint), both otherwise. Pages are
read one at a time (traced, then reported), so the fields last read are remembered:
reading a page's findings and then its traced findings unpickles once, and
``dataclasses.replace`` on it (which reads both and makes a new PackedLint) keeps the same
bytes when neither changed.

A process that receives packed lints from its workers (a build's main process) spills
the bytes of those, and of the lints it packs while any of them lives, to an unnamed
temporary file instead of memory, read back when asked for; workers keep theirs in
memory, to send them back. The file is closed and gone once no page refers to it.
"""

from __future__ import annotations

import os
import tempfile
import threading
import weakref
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from copydesk.lint.finding import Finding
from copydesk.site.cache import BuiltPage, PageLint, TracedLint
from copydesk.site.stored import (
    Heavy,
    heavy_blob,
    heavy_in,
    page_of,
    record_of,
    traced_in,
    with_lint,
)

J = TypeVar("J")


class _Spool:
    """An unnamed temporary file of this process that blobs are appended to."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the spool
        self.end = 0
        self.lock = threading.Lock()  # results arrive on the pool's thread

    def put(self, blob: bytes) -> tuple[int, int]:
        with self.lock:
            offset, self.end = self.end, self.end + len(blob)
        os.pwrite(self.file.fileno(), blob, offset)
        return offset, len(blob)

    def get(self, offset: int, length: int) -> bytes:
        return os.pread(self.file.fileno(), length, offset)


class _Spilled:
    """Where a blob is in a spool (which it keeps open)."""

    __slots__ = ("length", "offset", "spool")

    def __init__(self, spool: _Spool, blob: bytes) -> None:
        self.spool = spool
        self.offset, self.length = spool.put(blob)

    def read(self) -> bytes:
        return self.spool.get(self.offset, self.length)


Kept = bytes | _Spilled
# The spool of the process that made it (a forked worker inherits it, and must not write
# to it), while a page refers to it.
_spooling: tuple[int, weakref.ref[_Spool]] | None = None
_spool_made = threading.Lock()
# The heavy fields last packed or unpacked: (), (traced,) or (traced, findings) read of them.
_last: tuple[Kept, tuple[Any, ...]] = (b"", ())


class PackedLint(PageLint):
    """A page's lint whose findings and traced findings are kept pickled together."""

    def __init__(self, key: str, findings: tuple[Finding, ...], facts: Any,
                 traced: TracedLint | None = None, trace: Any = None, report: Any = None
                 ) -> None:
        self.__dict__.update(key=key, facts=facts, trace=trace, report=report,
                             _heavy=_packed((findings, traced)))

    @property
    def findings(self) -> tuple[Finding, ...]:
        return _unpacked(self.__dict__["_heavy"])[0]

    @property
    def traced(self) -> TracedLint | None:
        return _traced(self.__dict__["_heavy"])

    @property
    def heavy_bytes(self) -> bytes:
        """Its heavy fields pickled, as the build cache stores them."""
        return _bytes(self.__dict__["_heavy"])

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_heavy": self.heavy_bytes}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _heavy=_spilled(state["_heavy"], received=True))


def _bytes(kept: Kept) -> bytes:
    return kept if isinstance(kept, bytes) else kept.read()


def _spilled(blob: bytes, received: bool = False) -> Kept:
    """``blob`` in this process's spool, when it has one or ``received`` it from a worker."""
    global _spooling
    with _spool_made:  # results are received on the pool's thread
        spooling = _spooling
        spool = spooling[1]() if spooling is not None and spooling[0] == os.getpid() else None
        if spool is None and received:
            spool = _Spool()
            _spooling = os.getpid(), weakref.ref(spool)
    return blob if spool is None else _Spilled(spool, blob)


def _traced(kept: Kept) -> TracedLint | None:
    global _last
    last = _last  # read once: another thread may replace it
    if last[0] is kept and last[1]:
        traced: TracedLint | None = last[1][0]
        return traced
    traced = traced_in(_bytes(kept))
    _last = kept, (traced,)
    return traced


def _unpacked(kept: Kept) -> Heavy:
    global _last
    last = _last
    if last[0] is kept and len(last[1]) == 2:
        return last[1][1], last[1][0]
    findings, traced = heavy_in(_bytes(kept))
    _last = kept, (traced, findings)
    return findings, traced


def _packed(heavy: Heavy) -> Kept:
    global _last
    kept, known = _last
    if len(known) < 2 or known[1] is not heavy[0] or known[0] is not heavy[1]:
        kept = _spilled(heavy_blob(*heavy))
        _last = kept, (heavy[1], heavy[0])
    return kept


def packed(lint: PageLint) -> PackedLint:
    """``lint`` with its heavy fields pickled (:class:`PackedLint`)."""
    if isinstance(lint, PackedLint):
        return lint
    return PackedLint(lint.key, lint.findings, lint.facts, lint.traced, lint.trace, lint.report)


_HEAVY_FIELDS = frozenset(("findings", "traced"))


def relinted(lint: PageLint, **changes: Any) -> PageLint:
    """``dataclasses.replace(lint, **changes)``, without reading a packed lint's heavy
    fields when ``changes`` leave them as they are: ``replace`` reads every field, and so
    unpickled each page's findings once more only to pack the same bytes again (the
    build's lint sets the trace and the report of every page of a cold build)."""
    if not isinstance(lint, PackedLint) or changes.keys() & _HEAVY_FIELDS:
        return replace(lint, **changes)
    made = PackedLint.__new__(PackedLint)
    made.__dict__.update(lint.__dict__, **changes)
    return made


def packed_page(build: Callable[[J], BuiltPage], job: J) -> BuiltPage:
    """The page ``build`` makes of ``job``, kept as its record in the build cache's index
    (``site.stored``) with its lint packed: run where it is built, a worker sends the
    build bytes and plain values, not the objects of every finding, claim and input, and
    the main process holds those until the save (as the save writes them)."""
    page = build(job)
    return with_lint(page_of(record_of(page)), packed(page.lint))
