"""A rebuild's new files moved into the live site one by one, instead of a whole new site.

Swapping in a whole new folder makes a rebuild touch every file of the site: 10,000 links
(or unlinks and links) on a busy disk cost seconds, for a one-post edit. So when the live
site is known to be the one the last build left (``copydesk.site.spare``), a rebuild's
staging holds only the files it wrote; once every page has rendered and linted (an error
or ``--strict`` stops before this, and the live site stays as it was), the files the new
site no longer has are removed and each new file replaces the old one with an atomic
rename. A reader sees each file old or new, never half-written.

A build killed in the middle is finished by the next one (:func:`finish`): a journal
beside the staging folder, written before the first change, names what to remove and
what to move, and the staging folder still holds what was not moved yet.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

from copydesk.atomic import write_bytes_atomic
from copydesk.site.spare import remove_emptied

FORMAT = 1


def journal_file(staging: Path) -> Path:
    return staging.with_name(f"{staging.name}.journal")


def update(staging: Path, output: Path, removed: Iterable[str]) -> None:
    """Remove the ``removed`` files from ``output``, then move every file of ``staging``
    into it; the staging folder and the journal are gone afterwards."""
    moved = _files(str(staging))
    journal = journal_file(staging)
    write_bytes_atomic(journal, marshal.dumps((FORMAT, tuple(removed), tuple(moved))))
    _apply(staging, output, sorted(set(removed).difference(moved)), moved)
    journal.unlink()


def finish(staging: Path, output: Path) -> bool:
    """Finish the update a killed build left in ``staging``; False when it had not begun
    (no journal, or one unreadable: it is written before the first change)."""
    journal = journal_file(staging)
    try:
        found = marshal.loads(journal.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        journal.unlink(missing_ok=True)
        return False
    if not (isinstance(found, tuple) and len(found) == 3 and found[0] == FORMAT):
        journal.unlink(missing_ok=True)
        return False
    _apply(staging, output, sorted(set(found[1]).difference(found[2])), found[2])
    journal.unlink()
    return True


def _apply(staging: Path, output: Path, removed: Sequence[str], moved: Sequence[str]) -> None:
    # Removed first: a folder of the old site may stand where a new file goes.
    base, source = str(output), str(staging)
    emptied: set[str] = set()
    for name in removed:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{base}/{name}")
            emptied.add(name.rpartition("/")[0])
    remove_emptied(base, emptied)
    for name in moved:
        parent = name.rpartition("/")[0]
        if parent:
            os.makedirs(f"{base}/{parent}", exist_ok=True)
        with contextlib.suppress(FileNotFoundError):  # moved before the kill
            os.replace(f"{source}/{name}", f"{base}/{name}")
    shutil.rmtree(source, ignore_errors=True)  # only folders are left in it


def _files(folder: str, prefix: str = "") -> list[str]:
    """The files under ``folder`` (a staging: the few files a rebuild wrote)."""
    found: list[str] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                found.extend(_files(entry.path, f"{prefix}{entry.name}/"))
            else:
                found.append(prefix + entry.name)
    return found
