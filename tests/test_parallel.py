"""process_map: same results as a list comprehension, in order, serial when short."""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import tempfile
import time
import weakref
from collections.abc import Iterable
from functools import partial
from pathlib import Path

import pytest

from copydesk import parallel
from copydesk.config import load_config
from copydesk.heap import long_lived
from copydesk.lint import runner
from copydesk.lint.document import Document
from copydesk.lint.finding import Severity
from copydesk.lint.registry import select_rules
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.runner import check_paths
from copydesk.parallel import (
    SERIAL_BELOW,
    available_cores,
    begin_map,
    chunk_sizes,
    process_map,
)


def _square_with_pid(value: int) -> tuple[int, int]:
    return value * value, os.getpid()


def _fail_on(bad: int, value: int) -> int:
    if value == bad:
        raise ValueError(f"bad item {value}")
    return value


def test_results_keep_the_order_of_the_items_across_workers() -> None:
    items = list(range(SERIAL_BELOW * 4, 0, -1))
    results = process_map(_square_with_pid, items, jobs=2, progress=False)
    assert [square for square, _ in results] == [item * item for item in items]
    assert {pid for _, pid in results} - {os.getpid()}, "a long run uses worker processes"


@pytest.mark.parametrize("progress", [False, True])
def test_a_long_run_goes_in_rounds_of_fresh_workers(monkeypatch: pytest.MonkeyPatch,
                                                     progress: bool) -> None:
    monkeypatch.setattr(parallel, "ROUND", SERIAL_BELOW * 2)
    items = list(range(SERIAL_BELOW * 5))  # three rounds of equal size
    results = process_map(_square_with_pid, items, jobs=2, progress=progress)
    assert [square for square, _ in results] == [item * item for item in items]
    third = len(items) // 3
    rounds = [{pid for _, pid in results[start:start + third]} for start in (0, third * 2)]
    assert rounds[0] and rounds[1] and not rounds[0] & rounds[1]
    assert os.getpid() not in rounds[0] | rounds[1]


def test_a_short_run_stays_in_this_process() -> None:
    items = list(range(SERIAL_BELOW - 1))
    results = process_map(_square_with_pid, items, jobs=2, progress=False)
    assert [square for square, _ in results] == [item * item for item in items]
    assert {pid for _, pid in results} == {os.getpid()}


def test_one_job_stays_in_this_process_however_long_the_run() -> None:
    results = process_map(_square_with_pid, list(range(SERIAL_BELOW * 3)), jobs=1)
    assert {pid for _, pid in results} == {os.getpid()}


@pytest.mark.parametrize("count", [SERIAL_BELOW - 1, SERIAL_BELOW * 3])
def test_an_exception_in_a_worker_is_raised_here_as_it_is_serially(count: int) -> None:
    with pytest.raises(ValueError, match="bad item 7"):
        process_map(partial(_fail_on, 7), list(range(count)), jobs=2, progress=False)


def test_the_progress_bar_does_not_change_results() -> None:
    items = list(range(SERIAL_BELOW * 2))
    serial = process_map(partial(_fail_on, -1), items, jobs=1, progress=True)
    parallel = process_map(partial(_fail_on, -1), items, jobs=2, progress=True)
    assert serial == parallel == items


def test_no_items_give_no_results() -> None:
    assert process_map(_square_with_pid, [], jobs=4) == []


@pytest.mark.parametrize("count, jobs", [(SERIAL_BELOW - 1, 2), (SERIAL_BELOW * 3, 1),
                                         (SERIAL_BELOW * 4, 2)])
def test_meanwhile_runs_once_here_and_changes_no_result(count: int, jobs: int,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "ROUND", SERIAL_BELOW * 2)  # the long run in two rounds
    ran: list[int] = []
    items = list(range(count))
    results = process_map(_square_with_pid, items, jobs=jobs, progress=False,
                          meanwhile=lambda: ran.append(os.getpid()))
    assert ran == [os.getpid()]
    assert [square for square, _ in results] == [item * item for item in items]


def test_meanwhile_runs_while_the_workers_build() -> None:
    """Work given as meanwhile is done before the workers' results are waited for: here
    the workers wait for it (a file it writes), and would wait for ever otherwise."""
    with tempfile.TemporaryDirectory() as folder:
        flag = Path(folder) / "flag"
        items = list(range(SERIAL_BELOW * 2))
        results = process_map(partial(_after, flag), items, jobs=2, progress=False,
                              meanwhile=flag.touch)
    assert results == items


def _after(flag: Path, value: int) -> int:
    deadline = time.monotonic() + 30
    while not flag.exists():
        if time.monotonic() > deadline:
            raise TimeoutError("meanwhile was not run while the workers were")
        time.sleep(0.01)
    return value


