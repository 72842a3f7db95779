"""Rebuilds follow changes one at a time; the config file is watched through its folder."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from copydesk.config import load_config
from copydesk.serve.watch import Rebuilder, watched
from copydesk.site.init import init_project


class _Builds:
    """A stand-in build that takes a while and records whether two ever overlapped."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.count = 0
        self.running = 0
        self.overlapped = False
        self.done = threading.Condition()

    def __call__(self) -> None:
        self.running += 1
        self.overlapped |= self.running > 1
        time.sleep(self.seconds)
        self.running -= 1
        with self.done:
            self.count += 1
            self.done.notify_all()

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        with self.done:
            return self.done.wait_for(lambda: self.count >= count, timeout)


@pytest.fixture
def builds() -> _Builds:
    return _Builds()


@pytest.fixture
def rebuilder(builds: _Builds) -> Iterator[Rebuilder]:
    rebuilder = Rebuilder(builds)
    yield rebuilder
    rebuilder.stop()


def test_changes_during_a_build_cause_exactly_one_more_build(builds: _Builds,
                                                             rebuilder: Rebuilder) -> None:
    builds.seconds = 0.3
    rebuilder.watch((), ())
    rebuilder.request()
    time.sleep(0.1)  # the first build is running now
    for _ in range(5):
        rebuilder.request()
    assert builds.wait_for(2)
    time.sleep(0.5)  # no third build comes
    assert builds.count == 2
    assert not builds.overlapped


def test_an_edit_under_a_watched_folder_triggers_a_build(
        builds: _Builds, rebuilder: Rebuilder, tmp_path: Path) -> None:
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    rebuilder.watch((tmp_path / "content",), (tmp_path / "copydesk.toml",))
    time.sleep(0.3)  # the watchers are set up
    (content / "new.md").write_text("text")
    assert builds.wait_for(1)


def test_a_config_file_replaced_by_rename_is_still_watched(
        builds: _Builds, rebuilder: Rebuilder, tmp_path: Path) -> None:
    config = tmp_path / "copydesk.toml"
    config.write_text("")
    rebuilder.watch((), (config,))
    time.sleep(0.3)
    for round_number in (1, 2):  # editors save by renaming a new file over the old one
        (tmp_path / "saving.tmp").write_text(f"# save {round_number}\n")
        os.replace(tmp_path / "saving.tmp", config)
        assert builds.wait_for(round_number)
        time.sleep(0.2)
    (tmp_path / "other.txt").write_text("not the config")
    time.sleep(0.4)
    assert builds.count == 2


def test_the_watched_paths_come_from_the_config(tmp_path: Path) -> None:
    root = tmp_path / "project"
    init_project(root)
    folders, files = watched(load_config(root))
    assert folders == (root / "content", root / "templates")
    assert files == (root / "copydesk.toml", root / "pyproject.toml")


def test_watching_other_folders_replaces_the_old_watchers(
        builds: _Builds, rebuilder: Rebuilder, tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    rebuilder.watch((old,), ())
    rebuilder.watch((new,), ())
    assert rebuilder.watching == ((new,), ())
    time.sleep(0.3)
    (old / "a.md").write_text("ignored now")
    time.sleep(0.5)
    assert builds.count == 0
    (new / "a.md").write_text("seen")
    assert builds.wait_for(1)
