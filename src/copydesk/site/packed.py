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
temporary file instead of memory, read back when asked for. The file is closed and gone
once no page refers to it. A build makes it before its workers are forked
(:func:`spooling`), and each worker appends the bytes of the lints it packs to it, through
a descriptor of its own (:class:`_Appender`), and sends where they are: 9.5 KB of the 16 KB
a page sent, which the main process read from a pipe and wrote to the file, ~35 us a page
of its CPU. Where a worker cannot (no ``/proc``), it sends the bytes.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    """An unnamed temporary file of this process that blobs are appended to, by it and by
    the workers forked from it (:class:`_Appender`)."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the spool
        self.descriptor = self.file.fileno()
        # Every write lands at the file's end, as the workers' writes left it.
        flags = fcntl.fcntl(self.descriptor, fcntl.F_GETFL)
        fcntl.fcntl(self.descriptor, fcntl.F_SETFL, flags | os.O_APPEND)
        status = os.fstat(self.descriptor)
        self.identity = status.st_dev, status.st_ino
        self.lock = threading.Lock()  # results arrive on the pool's thread

    def put(self, blob: bytes) -> tuple[int, int]:
        with self.lock:
            placed = _appended(self.descriptor, blob)
        if placed is None:
            raise OSError(errno.ENOSPC, "the build's spool file took part of a blob")
        return placed

    def get(self, offset: int, length: int) -> bytes:
        return os.pread(self.descriptor, length, offset)


class _Appender:
    """A forked worker's descriptor of the spool of the process that forked it, opened
    anew (``/proc/self/fd``): its file offset is its own, so that after each write it
    tells where that write landed, whatever the other workers append."""

    def __init__(self, spool: _Spool) -> None:
        self.descriptor = os.open(f"/proc/self/fd/{spool.descriptor}",
                                  os.O_RDWR | os.O_APPEND | os.O_CLOEXEC)
        self.identity = spool.identity

    def put(self, blob: bytes) -> tuple[int, int] | None:
        try:
            return _appended(self.descriptor, blob)
        except OSError:  # a full disk: the worker sends the bytes
            return None

    def get(self, offset: int, length: int) -> bytes:
        return os.pread(self.descriptor, length, offset)


def _appended(descriptor: int, blob: bytes) -> tuple[int, int] | None:
    """Append ``blob`` through ``descriptor`` (opened with O_APPEND, which the system makes
    one step with finding the end); its (offset, length), None when only part went."""
    written = os.write(descriptor, blob)
    end = os.lseek(descriptor, 0, os.SEEK_CUR)
    return (end - written, written) if written == len(blob) else None


class _Spilled:
    """Where a blob is in a spool (which it keeps open)."""

    __slots__ = ("length", "offset", "spool")

    def __init__(self, spool: _Spool | _Appender, offset: int, length: int) -> None:
        self.spool, self.offset, self.length = spool, offset, length

    def read(self) -> bytes:
        return self.spool.get(self.offset, self.length)


# A blob a worker appended to the spool of the process it sends it to (its parent): the
# spool file's (device, inode), the blob's offset and its length. A plain tuple, sent with
# every page a worker builds: a NamedTuple's pickling and unpickling each called Python
# (~11.9 K instructions a round trip, a plain tuple's ~1.9 K).
_InSpool = tuple[tuple[int, int], int, int]


Kept = bytes | _Spilled
# The spool of the process that made it while a page refers to it (or :func:`spooling`
# keeps it); a worker forked from that process appends to it (_appending).
_spooling: tuple[int, weakref.ref[_Spool]] | None = None
_spool_made = threading.Lock()
_appending: tuple[int, _Appender | None] | None = None  # this worker's, by process id
# The heavy fields last packed or unpacked: (), (traced,) or (traced, findings) read of them.
_last: tuple[Kept, tuple[Any, ...]] = (b"", ())


@contextmanager
def spooling() -> Iterator[None]:
    """Make this process a new spool now and keep it while in the block: the workers
    forked here append their pages' findings to it instead of sending them. A new one at
    each build: a process that builds again and again (``copydesk serve``) would grow one
    file for ever, which an earlier build's pages, while they live, still keep open."""
    global _spooling
    spool = _Spool()
    with _spool_made:
        _spooling = os.getpid(), weakref.ref(spool)
    try:
        yield
    finally:
        del spool  # now kept by the pages whose findings are in it


def _own_spool(make: bool) -> _Spool | None:
    """This process's spool; made when there is none and ``make``."""
    global _spooling
    with _spool_made:  # results are received on the pool's thread
        spooling = _spooling
        spool = spooling[1]() if spooling is not None and spooling[0] == os.getpid() else None
        if spool is None and make:
            spool = _Spool()
            _spooling = os.getpid(), weakref.ref(spool)
    return spool


def _parent_spool() -> _Appender | None:
    """This worker's appender to the spool of the process that forked it, if it has one."""
    global _appending
    pid = os.getpid()
    if _appending is None or _appending[0] != pid:
        spooling = _spooling
        spool = (spooling[1]() if spooling is not None and spooling[0] == os.getppid()
                 else None)
        appender = None
        if spool is not None:
            with contextlib.suppress(OSError):  # no /proc: the bytes are sent
                appender = _Appender(spool)
        _appending = pid, appender
    return _appending[1]


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
        kept = self.__dict__["_heavy"]
        if isinstance(kept, _Spilled) and isinstance(kept.spool, _Appender):
            # In the spool of the process it is sent to (a worker sends to its parent).
            return {**self.__dict__,
                    "_heavy": (kept.spool.identity, kept.offset, kept.length)}
        return {**self.__dict__, "_heavy": self.heavy_bytes}

    def __setstate__(self, state: dict[str, Any]) -> None:
        heavy = state["_heavy"]
        self.__dict__.update(state, _heavy=_received(heavy) if isinstance(heavy, tuple)
                             else _spilled(heavy, received=True))


def _bytes(kept: Kept) -> bytes:
    return kept if isinstance(kept, bytes) else kept.read()


def _spilled(blob: bytes, received: bool = False) -> Kept:
    """``blob`` in this process's spool, when it has one or ``received`` it from a worker;
    in a worker, in its parent's spool when that has one."""
    spool = _own_spool(make=received)
    if spool is not None:
        return _Spilled(spool, *spool.put(blob))
    appender = _parent_spool()
    placed = appender.put(blob) if appender is not None else None
    return blob if appender is None or placed is None else _Spilled(appender, *placed)


def _received(where: _InSpool) -> _Spilled:
    """A blob a worker appended to this process's spool."""
    identity, offset, length = where
    spool = _own_spool(make=False)
    if spool is None or spool.identity != identity:
        raise RuntimeError("a page's findings are in a spool this process does not hold")
    return _Spilled(spool, offset, length)


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
    build bytes and plain values, not the objects of every finding, claim and input (its
    findings' bytes it appends to the build's spool, see :func:`spooling`), and the main
    process holds those until the save (as the save writes them)."""
    page = build(job)
    return with_lint(page_of(record_of(page)), packed(page.lint))
