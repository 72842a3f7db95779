"""Rebuild when content/, templates/ or the config file changes: one build at a time.

Watchers only raise a flag; one builder thread clears it and builds. A change that
arrives during a build sets the flag again, so exactly one more build follows, never
an overlapping one. When a build reads a config that moves content/ or templates/,
the watchers are replaced by ones on the new folders.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from copydesk.config import CONFIG_FILE, Config

DEBOUNCE_MS = 50  # an editor's save is several events within a few milliseconds
_STEP_MS = 10
_POLL_MS = 200  # how often a watcher looks at its stop flag

Watched = tuple[tuple[Path, ...], tuple[Path, ...]]


def watched(config: Config) -> Watched:
    """(folders watched with everything below them, config files watched in the root)."""
    folders = tuple(path for path in (config.content_path, config.templates_path)
                    if path.is_dir())
    return folders, (config.root / CONFIG_FILE, config.root / "pyproject.toml")


class Rebuilder:
    """Runs ``build`` in a thread of its own after each change, one build after another."""

    def __init__(self, build: Callable[[], None]) -> None:
        self._build = build
        self._pending = threading.Event()
        self._stop = threading.Event()
        self._builder: threading.Thread | None = None
        self._watchers: list[threading.Thread] = []
        self._watchers_stop = threading.Event()
        self.watching: Watched = ((), ())

    def watch(self, folders: tuple[Path, ...], files: tuple[Path, ...]) -> None:
        """Watch ``folders`` (recursively) and ``files``, instead of what was watched before."""
        if self._builder is None:
            self._builder = self._start(self._run)
        self._stop_watchers()
        self.watching = (folders, files)
        stop = self._watchers_stop = threading.Event()
        config_files = {str(path) for path in files}
        # A file is watched through its folder: editors replace a file by renaming a new
        # one over it, and a watch on the old file would see nothing after the first save.
        parents = sorted({str(Path(name).parent) for name in config_files})
        if trees := [str(folder) for folder in folders]:
            self._watchers.append(self._start(
                lambda: self._watch(trees, True, watchfiles.DefaultFilter(), stop)))
        if parents:
            self._watchers.append(self._start(lambda: self._watch(
                parents, False, lambda _change, name: name in config_files, stop)))

    def request(self) -> None:
        self._pending.set()

    def stop(self) -> None:
        self._stop.set()
        self._pending.set()
        self._stop_watchers()
        if self._builder is not None and self._builder is not threading.current_thread():
            self._builder.join()

    def _stop_watchers(self) -> None:
        self._watchers_stop.set()
        for thread in self._watchers:
            thread.join()
        self._watchers = []

    @staticmethod
    def _start(target: Callable[[], None]) -> threading.Thread:
        thread = threading.Thread(target=target, name="copydesk-serve", daemon=True)
        thread.start()
        return thread

    def _run(self) -> None:
        while True:
            self._pending.wait()
            if self._stop.is_set():
                return
            self._pending.clear()
            self._build()

    def _watch(self, paths: list[str], recursive: bool,
               accept: Callable[[watchfiles.Change, str], bool], stop: threading.Event) -> None:
        for _changes in watchfiles.watch(*paths, watch_filter=accept, recursive=recursive,
                                         debounce=DEBOUNCE_MS, step=_STEP_MS,
                                         rust_timeout=_POLL_MS, stop_event=stop,
                                         raise_interrupt=False):
            if not self._stop.is_set():
                self.request()
