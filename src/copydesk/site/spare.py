"""What the spare site holds, so a build sweeps it from a list instead of a walk.

The staging of a build starts as the spare (``copydesk.site.writer``): the site before
last, from which every file the new site does not have must go. Walking it costs a folder
listing per page (a second at 10,000 pages); a :class:`Manifest` kept beside the spare
names its files, so the sweep is an unlink per file gone and a stat per file kept.

The manifest is trusted only when it cannot be wrong, else the spare is walked:
- it is removed before its spare is used, and written again only once the spare is put
  away: a build killed in between leaves no manifest;
- the files of the old site, which becomes the spare after a swap, are those the build
  that made it wrote, as long as that folder is the one it made and nobody added to it
  since: its device, inode, modification time and change time are those noted when it was
  swapped in.
A file added by hand deeper than the site's top folder is the one change it cannot see:
it stays in the spare, and comes back into a site two builds later.

A copy of the project put back in its place (``cp -a``, a backup restored) keeps its
files' times, so the build cache still serves its pages, but its site folder is not the
one built: the list is not trusted, and the next build stages the site whole (a link per
page) and notes the new folder; the builds after it update it in place again. That is the
check's purpose: a site folder put in place of the one built, with the same time (an
older site restored from a backup), holds files the list does not name. A copy elsewhere
has no cache of its own (it is kept by the output folder's absolute path): it builds cold.
The inode alone would not tell: ext4 hands a folder just removed (``rm -rf site``) its
inode back to the copy made next, and ``cp -a`` gives the copy the time of the folder it
copies, which an update in place that adds no top-level entry leaves as it was. The
folder's change time (ctime) does tell: nothing can set it back, and making or stamping a
copy sets it to now. Restoring ``site`` that way made a killed build's test take the
update in place it meant to rule out (``tests/reliability/test_kill.py``).
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from copydesk.atomic import write_bytes_atomic

FORMAT = 2  # 1: an identity without the change time
# A folder's device, inode, modification time and change time.
Identity = tuple[int, int, int, int]


class Manifest(NamedTuple):
    spare: Sequence[str] | None  # every file the spare holds (perhaps a few more)
    site: Identity | None  # the live site's folder as the last swap left it
    site_files: Sequence[str] | None  # every file of that site (perhaps a few more)


UNKNOWN = Manifest(None, None, None)


def manifest_file(spare: Path) -> Path:
    return spare.with_name(f"{spare.name}.files")


def take(spare: Path) -> Manifest:
    """The spare's manifest, removed from the disk: until it is written again the spare
    may change (:func:`save` once it is put away)."""
    path = manifest_file(spare)
    try:
        data = path.read_bytes()
        path.unlink()
        found = marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):  # missing, truncated, unremovable
        return UNKNOWN
    if not (isinstance(found, tuple) and len(found) == 4 and found[0] == FORMAT):
        return UNKNOWN
    return Manifest(*found[1:])


def save(spare: Path, manifest: Manifest) -> None:
    """Write the manifest beside the spare; one that cannot be written costs a walk."""
    path = manifest_file(spare)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, marshal.dumps((FORMAT, *(
            None if part is None else tuple(part) for part in manifest))))


def identity(folder: Path) -> Identity | None:
    try:
        status = os.stat(folder)
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_mtime_ns, status.st_ctime_ns


def sweep_listed(folder: str, listed: Iterable[str], files: Collection[str],
                 held: dict[str, tuple[int, int]]) -> None:
    """:func:`sweep` of a folder holding no file but the ``listed`` ones."""
    emptied: set[str] = set()
    for name in listed:
        path = f"{folder}/{name}"
        try:
            if name in files:
                status = os.lstat(path)
                held[name] = (status.st_dev, status.st_ino)
                continue
            os.unlink(path)
        except OSError:  # not there (the list may name a few more)
            continue
        emptied.add(name.rpartition("/")[0])
    remove_emptied(folder, emptied)


def remove_emptied(folder: str, emptied: Iterable[str]) -> None:
    """Remove the ``emptied`` folders under ``folder`` (and their parents) that are empty
    now: the deepest first; a folder still holding something stays."""
    for name in sorted(set(emptied) - {""}, key=lambda name: name.count("/"), reverse=True):
        parts = name.split("/")
        while parts:
            try:
                os.rmdir(f"{folder}/{'/'.join(parts)}")
            except OSError:
                break
            parts.pop()


def sweep(folder: str, prefix: str, files: Collection[str],
          held: dict[str, tuple[int, int]]) -> bool:
    """Remove from ``folder`` every file not named in ``files`` (``prefix`` comes before
    the names of its files there) and the folders emptied; note the (device, inode) of
    the files left in ``held``. True when ``folder`` is left empty."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if sweep(entry.path, name + "/", files, held):
                    with contextlib.suppress(OSError):
                        os.rmdir(entry.path)
                        continue
            elif name in files:
                status = entry.stat(follow_symlinks=False)
                held[name] = (status.st_dev, status.st_ino)
            else:
                os.unlink(entry.path)
                continue
            empty = False
    return empty
