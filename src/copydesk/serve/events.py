"""Server-sent events: every open tab learns that a newer build exists and reloads.

Each page carries the number of the build it was rendered from and opens the stream
with it. The server answers with the current number as soon as it differs (at once, if
a build finished between the page load and the connect) and ends the response; the
page reloads when the stream has ended, so the browser never aborts a live request.
"""

from __future__ import annotations

import threading
from io import BufferedIOBase

EVENTS_PATH = "/__copydesk/events"
HEARTBEAT_SECONDS = 15.0  # a comment line keeps proxies and the browser from timing out
RETRY_MS = 300  # how soon the browser reconnects after the stream drops


class BuildCounter:
    """The latest build number; waiters wake when it changes or when the server closes."""

    def __init__(self) -> None:
        self._number = 0
        self._closed = False
        self._changed = threading.Condition()

    @property
    def number(self) -> int:
        with self._changed:
            return self._number

    @property
    def closed(self) -> bool:
        with self._changed:
            return self._closed

    def advance(self) -> int:
        with self._changed:
            self._number += 1
            self._changed.notify_all()
            return self._number

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def wait_past(self, seen: int, timeout: float) -> int:
        """The build number once it differs from ``seen``, or ``seen`` after ``timeout``."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._number != seen, timeout)
            return self._number


def event(number: int) -> bytes:
    return f"data: {number}\n\n".encode("ascii")


def stream(counter: BuildCounter, out: BufferedIOBase, since: int,
           heartbeat: float = HEARTBEAT_SECONDS) -> None:
    """Write the build number to ``out`` once it is not ``since``, then return.

    Returns without an event when the counter closes or the browser goes away.
    """
    try:
        out.write(f"retry: {RETRY_MS}\n\n".encode("ascii"))
        out.flush()
        number = since
        while number == since and not counter.closed:
            number = counter.wait_past(since, heartbeat)
            out.write(event(number) if number != since else b": heartbeat\n\n")
            out.flush()
    except (BrokenPipeError, ConnectionResetError):
        return  # the tab was closed or went to another page
