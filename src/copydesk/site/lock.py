"""One build at a time per project: an exclusive lock on ``.copydesk/build.lock``.

Like Hugo's ``.hugo_build.lock``, a second build started while one runs waits for it,
then builds from the content as it is by then; it gives up after ``wait`` seconds with a
message naming the running build's process id. The lock is ``fcntl.flock`` on an open
file, so the kernel releases it when its holder exits, even when killed: a stale lock
file never blocks anyone. Worker processes forked by the build share the open file, which
is why they end with the build (``copydesk.parallel``) rather than outlive it.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from copydesk.errors import BuildError, Location

LOCK_FILE = Path(".copydesk") / "build.lock"
_POLL = 0.05  # seconds between attempts; flock has no timeout of its own


@contextmanager
def build_lock(root: Path, wait: float,
               on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the project's build lock for the ``with`` block, waiting up to ``wait`` seconds.

    ``on_wait`` is told once, with a sentence naming the running build, when it must wait.
    """
    path = root / LOCK_FILE
    if not root.is_dir():  # the lock must not create a project folder that was never there
        raise BuildError(f"no project folder at {root}", Location(str(root)),
                         "pass the project's folder with -C DIR, or create a project with "
                         "`copydesk init DIR`")
    try:
        path.parent.mkdir(exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise BuildError(f"cannot create the build lock: {error.strerror or error}",
                         Location(str(path)),
                         "check that the project folder is writable") from None
    try:
        _acquire(descriptor, path, wait, on_wait)
        # The holder's pid, for the message a waiting build gives up with.
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _acquire(descriptor: int, path: Path, wait: float,
             on_wait: Callable[[str], None] | None) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise _busy(descriptor, path, wait) from None
            if on_wait is not None and not told:
                on_wait(f"another copydesk build is running on this project{_holder(descriptor)}"
                        f"; waiting up to {wait:g} s for it to finish")
                told = True
            time.sleep(_POLL)


def _holder(descriptor: int) -> str:
    pid = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return f" (pid {pid})" if pid.isdigit() else ""


def _busy(descriptor: int, path: Path, wait: float) -> BuildError:
    who = _holder(descriptor)
    waited = f"; waited {wait:g} s" if wait > 0 else ""
    return BuildError(f"another copydesk build is running on this project{who}{waited}",
                      Location(str(path)),
                      "wait for it to finish, or give it longer with `copydesk build --wait "
                      "SECONDS`; the lock is released when that build exits")
