"""The files under a content folder, found in one walk with the stamps the parse memo needs.

The loader used to glob the folder twice (data files, then articles) through pathlib and
stat every file a third time for the parse memo: at 10,000 articles that was a second of a
one-post rebuild. One ``os.scandir`` walk gives the names, the kinds and the stamps; a
build passes the stamps it took of every source before reading any (``site.noop.Inputs``),
so that the listing stats nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from copydesk.paths import is_inside


class Listed(NamedTuple):
    """A regular file under the folder, or a link that leads out of the project (a tuple:
    one is made for each of 10,000 files a build lists)."""

    file: str  # the path as found: the folder's path, then the names walked through
    relative: str  # '/'-separated, from the folder
    stamp: tuple[int, int] | None  # (size, mtime_ns) when listed: before the file is read
    outside: bool = False  # a link whose target is outside the project: never read


def list_files(folder: Path, root: Path,
               stamps: Mapping[str, tuple[int, int]] | None = None) -> list[Listed]:
    """Regular files under ``folder`` in the order of their sorted paths, leaving out hidden
    files and folders (and all under them), as ``sorted(folder.rglob("*"))`` would find
    them: a linked folder is not walked into; a link is followed to a file only when its
    target is inside ``root``, and one that leads elsewhere is listed as ``outside``. A
    file's stamp is taken from ``stamps`` (by path) when there, else from the disk."""
    found: list[Listed] = []
    base = str(folder)
    _walk(base if base.endswith("/") else base + "/", "", root, stamps or {}, found)
    return found


def _walk(folder: str, relative: str, root: Path, stamps: Mapping[str, tuple[int, int]],
          found: list[Listed]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:  # unreadable, or gone since its parent was listed: as the glob does
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        name = relative + entry.name
        try:
            if entry.is_symlink() and not is_inside(Path(entry.path), root):
                found.append(Listed(entry.path, name, None, outside=True))
            elif entry.is_dir(follow_symlinks=False):
                # Path order: a folder's files come right after the folder's own name.
                _walk(entry.path + "/", name + "/", root, stamps, found)
            elif entry.is_file():
                found.append(Listed(entry.path, name, stamps.get(entry.path) or _stamp(entry)))
        except OSError:  # gone since the listing, or a dangling link: not a file
            continue


def _stamp(entry: os.DirEntry[str]) -> tuple[int, int]:
    status = entry.stat()
    return status.st_size, status.st_mtime_ns
