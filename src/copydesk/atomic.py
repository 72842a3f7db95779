"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Used by every writer of a single file (reports, fixed sources, baselines, drafts, the draft
cache); the site build swaps whole folders in ``copydesk.site.writer``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    write_atomic(path, lambda file: file.write(data))


def write_atomic(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """What ``write`` writes to a temporary file beside ``path``, then renamed over ``path``
    (a large pickle is written as it is made, never held whole in memory).

    An existing file keeps its permissions; a new one gets the ordinary mode the umask
    allows (mkstemp alone would leave it private). Raises OSError; callers say what failed
    in their own terms.
    """
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str, *, make_folders: bool = False) -> None:
    """UTF-8 text with the line endings as given; ``make_folders`` creates missing parents."""
    if make_folders:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, text.encode("utf-8"))


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
