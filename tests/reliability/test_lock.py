"""One build at a time: a second build waits for the first, or gives up with exit 2 and the pid."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from copydesk.errors import BuildError
from copydesk.site.lock import LOCK_FILE, build_lock
from tests.reliability.projects import (
    big_project,
    copydesk_command,
    quiet_env,
    run_copydesk,
    snapshot,
)

HOLD_LOCK = """
import sys, time
from pathlib import Path
from copydesk.site.lock import build_lock
with build_lock(Path(sys.argv[1]), 5):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_a_second_holder_gives_up_after_the_wait_naming_the_holder(tmp_path: Path) -> None:
    with build_lock(tmp_path, 0):
        started = time.monotonic()
        with pytest.raises(BuildError) as raised, build_lock(tmp_path, 0.3):
            pass
        assert time.monotonic() - started >= 0.3
    error = raised.value
    assert f"another copydesk build is running on this project (pid {os.getpid()})" in str(error)
    assert error.location is not None and error.location.path == str(tmp_path / LOCK_FILE)
    assert "--wait" in error.hint
    with build_lock(tmp_path, 0):  # released on leaving the block
        pass


def test_a_killed_holder_releases_the_lock(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(BuildError, match=f"pid {holder.pid}"), build_lock(tmp_path, 0):
            pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        with build_lock(tmp_path, 2):  # the kernel dropped the dead holder's lock
            assert (tmp_path / LOCK_FILE).read_text(encoding="ascii") == f"{os.getpid()}\n"
    finally:
        holder.kill()
        holder.wait(10)
        assert holder.stdout is not None
        holder.stdout.close()


def _wait_for_lock_holder(root: Path, pid: int, process: subprocess.Popen[str]) -> None:
    lock = root / LOCK_FILE
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if lock.exists() and lock.read_text(encoding="ascii").strip() == str(pid):
            return
        time.sleep(0.01)
    pytest.fail("the first build never took the lock")


def test_two_concurrent_builds_give_one_consistent_site(tmp_path: Path) -> None:
    root = big_project(tmp_path / "project", 120)
    assert run_copydesk("build", "-C", str(root)).returncode == 0
    reference = snapshot(root / "site")

    # --no-cache: each build renders every page (an unchanged project would be a no-op)
    first = subprocess.Popen(copydesk_command("build", "-C", str(root), "--no-cache"),
                             env=quiet_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_lock_holder(root, first.pid, first)
    waiting = subprocess.Popen(copydesk_command("build", "-C", str(root), "--no-cache",
                                                "--wait", "120"),
                               env=quiet_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    impatient = run_copydesk("build", "-C", str(root), "--wait", "0")
    _, first_err = first.communicate(timeout=300)
    still_waiting = waiting.poll() is None
    _, waiting_err = waiting.communicate(timeout=300)

    assert impatient.returncode == 2, impatient.stderr
    assert (f"another copydesk build is running on this project (pid {first.pid})"
            in impatient.stderr)
    assert "Traceback" not in impatient.stderr
    assert first.returncode == 0, first_err
    assert waiting.returncode == 0, waiting_err
    # It waited: still running when the first ended, and it took the lock after it.
    assert still_waiting
    assert (root / LOCK_FILE).read_text(encoding="ascii") == f"{waiting.pid}\n"
    assert (f"another copydesk build is running on this project (pid {first.pid}); waiting up "
            "to 120 s" in waiting_err)
    assert snapshot(root / "site") == reference
    assert [name for name in os.listdir(root) if name.startswith(".site-")] == []


def test_the_python_api_takes_the_lock_too(tmp_path: Path) -> None:
    import copydesk

    root = big_project(tmp_path / "project", 0)
    with build_lock(root, 0), pytest.raises(BuildError, match="another copydesk build"):
        copydesk.build(root, wait=0.1)
    assert not (root / "site").exists()
    assert copydesk.build(root, wait=0).written


def test_building_a_missing_project_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "project"
    with pytest.raises(BuildError, match="no project folder") as raised, build_lock(missing, 0):
        pass
    assert raised.value.hint is not None and "copydesk init" in raised.value.hint
    assert list(tmp_path.iterdir()) == []
