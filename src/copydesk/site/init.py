"""``copydesk init DIR``: a new project from the example templates and content."""

from __future__ import annotations

import shutil
from pathlib import Path

from copydesk.errors import CopydeskError, Location
from copydesk.project_files import EXAMPLE_ENTRIES, example_project


def init_project(directory: Path) -> None:
    """Copy the example project into ``directory``, which must be missing or empty."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise CopydeskError(f"{directory} is not an empty directory", Location(str(directory)),
                            "choose a new or empty directory; init never overwrites files")
    source = example_project()
    if source is None:
        raise CopydeskError("this installation has no example project to copy",
                            hint="reinstall copydesk; its wheel ships the example as package data")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for entry in EXAMPLE_ENTRIES:
            origin = source / entry
            if origin.is_dir():
                shutil.copytree(origin, directory / entry,
                                ignore=shutil.ignore_patterns("__pycache__", ".*"))
            else:
                shutil.copy2(origin, directory / entry)
    except OSError as error:
        raise CopydeskError(f"cannot create the project: {error.strerror or error}",
                            Location(str(error.filename or directory)),
                            "choose a directory in a folder you can write to") from None
