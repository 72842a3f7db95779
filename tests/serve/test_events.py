"""The build counter and the one-shot event stream the reload script listens to."""

from __future__ import annotations

import io
import threading
import time

from copydesk.serve.events import BuildCounter, event, stream


def _stream_in_thread(counter: BuildCounter, since: int,
                      heartbeat: float = 30.0) -> tuple[io.BytesIO, threading.Thread]:
    out = io.BytesIO()
    thread = threading.Thread(target=stream, args=(counter, out, since, heartbeat))
    thread.start()
    return out, thread


def test_advance_counts_builds_and_wakes_a_waiter() -> None:
    counter = BuildCounter()
    assert counter.number == 0
    woke: list[int] = []
    waiter = threading.Thread(target=lambda: woke.append(counter.wait_past(0, 30.0)))
    waiter.start()
    assert counter.advance() == 1
    waiter.join(5)
    assert woke == [1]


def test_wait_past_returns_the_same_number_after_the_timeout() -> None:
    assert BuildCounter().wait_past(0, 0.01) == 0


def test_a_page_behind_the_latest_build_gets_the_number_at_once() -> None:
    counter = BuildCounter()
    counter.advance()
    counter.advance()
    out = io.BytesIO()
    stream(counter, out, since=1)
    assert out.getvalue() == b"retry: 300\n\n" + event(2)
    assert event(2) == b"data: 2\n\n"


def test_a_current_page_waits_for_the_next_build_then_the_stream_ends() -> None:
    counter = BuildCounter()
    counter.advance()
    out, thread = _stream_in_thread(counter, since=1)
    counter.advance()
    thread.join(5)
    assert not thread.is_alive()
    assert out.getvalue().endswith(b"data: 2\n\n")


def test_the_stream_sends_heartbeats_while_nothing_changes() -> None:
    counter = BuildCounter()
    out, thread = _stream_in_thread(counter, since=0, heartbeat=0.01)
    deadline = time.monotonic() + 5
    while out.getvalue().count(b": heartbeat\n\n") < 2 and time.monotonic() < deadline:
        thread.join(0.01)
    counter.close()
    thread.join(5)
    assert not thread.is_alive()
    assert out.getvalue().count(b": heartbeat\n\n") >= 2
    assert b"data:" not in out.getvalue()


def test_closing_the_counter_ends_open_streams_without_an_event() -> None:
    counter = BuildCounter()
    out, thread = _stream_in_thread(counter, since=0)
    counter.close()
    thread.join(5)
    assert not thread.is_alive()
    assert counter.closed
    assert b"data:" not in out.getvalue()


class _Gone(io.BytesIO):
    def write(self, data: object) -> int:
        raise BrokenPipeError


def test_a_closed_tab_ends_the_stream_quietly() -> None:
    stream(BuildCounter(), _Gone(), since=0)  # no exception escapes
