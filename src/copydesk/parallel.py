"""An order-preserving map over worker processes, for checks and builds of many files.

``process_map(function, items)`` returns ``[function(item) for item in items]``, computed in
a :class:`~concurrent.futures.ProcessPoolExecutor` in chunks (one pickling round trip per
chunk, not per item). Short runs stay in this process: starting workers and shipping them
the work costs more than a few files take to lint or render. ``function`` and the items
must pickle (a module-level function, or a :func:`functools.partial` of one); an exception
raised by ``function`` in a worker is raised again here, as it would be serially.

Long runs go in rounds of at most :data:`ROUND` items, each round in a pool of fresh workers:
a worker's memory grows with the items it does (its allocations fill, and so copy, pages
it shares with the parent; its caches and the largest item it met stay), so no worker
lives through the whole run.

A progress bar (rich, on stderr) shows on long runs when stderr is a terminal, never in CI
logs or pipes.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, as_completed
from contextlib import nullcontext
from typing import TYPE_CHECKING, Generic, TypeVar

from copydesk.heap import collection_paused

# rich is imported only when a bar is shown (it slows every short run), and the process pool
# (multiprocessing) only when workers are started.
if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from rich.progress import Progress, TaskID

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a run stays serial: forking workers and pickling their results
# costs about as much as linting a few dozen pages.
SERIAL_BELOW = 32
# A bar for a run of a few seconds or more; shorter ones would only flicker.
PROGRESS_FROM = 500
# A chunk is this share of the items left per worker, at most _MAX_CHUNK items: large
# chunks while much is left (few pickling round trips), ever smaller ones towards the end,
# so that no core waits long for the last chunk of the other (64 pages are a second).
_CHUNKS_PER_JOB = 8
_MAX_CHUNK = 64
# Items per round of fresh workers: at 10,000 pages a build's two workers each grew by
# some 75 MiB of pages copied from the parent; each round costs its workers a fork, an exit
# and ~17 K copy-on-write faults each, and their caches start cold. A 10,000-post build has
# 10,018 pages: 5 rounds of 2,004 (peak PSS 386 MiB), where 2,000 made 6 of 1,670 (374 MiB;
# the workers' faults 234 K against 209 K) and 4 of 2,505 reach 398 MiB.
ROUND = 2100


def available_cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the host's)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # macOS and Windows have no affinity call
        return max(os.cpu_count() or 1, 1)


def chunk_sizes(items: int, jobs: int) -> list[int]:
    """The sizes of the chunks, in order, that ``items`` are cut into for ``jobs`` workers."""
    sizes = []
    while items:
        size = max(1, min(_MAX_CHUNK, items // (jobs * _CHUNKS_PER_JOB)))
        sizes.append(size)
        items -= size
    return sizes


def process_map(function: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None,
                description: str = "working", progress: bool | None = None,
                meanwhile: Callable[[], object] | None = None) -> list[R]:
    """``[function(item) for item in items]``, over ``jobs`` processes (default: every core).

    ``progress`` None shows the bar only for long runs on a terminal. ``meanwhile``: work
    of this process that needs none of the results, done here once the workers have
    begun (before the items when the run stays in this process): the work a build's main
    process did alone after its pool, one core idle, is done while the workers build.
    """
    workers = _workers(jobs, len(items))
    show = (progress if progress is not None
            else len(items) >= PROGRESS_FROM and sys.stderr.isatty())
    if workers <= 1:
        if meanwhile is not None:
            meanwhile()
        return _serial(function, items, description, show)
    collecting = gc.isenabled()
    results: list[R] = []
    # Forked workers share the parent's memory until either writes to it, and a garbage
    # collection writes to every object it visits. So the parent does not collect while
    # its workers run (it only gathers their results), and each worker freezes what it
    # inherited (a loaded project, a build cache, the rules): it stays shared. Objects the
    # caller froze (copydesk.heap.long_lived) stay frozen afterwards.
    with collection_paused(), (_bar() if show else nullcontext()) as bar:
        task = bar.add_task(description, total=len(items)) if bar is not None else None
        rounds = -(-len(items) // ROUND)
        size = -(-len(items) // rounds)  # rounds of equal size: no short last one
        for start in range(0, len(items), size):
            chunks = _chunks(items[start:start + size], workers)
            with _pool(workers, collecting) as executor:
                futures = [executor.submit(_run_chunk, function, chunk) for chunk in chunks]
                if meanwhile is not None:
                    try:
                        meanwhile()
                    except BaseException:
                        for future in futures:  # the chunks not begun are not waited for
                            future.cancel()
                        raise
                    meanwhile = None
                if bar is not None and task is not None:
                    _follow(bar, task, futures, chunks)
                results.extend(result for future in futures for result in future.result())
    return results


class Begun(Generic[R]):
    """A map begun over worker processes (:func:`begin_map`) while this process goes on."""

    def __init__(self, chunks: Sequence[Callable[[], list[R]]],
                 executor: ProcessPoolExecutor | None = None) -> None:
        """``chunks``: each gives the results of a chunk of the items, in order, waiting
        for them (or making them) when called."""
        self._chunks, self._executor = chunks, executor

    def each(self) -> Iterator[R]:
        """Its results one by one, in the items' order, each chunk's as soon as it is done
        (while the workers are on the next ones); once the last is given, its workers have
        ended (as at the end of a process_map: none is left running, or holding a lock,
        when this process forks the next pool). Left unfinished, or failing, it is
        cancelled."""
        try:
            for chunk in self._chunks:
                yield from chunk()
        except BaseException:  # also the generator closed before its end
            self.cancel()
            raise
        if self._executor is not None:
            self._executor.shutdown()
            self._executor = None

    def cancel(self) -> None:
        """Stop it: the chunks not started are dropped, and the workers end once the ones
        they are on are done (this process does not wait for them)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def begin_map(function: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None
              ) -> Begun[R]:
    """:func:`process_map` begun: the workers start on the items while this process does
    something else (the articles of a cold build are parsed while it loads the data files)
    and :meth:`Begun.each` gives the results, each chunk's as it is done. In one round
    of workers, with no progress bar; a short run, or one with one job, is done in this
    process when its results are asked for."""
    workers = _workers(jobs, len(items))
    if workers <= 1:
        return Begun([lambda: _serial(function, items, "", False)])
    executor = _pool(workers, gc.isenabled())
    futures = [executor.submit(_run_chunk, function, chunk)
               for chunk in _chunks(items, workers)]
    return Begun([future.result for future in futures], executor)