def test_an_exception_in_meanwhile_is_raised_and_the_chunks_not_begun_are_dropped(
        tmp_path: Path) -> None:
    def fail() -> None:
        raise KeyError("meanwhile")

    items = list(range(600))  # 128 chunks of 20 ms a page
    with pytest.raises(KeyError, match="meanwhile"):
        process_map(partial(_noted, tmp_path), items, jobs=2, progress=False, meanwhile=fail)
    assert len(list(tmp_path.iterdir())) < len(items)


def _noted(folder: Path, value: int) -> int:
    (folder / str(value)).touch()
    time.sleep(0.02)
    return value


def _slow_square_with_pid(value: int) -> tuple[int, int]:
    time.sleep(0.001)
    return _square_with_pid(value)


def test_a_begun_map_gives_process_maps_results_while_this_process_goes_on() -> None:
    items = list(range(SERIAL_BELOW * 4, 0, -1))
    begun = begin_map(_slow_square_with_pid, items, jobs=2)
    here = [item * item for item in items]  # done meanwhile
    results = list(begun.each())
    assert [square for square, _ in results] == here
    assert os.getpid() not in {pid for _, pid in results}, "in worker processes"
    assert begun._executor is None  # its workers ended with it
    begun.cancel()  # done already: nothing to stop


def _held_until(marker: str, last: int, value: int) -> int:
    """``value``; the ``last`` one once ``marker`` exists (-1 if it never comes)."""
    deadline = time.monotonic() + 60
    while value == last and not os.path.exists(marker):
        if time.monotonic() > deadline:
            return -1
        time.sleep(0.01)
    return value


def test_a_begun_maps_results_are_given_chunk_by_chunk(tmp_path: Path) -> None:
    items = list(range(SERIAL_BELOW * 4))
    marker = tmp_path / "go"
    begun = begin_map(partial(_held_until, str(marker), items[-1]), items, jobs=2)
    results = begun.each()
    assert next(results) == 0  # while the last item waits for this process
    assert begun._executor is not None
    marker.touch()
    assert [0, *results] == items  # the last one let go, not timed out
    assert begun._executor is None  # its workers ended with its last result


def test_a_begun_map_left_unfinished_is_cancelled() -> None:
    begun = begin_map(_slow_square_with_pid, list(range(SERIAL_BELOW * 40)), jobs=2)
    executor = begun._executor
    assert executor is not None
    manager = executor._executor_manager_thread
    results = begun.each()
    assert next(results)[0] == 0
    results.close()
    assert begun._executor is None
    assert manager is not None
    manager.join(timeout=30)  # its workers end (see the test below); no fork meanwhile
    assert not manager.is_alive()


@pytest.mark.parametrize("count, jobs", [(SERIAL_BELOW - 1, 2), (SERIAL_BELOW * 3, 1)])
def test_a_begun_short_or_one_job_map_runs_here_when_asked(count: int, jobs: int) -> None:
    done: list[int] = []
    begun = begin_map(partial(_appended, done), list(range(count)), jobs=jobs)
    assert not done  # nothing before its results are asked for
    assert list(begun.each()) == list(range(count)) == done


def _appended(done: list[int], value: int) -> int:
    done.append(value)
    return value


@pytest.mark.parametrize("count", [SERIAL_BELOW - 1, SERIAL_BELOW * 3])
def test_an_exception_in_a_begun_map_is_raised_with_its_results(count: int) -> None:
    begun = begin_map(partial(_fail_on, 7), list(range(count)), jobs=2)
    with pytest.raises(ValueError, match="bad item 7"):
        list(begun.each())


def test_a_begun_map_cancelled_stops_its_workers() -> None:
    begun = begin_map(_slow_square_with_pid, list(range(SERIAL_BELOW * 40)), jobs=2)
    executor = begun._executor
    assert executor is not None
    workers = list(executor._processes.values())
    manager = executor._executor_manager_thread
    assert manager is not None
    begun.cancel()
    # Each worker ends once its chunk is done, the others dropped. The pool's manager thread
    # joins the workers and then ends: wait for it, not on the workers themselves, which
    # would race it to reap them (the loser's join returns at once, the worker unreaped).
    manager.join(timeout=30)
    assert not manager.is_alive()
    assert all(worker.exitcode is not None for worker in workers)


def test_chunks_spread_the_items_over_the_workers_and_are_bounded() -> None:
    assert chunk_sizes(10, 2) == [1] * 10
    assert chunk_sizes(160, 2)[:3] == [10, 9, 8]  # an eighth of what is left per worker
    sizes = chunk_sizes(100_000, 2)
    assert sum(sizes) == 100_000
    assert max(sizes) == 64  # a chunk's results never grow into a huge pickle
    assert sizes == sorted(sizes, reverse=True)  # the last ones are the smallest
    assert sizes[-20:] == [1] * 20  # so that the workers end together


@pytest.mark.parametrize("count", [SERIAL_BELOW, 100, 1_001])
def test_every_item_is_in_one_chunk_in_order(count: int) -> None:
    items = list(range(count))
    assert process_map(partial(_fail_on, -1), items, jobs=3) == items


