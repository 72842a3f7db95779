"""The only code of the build that writes the site.

A build fills a :class:`Staging` folder next to the output directory (pages as they are
rendered, unchanged files hard-linked from the current site rather than written again),
then swaps the two by renaming, so that a build that fails at any point leaves the
previous ``site/`` exactly as it was.

A build may name a *spare* folder (the build keeps it under ``.copydesk/``): the staging
is then the site before last, moved beside the output and brought up to date, and after
the swap the previous site becomes the next spare. Removing a folder tree of 10,000 pages
costs seconds on ext4 (a directory removal each) where bringing the spare up to date
costs a stat per file. And when the live site is the one the last build left, its files
known (``copydesk.site.spare``), a rebuild is not staged whole at all: the staging holds
the files it writes, which then replace their old versions one by one
(``copydesk.site.in_place``); a failed or ``--strict`` build still changes nothing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path, PurePosixPath
from types import TracebackType

from copydesk.errors import BuildError, Location
from copydesk.paths import is_inside
from copydesk.site import in_place
from copydesk.site import spare as spare_files

_DIRECTORY_MODE = 0o755  # mkdtemp makes 0700 directories; a site is meant to be served


# Files every build writes; a folder holding them is a site copydesk built before.
_SITE_MARKERS = ("claims.json", "sitemap.xml")


def check_output_dir(output: Path, protected: Mapping[str, Path]) -> None:
    """Refuse an output directory whose replacement would delete the project's sources,
    or anything else that copydesk did not build (a build replaces the folder whole), and
    one outside the project (``protected`` names the ``"project root"``)."""
    target = output.resolve()
    never = {Path(target.anchor): "the file system's root", Path.home().resolve():
             "the home directory"}
    if target in never:
        raise BuildError(f"the output directory {output} is {never[target]}",
                         Location(str(output)),
                         "set [site] output-dir to a folder of its own, e.g. \"site\"")
    for name, path in protected.items():
        kept = path.resolve()
        if target == kept or kept.is_relative_to(target):
            raise BuildError(f"the output directory {output} would replace the {name}",
                             Location(str(output)),
                             "set [site] output-dir to a folder of its own, e.g. \"site\"")
    # Nothing is written outside the project, whether `..`, an absolute path or a symbolic
    # link leads there: a CI job uploads the site from inside its checkout.
    if not is_inside(target, protected["project root"]):
        raise BuildError(f"the output directory {output} is outside the project",
                         Location(str(output)),
                         "choose a folder inside the project, e.g. \"site\" or --output public")
    if output.exists() and not output.is_dir():
        raise BuildError(f"the output path {output} exists and is not a directory",
                         Location(str(output)), "move that file away or choose another output-dir")
    if output.is_dir() and _holds_anything(output) and not all(
            (output / marker).is_file() for marker in _SITE_MARKERS):
        raise BuildError(f"the output directory {output} holds files that copydesk did not "
                         "build", Location(str(output)),
                         "a build replaces the whole folder: empty it, or set [site] "
                         "output-dir to a new folder")


def _holds_anything(folder: Path) -> bool:
    # One entry read, not the whole listing (Path.iterdir lists all 10,000 of a big site).
    with os.scandir(folder) as entries:
        return next(entries, None) is not None


def write_site(output: Path, files: Mapping[str, str]) -> None:
    """Replace ``output`` with a directory holding exactly ``files`` (relative path -> text)."""
    with Staging(output) as staging:
        for name, text in sorted(files.items()):
            staging.write(name, text.encode("utf-8"))
        staging.commit()


class Staging:
    """The next site, filled beside ``output`` and swapped in whole, or removed.

    Used as a context manager: leaving it without :meth:`commit` (an error, a ``--strict``
    build with errors) removes the folder and leaves ``output`` as it was. With ``spare``
    (see the module's docstring) the folder starts as the spare, holding only those of
    ``files`` (every file of the new site) it already has, and goes back to being the
    spare: the previous site after a swap, else the staging as it was left. Unless
    ``in_place`` is False, a live site known to be the last build's is instead updated in
    place: the folder holds the files written, :meth:`keep` does nothing, and
    :meth:`commit` moves them into the site (``copydesk.site.in_place``).
    """

    def __init__(self, output: Path, spare: Path | None = None,
                 files: Collection[str] = (), *, in_place: bool = True) -> None:
        self.output = output.absolute()
        self.spare = spare.absolute() if spare is not None else None
        # The files the spare holds for the new site: (device, inode) by name.
        self._held: dict[str, tuple[int, int]] = {}
        self._files = files if isinstance(files, (set, frozenset)) else set(files)
        self._more: set[str] = set()  # files written or kept that ``files`` does not name
        # What the spare and the live site hold (copydesk.site.spare), as far as known.
        self._known = spare_files.UNKNOWN
        # The live site's files when it is updated in place, else None (swapped whole).
        self._live: frozenset[str] | None = None
        try:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix=f".{self.output.name}-new-",
                                                dir=self.output.parent))
            if self.spare is not None:
                self._known = known = spare_files.take(self.spare)
                if (in_place and known.site is not None and known.site_files is not None
                        and spare_files.identity(self.output) == known.site):
                    self._live = frozenset(known.site_files)
                else:
                    self._from_spare(self.spare, known.spare)
            os.chmod(self.folder, _DIRECTORY_MODE)
        except OSError as error:
            raise _unwritable(self.output, error) from None
        self._committed = False

    def _from_spare(self, spare: Path, listed: Sequence[str] | None) -> None:
        """Start as the spare, swept of what the new site does not hold: from its list
        when known, else by a walk."""
        if not spare.is_dir():
            return
        try:  # over the empty folder just made; on another file system it stays empty
            spare.rename(self.folder)
        except OSError:
            return
        if listed is not None:
            spare_files.sweep_listed(str(self.folder), listed, self._files, self._held)
        else:
            spare_files.sweep(str(self.folder), "", self._files, self._held)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if not self._committed and self._live is not None:  # the spare was not used
            shutil.rmtree(self.folder, ignore_errors=True)
            self._put_away(None, self._known.spare)
        elif not self._committed:
            self._put_away(self.folder, self._written())
        if isinstance(error, OSError):
            raise _unwritable(self.output, error) from None

    def path(self, name: str) -> Path:
        """Where ``name`` (a path inside the site) goes; its folders are made."""
        target = self.folder.joinpath(*_safe_parts(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, name: str, data: bytes) -> None:
        write_new_file(self.path(name), data)
        self._note("/".join(_safe_parts(name)))

    def keep(self, name: str, live: tuple[int, int] | None = None) -> None:
        """Carry ``name`` over from the current site unchanged: a hard link where the file
        system allows (no bytes copied, the file's inode and time kept), else a copy.
        ``live``: the (device, inode) of the current site's file, when the caller has just
        checked that file (else it is looked up here)."""
        relative = "/".join(_safe_parts(name))
        self._note(relative)
        current, target = f"{self.output}/{relative}", f"{self.folder}/{relative}"
        if self._live is not None and relative in self._live:
            if live is None:
                os.stat(current)  # there to keep (the build checked it: ``live``)
            return
        held = self._held.get(relative)
        if held is not None:
            if live is None:
                with contextlib.suppress(OSError):  # none to compare: link, and fail there
                    status = os.stat(current)
                    live = status.st_dev, status.st_ino
            if held == live:  # a spare that holds it already
                return
            os.unlink(target)
        else:
            os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(current, target)
        except OSError:
            shutil.copy2(current, target)

    def keep_all(self, live: Mapping[str, tuple[int, int]]) -> None:
        """:meth:`keep` each of the ``live`` files (name -> its (device, inode) as the caller
        checked it). Updated in place, the live site holds what it keeps already: only the
        names it does not hold are looked at (10,000 calls were 1% of a rebuild)."""
        names = live.keys() if self._live is None else live.keys() - self._live
        for name in names:
            self.keep(name, live[name])

    def commit(self) -> None:
        if self._live is not None:
            written = self._written()
            in_place.update(self.folder, self.output, self._live.difference(written))
            self._committed = True
            self._put_away(None, self._known.spare, spare_files.Manifest(
                None, spare_files.identity(self.output), written))
            return
        known = self._known
        # The live site's files are known if it is the folder the last swap left.
        previous = (known.site_files if known.site is not None
                    and spare_files.identity(self.output) == known.site else None)
        old_site = _swap_in(self.folder, self.output)
        self._committed = True
        self._put_away(old_site, previous, spare_files.Manifest(
            None, spare_files.identity(self.output), self._written()))

    def _written(self) -> tuple[str, ...]:
        """Every file of this staging (and perhaps a few more)."""
        return (*self._files, *self._more)

    def _note(self, name: str) -> None:
        if name not in self._files:
            self._more.add(name)

    def _put_away(self, folder: Path | None, listed: Sequence[str] | None = None,
                  site: spare_files.Manifest | None = None) -> None:
        """Keep ``folder`` (holding the ``listed`` files, if known) as the spare when there
        is one, else remove it; ``site``: the live site after a swap."""
        if folder is not None and self.spare is not None:
            try:
                self.spare.parent.mkdir(parents=True, exist_ok=True)
                folder.rename(self.spare)
            except OSError:  # another file system, or a spare in the way: remove it
                shutil.rmtree(folder, ignore_errors=True)
                listed = None
        elif folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        if self.spare is not None:
            spare_files.save(self.spare, (site or self._known)._replace(
                spare=listed if folder is not None or self._live is not None else None))


def write_new_file(path: Path, data: bytes) -> None:
    """Write ``data`` as a new file at ``path``: one already there may be a hard link to a
    file of the live site, which must not change under its readers."""
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def write_page_file(folder: str, name: str, data: bytes) -> tuple[int, int]:
    """Write ``data`` as the new file ``name`` ("slug/index.html") inside ``folder``, as
    :func:`write_new_file` does, and return its (size, mtime_ns).

    A page's folder is new in a fresh staging folder (a cold build's): made here with one
    ``mkdir``, it holds no file to unlink. Without pathlib, whose ``mkdir(parents=True,
    exist_ok=True)``, ``unlink`` and ``write_bytes`` were most of a page's write but the
    system calls (a worker writes thousands).

    Written through the file's descriptor (``os.open``, ``os.write``, ``os.fstat``): no
    file object, whose opening asks the system for the file's status and whether it is a
    terminal and where it stands (three calls), and no second walk of the path to stat it.
    ``O_EXCL``: the file is new, as the unlink before it makes sure."""
    path = os.path.join(folder, name)
    parent = os.path.dirname(path)
    try:
        os.mkdir(parent)
    except FileExistsError:  # the staging folder itself, or a rebuild's folder
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    except FileNotFoundError:  # a page deeper than one folder ("roles/slug/index.html")
        os.makedirs(parent, exist_ok=True)
    descriptor = os.open(path, _NEW_FILE, 0o666)
    try:
        written = 0
        with memoryview(data) as view:
            while written < len(data):  # a regular file takes it whole but on a signal
                written += os.write(descriptor, view[written:])
        status = os.fstat(descriptor)  # its time is the last write's: close changes none
    finally:
        os.close(descriptor)
    return status.st_size, status.st_mtime_ns


# What open(path, "wb") asks for, as a new file only.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _unwritable(output: Path, error: OSError) -> BuildError:
    return BuildError(f"cannot write the site: {error.strerror or error}",
                      Location(error.filename or str(output)),
                      "check that the output directory's parent exists, is a folder, and is "
                      "writable; the previous site was left as it was")


def _safe_parts(name: str) -> tuple[str, ...]:
    # urls.page_path already refused unsafe slugs; this guards the writer on its own.
    parts = tuple(name.split("/"))
    if "" in parts or "." in parts or ".." in parts:  # rare: pathlib normalises, then judge
        path = PurePosixPath(name)
        if path.is_absolute() or any(part in ("..", "") for part in path.parts):
            raise BuildError(f"refusing to write {name!r} outside the output directory")
        parts = path.parts
    return parts


def remove_leftovers(output: Path) -> None:
    """Delete the folders a killed build left beside ``output``; call with the build lock held.

    A kill between the two renames of the portable swap leaves the previous site under its
    ``-old-`` name and no ``output``: that folder is put back, not deleted. A kill in the
    middle of an update in place is finished (``in_place.finish``).
    """
    output = output.absolute()
    previous = sorted(output.parent.glob(f".{output.name}-old-*"))
    if previous and not output.exists():
        previous.pop().rename(output)
    for folder in previous:
        shutil.rmtree(folder, ignore_errors=True)
    staged = list(output.parent.glob(f".{output.name}-new-*"))
    for folder in staged:  # an update in place that had begun is finished
        if folder.is_dir() and not in_place.finish(folder, output):
            shutil.rmtree(folder, ignore_errors=True)
    for journal in staged:  # one whose folder was gone
        if not journal.is_dir():
            journal.unlink(missing_ok=True)


def _swap_in(staging: Path, output: Path) -> Path | None:
    """Put ``staging`` in place of ``output``; returns where the previous site now is."""
    if not output.exists():
        staging.rename(output)
        return None
    if _exchange(staging, output):
        return staging
    previous = staging.with_name(staging.name.replace("-new-", "-old-"))
    output.rename(previous)
    try:
        staging.rename(output)
    except BaseException:
        previous.rename(output)
        raise
    return previous


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2``); False where the system cannot.

    Two renames leave a moment with no output folder at all, and a build killed in that
    moment would leave no site; the exchange leaves none.
    """
    import ctypes  # here: a rebuild that updates the site in place swaps nothing

    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.ENOSYS, errno.EINVAL):  # an old kernel, or a file system without it
        return False
    raise OSError(number, os.strerror(number), str(second))
