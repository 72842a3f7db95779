"""What a path written in content or configuration may point at.

Names that come from content (a front matter ``template:``, an include, an ``image:``)
are relative names inside one folder: no absolute path, no ``..``, no backslash (which
Windows reads as a separator) and no NUL. Files found on disk are followed through a
symbolic link only when the link's target stays inside the project.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


def leaves_folder(name: str) -> bool:
    """True when the relative name ``name`` could reach outside the folder it is read in."""
    path = PurePosixPath(name)
    return "\0" in name or "\\" in name or path.is_absolute() or ".." in path.parts


def is_inside(path: Path, folder: Path) -> bool:
    """True when ``path``, with every symbolic link resolved, lies within ``folder``."""
    return path.resolve().is_relative_to(folder.resolve())


def file_stamp(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """(size, mtime in ns) of a file, None when it cannot be stat'ed: unchanged stamps are
    taken for an unchanged file (an edit that keeps both is the one thing they miss)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns
