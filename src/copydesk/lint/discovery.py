"""Which files ``copydesk check`` reads: explicit files, folders walked, config globs."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fnmatch import translate
from pathlib import Path

from copydesk.config import Config
from copydesk.errors import LintInputError, Location
from copydesk.lint.readers import HTML_SUFFIXES, MARKDOWN_SUFFIXES, TEXT_SUFFIXES

LINTED_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


def matches(relative: str, globs: Iterable[str]) -> bool:
    """``relative`` (POSIX, from the project root, normalised) matches one of ``globs``.

    A glob without a slash also matches the file name alone, as in ``.gitignore``.
    """
    name = name_of(relative)
    return any(compiled(glob).matches(relative, name) for glob in globs)


def name_of(relative: str) -> str:
    """The last part, as PurePosixPath(relative).name gives it, without building a path:
    a build asks this for each of its 10,000 pages."""
    return relative.rstrip("/").rpartition("/")[2]


@dataclass(frozen=True)
class Glob:
    """A glob of the config, compiled once (``compiled``): a build matches the
    ``per-file-ignores`` globs against each of its pages three times, and fnmatchcase
    looked its pattern up again at each call."""

    whole: Callable[[str], object]  # matches the whole path (fnmatchcase's pattern)
    name_too: bool  # no slash: matches the file name alone too
    folder: str | None  # "content/drafts/" for "content/drafts/**": names the folder too

    def matches(self, relative: str, name: str) -> bool:
        """Whether it matches ``relative``, whose last part is ``name`` (``name_of``)."""
        return (self.whole(relative) is not None
                or (self.name_too and self.whole(name) is not None)
                or (self.folder is not None and (relative + "/").startswith(self.folder)))


@functools.lru_cache(maxsize=256)
def compiled(glob: str) -> Glob:
    """``glob`` compiled, as ``matches`` reads it."""
    pattern = glob.removeprefix("./")
    return Glob(re.compile(translate(pattern)).match, "/" not in pattern,
                pattern[:-2] if pattern.endswith("/**") else None)


def relative_to_root(path: Path, config: Config) -> str:
    try:
        return path.resolve().relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def default_paths(config: Config) -> list[Path]:
    """The project's content sources, and the built site when there is one."""
    paths = [path for path in (config.content_path, config.output_path) if path.is_dir()]
    if not paths:
        raise LintInputError(
            f"nothing to check: no {config.site.content_dir}/ folder in {config.root}",
            Location(str(config.root)),
            "give the files or folders to check: copydesk check PATH [PATH...]")
    return paths


def discover(paths: Sequence[Path], config: Config) -> list[Path]:
    """Every file to lint, in a stable order. A path that does not exist is an input error."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)  # named explicitly: linted whatever its suffix
        elif path.is_dir():
            found.extend(_walk(path, config))
        else:
            raise LintInputError("no such file or folder", Location(str(path)),
                                 "check the spelling, or run from the project root (-C DIR)")
    unique = dict.fromkeys(found)
    return list(unique)


def _walk(folder: Path, config: Config) -> list[Path]:
    found: list[Path] = []
    for directory, subdirs, files in os.walk(folder):
        here = Path(directory)
        subdirs[:] = sorted(name for name in subdirs
                            if _walked_into(name) and not _excluded(here / name, config))
        for name in sorted(files):
            path = here / name
            if _linted(name) and not _excluded(path, config):
                found.append(path)
    return found


def discovered_in(folder: Path, listed: Iterable[str], config: Config) -> list[Path]:
    """The files of ``listed`` (paths under ``folder``, as a walk that also follows linked
    folders found them) that ``discover([folder])`` finds: for a caller that walked the
    folder already. A linked folder on the way is looked at (one system call a folder)."""
    base = f"{folder}{os.sep}"
    found: list[Path] = []
    for file in listed:
        if not file.startswith(base):
            continue
        *folders, name = file[len(base):].split(os.sep)
        inside = [base + os.sep.join(folders[:depth]) for depth in range(1, len(folders) + 1)]
        if (_linted(name) and all(map(_walked_into, folders))
                and not any(map(os.path.islink, inside))
                and not any(_excluded(Path(path), config) for path in (*inside, file))):
            found.append(Path(file))
    return found


def _walked_into(folder: str) -> bool:
    return not folder.startswith(".") and folder not in _SKIPPED_DIRS


def _linted(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in LINTED_SUFFIXES and not name.startswith(".")


def _excluded(path: Path, config: Config) -> bool:
    # Resolving every path costs a system call or more: only when there are globs.
    return bool(config.lint.exclude) and matches(relative_to_root(path, config),
                                                 config.lint.exclude)
