"""process_map: same results as a list comprehension, in order, serial when short."""

from __future__ import annotations

import os
from functools import partial

import pytest

from copydesk.parallel import SERIAL_BELOW, available_cores, chunk_size, process_map


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


def test_chunks_spread_the_items_over_the_workers_and_are_bounded() -> None:
    assert chunk_size(10, 2) == 1
    assert chunk_size(160, 2) == 10  # eight chunks per worker
    assert chunk_size(100_000, 2) == 64  # a chunk's results never grow into a huge pickle


def test_available_cores_is_what_this_process_may_use() -> None:
    assert 1 <= available_cores() <= (os.cpu_count() or 1)
