"""What a path written in content or configuration may point at.

Names that come from content (a front matter ``template:``, an include, an ``image:``)
are relative names inside one folder: no absolute path, no ``..``, no backslash (which
Windows reads as a separator) and no NUL. Files found on disk are followed through a
symbolic link only when the link's target stays inside the project.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath


def leaves_folder(name: str) -> bool:
    """True when the relative name ``name`` could reach outside the folder it is read in."""
    path = PurePosixPath(name)
    return "\0" in name or "\\" in name or path.is_absolute() or ".." in path.parts


def is_inside(path: Path, folder: Path) -> bool:
    """True when ``path``, with every symbolic link resolved, lies within ``folder``."""
    return path.resolve().is_relative_to(folder.resolve())