def _workers(jobs: int | None, items: int) -> int:
    """The worker processes a run of ``items`` gets (``jobs``, default every core); 1 or
    less: the run stays in this process (a short run always does)."""
    return 1 if items < SERIAL_BELOW else min(jobs if jobs is not None
                                              else available_cores(), items)


def _pool(workers: int, collecting: bool) -> ProcessPoolExecutor:
    """A pool of ``workers`` forked processes, started by :func:`_start_worker`
    (``collecting``: whether this process collected cycles before its pause)."""
    # Imported here: it brings in multiprocessing, which a build of a few pages never uses.
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               initargs=(os.getpid(), collecting))


def _chunks(items: Sequence[T], jobs: int) -> list[Sequence[T]]:
    """``items`` cut as :func:`chunk_sizes` says."""
    chunks = []
    start = 0
    for size in chunk_sizes(len(items), jobs):
        chunks.append(items[start:start + size])
        start += size
    return chunks


def _start_worker(parent: int, collecting: bool) -> None:
    """Worker start-up: leave what the parent made to it, collect only what the worker
    makes (if the parent collected before its pause, which the fork copied), and end with
    the parent."""
    _die_with_parent(parent)
    gc.freeze()
    if collecting:
        gc.enable()


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """End with the run that started the worker (Linux). A run killed outright
    (SIGKILL) cannot stop its pool, and its workers would wait for work for ever, holding
    the build lock they inherited."""
    import ctypes  # here, in the workers: a rebuild of a few pages starts none

    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the run died before the signal was arranged
        os._exit(1)


def _run_chunk(function: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    return [_settled(_paused(function, item)) for item in chunk]


def _settled(result: R) -> R:
    """In a worker, after an item: collect what it left in a cycle, then freeze what
    survives (the caches rules share across files, such as split texts) so that later
    collections never walk it again; a worker lives for one run."""
    gc.collect(0)
    gc.freeze()
    return result


def _paused(function: Callable[[T], R], item: T) -> R:
    """``function(item)`` with the cyclic collector paused (copydesk.heap): what one item
    makes (a parsed page, its tokens) dies with it by reference counting, and collections
    in the middle of it only walked those objects again and again. Cycles it leaves are
    collected once it is done."""
    with collection_paused():
        return function(item)


def _serial(function: Callable[[T], R], items: Sequence[T], description: str,
            show: bool) -> list[R]:
    if not show:
        return [_paused(function, item) for item in items]
    with _bar() as bar:
        task = bar.add_task(description, total=len(items))
        results: list[R] = []
        for item in items:
            results.append(_paused(function, item))
            bar.update(task, advance=1, refresh=True)
        return results


def _follow(bar: Progress, task: TaskID, futures: Sequence[Future[list[R]]],
            chunks: Sequence[Sequence[T]]) -> None:
    """Advance the bar as chunks finish, in whatever order the workers finish them."""
    sizes = {id(future): len(chunk) for future, chunk in zip(futures, chunks, strict=True)}
    for future in as_completed(futures):
        bar.update(task, advance=sizes[id(future)], refresh=True)


def _bar() -> Progress:
    """A bar redrawn when advanced, by the thread that advances it: the rounds' workers
    are forked while it shows, and a fork copies no other thread, nor releases a lock
    (of the terminal's stream) one held."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    return Progress("[progress.description]{task.description}", BarColumn(),
                    MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True, auto_refresh=False)
