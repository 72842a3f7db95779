"""SIGKILL a copydesk subprocess at a chosen moment: after a delay, or when a condition holds."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.projects import copydesk_command, quiet_env

Trigger = Callable[[float], bool]  # seconds since the start -> kill now?
_POLL = 0.0005  # fine enough to land inside a 100 ms write, light enough for a shared CPU


def seeded_random(name: str) -> random.Random:
    """One generator per test, seeded by COPYDESK_KILL_SEED (default 2026) so a run repeats."""
    return random.Random(f"{os.environ.get('COPYDESK_KILL_SEED', '2026')}:{name}")


def trials(default: int) -> int:
    """How many kills a test makes; COPYDESK_KILL_TRIALS raises it for a longer run."""
    return max(default, int(os.environ.get("COPYDESK_KILL_TRIALS", "0")))


def after(seconds: float) -> Trigger:
    return lambda elapsed: elapsed >= seconds


def staging_holds(parent: Path, entries: int) -> Trigger:
    """True once a build's staging folder beside the site holds ``entries`` top-level entries."""
    def holds(_elapsed: float) -> bool:
        for name in os.listdir(parent):
            # The staging folder, not the journal file of an in-place update beside it
            # (".site-new-*.journal"), which os.listdir would refuse.
            if name.startswith(".site-new-") and not name.endswith(".journal"):
                try:
                    return len(os.listdir(parent / name)) >= entries
                except FileNotFoundError:  # swapped in or removed between the two listings
                    return False
        return False
    return holds


def present(folder: Path, pattern: str, count: int = 1) -> Trigger:
    """True once ``count`` files matching ``pattern`` are in ``folder`` (a temporary file
    of an atomic write, a cache entry)."""
    return lambda _elapsed: len(list(folder.glob(pattern))) >= count


def rewritten(paths: list[Path], count: int) -> Trigger:
    """True once ``count`` of ``paths`` are new files (an atomic write renames a new inode
    over the old one)."""
    before = {path: os.stat(path).st_ino for path in paths}

    def enough(_elapsed: float) -> bool:
        return sum(1 for path, inode in before.items() if os.stat(path).st_ino != inode) >= count
    return enough


def replaced(folder: Path) -> Trigger:
    """True once ``folder`` is another directory than now: the build has just swapped it."""
    before = os.stat(folder).st_ino

    def swapped(_elapsed: float) -> bool:
        try:
            return os.stat(folder).st_ino != before
        except FileNotFoundError:
            return True
    return swapped


@dataclass(frozen=True)
class Outcome:
    killed: bool  # False: the command finished before the trigger fired
    seconds: float
    returncode: int  # -9 when killed
    stderr: str
    orphans: tuple[int, ...] = ()  # its worker processes still alive 5 s after the kill


def run_until(arguments: list[str], trigger: Trigger, *, cwd: Path | None = None,
              env: dict[str, str] | None = None, timeout: float = 300) -> Outcome:
    """Run copydesk with ``arguments``; SIGKILL it the moment ``trigger`` says so."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(copydesk_command(*arguments), cwd=cwd,
                                   env=env or quiet_env(), stdout=subprocess.DEVNULL,
                                   stderr=errors)
        started = time.monotonic()
        workers: list[int] = []
        try:
            killed = _wait_for(process, trigger, started, timeout, arguments, workers)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
        errors.seek(0)
        return Outcome(killed, time.monotonic() - started, process.returncode,
                       errors.read().decode("utf-8", "replace"), _survivors(workers))


def _wait_for(process: subprocess.Popen[bytes], trigger: Trigger, started: float,
              timeout: float, arguments: list[str], workers: list[int]) -> bool:
    while process.poll() is None:
        elapsed = time.monotonic() - started
        if elapsed > timeout:
            raise TimeoutError(f"copydesk {' '.join(arguments)} ran over {timeout} s")
        if trigger(elapsed):
            workers.extend(_children(process.pid))
            process.send_signal(signal.SIGKILL)
            return True
        time.sleep(_POLL)
    return False


def _children(parent: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _stat(int(entry))[1:2] == [str(parent)]:
            found.append(int(entry))
    return found


def _stat(pid: int) -> list[str]:
    """State, parent pid, ... of a process (the fields after its name); [] once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    return text.rsplit(")", 1)[1].split()  # the name may hold spaces and parentheses


def _survivors(pids: list[int], wait: float = 5.0) -> tuple[int, ...]:
    """The processes of ``pids`` still running after ``wait`` seconds; killed, not left."""
    deadline = time.monotonic() + wait
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [pid for pid in alive if _stat(pid)[:1] not in ([], ["Z"])]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    return tuple(alive)