def test_available_cores_is_what_this_process_may_use() -> None:
    assert 1 <= available_cores() <= (os.cpu_count() or 1)


FIXTURES = Path(__file__).parent / "fixtures"


def broken(document: Document, context: RuleContext) -> Iterable[Hit]:
    """What it does:
    Fails on pages whose text says "boom".
    """
    if "boom" in document.source:
        raise ValueError("boom")
    return ()


def _varied_folder(root: Path) -> None:
    """Markdown, HTML and text with many kinds of findings, one undecodable file, and
    enough files for the check to use worker processes."""
    seed = (FIXTURES / "seed.md").read_text(encoding="utf-8")
    clean = (FIXTURES / "clean_structure.md").read_text(encoding="utf-8")
    shutil.copytree(FIXTURES / "hugo_site", root)
    for index in range(SERIAL_BELOW):
        (root / f"post-{index:02d}.md").write_text(
            seed.replace("2026", str(2020 + index % 8)) if index % 3 else clean,
            encoding="utf-8")
    (root / "notes.txt").write_text("It is TODO. About 65% of firms hire. boom\n",
                                    encoding="utf-8")
    (root / "latin1.md").write_bytes("Caf\xe9 [Insert %]\n".encode("latin-1"))


def test_a_parallel_check_gives_the_serial_result(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "site"
    _varied_folder(folder)
    config = load_config(tmp_path)
    with_broken = (*select_rules(("CD",), ()),
                   Rule("CD199", "broken-rule", Severity.WARNING, broken))
    assert pickle.loads(pickle.dumps(with_broken)) == with_broken  # so workers get them
    monkeypatch.setattr(runner, "select_rules", lambda *chosen: with_broken)
    serial = check_paths([folder], config, jobs=1)
    parallel = check_paths([folder], config, jobs=2)
    assert parallel == serial
    codes = {finding.code for finding in serial.findings}
    assert {"CD101", "CD201", "CD301", "CD902"} <= codes
    assert any(code.startswith("CD8") for code in codes)  # the site-wide rules ran
    assert any("CD199 (broken-rule) failed" in f.message for f in serial.findings)
    assert any("not valid UTF-8" in f.message for f in serial.findings)
    assert len(serial.files) > SERIAL_BELOW


def _collector_enabled(_: int) -> bool:
    return gc.isenabled()


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_item_runs_with_the_collector_paused_and_resumed_after(jobs: int) -> None:
    gc.enable()
    enabled = process_map(_collector_enabled, list(range(SERIAL_BELOW * 2)), jobs=jobs,
                          progress=False)
    assert enabled == [False] * (SERIAL_BELOW * 2)
    assert gc.isenabled()


def _collector_state(_: int) -> tuple[bool, int]:
    return gc.isenabled(), gc.get_freeze_count()


def test_workers_freeze_what_they_inherit_and_the_callers_frozen_objects_stay_frozen() -> None:
    gc.enable()
    gc.unfreeze()
    try:
        with long_lived():
            kept = [[number] for number in range(1000)]
        frozen = gc.get_freeze_count()
        states = process_map(_collector_state, list(range(SERIAL_BELOW * 2)), jobs=2,
                             progress=False)
        assert gc.get_freeze_count() == frozen  # the build's project stays out of reach
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    assert all(not enabled for enabled, _ in states)  # paused while an item runs
    assert all(count > frozen for _, count in states)  # and what came after, in the worker
    assert len(kept) == 1000



class _Node:
    partner: _Node | None = None


_LAST_CYCLE: list[weakref.ref[_Node]] = []  # in each worker: the cycle its last item left
_KEPT: list[list[int]] = []  # in each worker: what its last item left alive


def _leave_a_cycle(value: int) -> tuple[bool, bool]:
    """Whether the cycle this worker's previous item left is gone and what it kept is out
    of the collector's reach (frozen); then leave a cycle and a live object behind."""
    collected = all(ref() is None for ref in _LAST_CYCLE)
    frozen = not any(kept is seen for kept in _KEPT for seen in gc.get_objects())
    node = _Node()
    node.partner = node
    _LAST_CYCLE[:] = [weakref.ref(node)]
    _KEPT[:] = [[value]]
    return collected, frozen


def test_a_worker_collects_the_cycles_an_item_leaves_and_freezes_what_it_keeps() -> None:
    results = process_map(_leave_a_cycle, list(range(SERIAL_BELOW * 4)), jobs=2,
                          progress=False)
    assert results == [(True, True)] * len(results)


def test_a_10000_post_build_runs_in_five_rounds() -> None:
    """Its 10,018 pages make 5 rounds of fresh workers, not 6 (each a fork, an exit and
    cold copy-on-write faults), of 2,004 pages: 4 rounds took peak PSS to 398 MiB."""
    rounds = -(-10_018 // parallel.ROUND)
    assert rounds == 5
    assert -(-10_018 // rounds) == 2_004
