"""The no-op build, told from file stamps alone: nothing is loaded, parsed, rendered or linted.

A build that wrote its site leaves a record (:class:`BuildRecord`) of what it was made from
and what it printed: one digest of the (size, modification time) of every file under the
content and templates folders, of the config files, of copydesk's code and of the installed
packages, with the build's options; the stamps of the rule plugins' modules; one digest of
the stamps of every file of the site it wrote; the day its lint was made on (dates rules
judge "stale" against today) and the moment the first future-dated article it left out
falls due. When the next build asks for the same and all of that still holds, its result
would be the same, so the record's report is printed again and nothing else happens.
The report (thousands of lines, megabytes) is kept in a file of its own, read only then,
and written only when a build's differs from the last one's.

An edit that keeps a file's size and modification time is the one change the stamps cannot
see: editors and ``touch`` move the time, but a tool that restores it (``cp -p``, an
archive extracted with its times) or a clock set back may not. ``copydesk build
--no-cache`` builds afresh whatever the stamps say.

This module imports nothing heavy: the no-op path must start in a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from datetime import date
from pathlib import Path

from copydesk.atomic import write_bytes_atomic
from copydesk.config import CONFIG_FILE, Config
from copydesk.paths import file_stamp

FORMAT = 2  # .2: the report in a file of its own
# The files under the content folder (but its data folder) that are articles; defined here,
# where no-op builds import nothing heavy, for content.loader too.
ARTICLE_SUFFIXES = (".md", ".markdown")
FOLDER = Path(".copydesk") / "build-cache"  # the build cache and this record


@dataclass(frozen=True)
class BuildRecord:
    """What a written build was made from, and what it reported."""

    inputs: str  # digest of the sources', config's, code's and packages' stamps, and options
    plugins: dict[str, list[int]]  # a rule plugin's module file -> [size, mtime_ns]
    site: str  # digest of the stamps of every file in the output folder
    today: str  # ISO date the lint was made on
    working: str  # the working folder: the report's findings show paths from it
    due: float | None  # POSIX time the first left-out future-dated article is published
    errors: int  # error-level findings (``--strict`` fails on them)
    pages: int
    report: list[str]  # the lines the build printed: warnings, errors, lint summary


@dataclass(frozen=True)
class Inputs:
    """The stamps of everything a build reads, taken once, before it reads any of it."""

    digest: str  # of the sources', config's, code's and packages' stamps, and the options
    # (size, mtime_ns) of every file under the content and templates folders, by the path
    # the walk found it at: the content's listing takes its stamps from here.
    stamps: Mapping[str, tuple[int, int]]
    # The stamps of the Markdown files under the content folder but its data folder, and
    # of the files under its data folder.
    articles: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    data: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    # The digest with the stamps of those two left out (their names kept): equal for two
    # builds whose sources differ in the text of articles and data files only
    # (``site.plan_reuse``).
    skeleton: str = ""


def read_inputs(config: Config, *, drafts: bool, future: bool) -> Inputs:
    """The stamps of everything a build reads, taken before it reads any of it, so that an
    edit made while it runs shows as a change to the next build."""
    from copydesk.lint.cache import source_stamp  # light: stdlib and copydesk only

    lines = [f"options\0{FORMAT}\0{drafts}\0{future}\0{config.output_path.absolute()}",
             f"code\0{source_stamp()}"]
    for candidate in (config.root / CONFIG_FILE, config.root / "pyproject.toml"):
        lines.append(f"config\0{candidate}\0{file_stamp(candidate)}")
    # Installing, upgrading or removing a package (a rule plugin, Jinja) changes the
    # folder that holds it: conservative, and one stat per folder. The project's own folder
    # changes with every build, and the first folder on the path, where no package is
    # installed (the working folder under ``python -m``, perhaps outside the project with
    # ``build -C``; the script's under ``copydesk``), with whatever else runs there; a
    # plugin module kept in either is stamped as a file (``BuildRecord.plugins``).
    root = str(config.root.absolute())
    lines.extend(f"path\0{folder}\0{file_stamp(Path(folder))}" for folder in _package_path()
                 if folder and not _within(os.path.abspath(folder), root))
    stamps: dict[str, tuple[int, int]] = {}
    for folder in (config.content_path, config.templates_path):
        lines.extend(_tree_stamps(folder, stamps))
    content, data = f"{config.content_path}/", f"{config.content_path}/data/"
    articles: dict[str, tuple[int, int]] = {}
    held: dict[str, tuple[int, int]] = {}
    for path, stamp in stamps.items():
        if path.startswith(data):
            held[path] = stamp
        # A suffix in capitals is left in the skeleton: its article's edits take the full path.
        elif path.endswith(ARTICLE_SUFFIXES) and path.startswith(content):
            articles[path] = stamp
    # Split by path, not by stamp line: a few lines are left, and 10,000 names. The lines
    # sorted are in the order of their paths (a path ends at the line's first NUL, which
    # sorts before any character), so the names are gathered sorted.
    lines.sort()
    skeleton: list[str] = []
    names: dict[str, list[str]] = {"articles": [], "data": []}
    for line in lines:
        path = line.partition("\0")[0]
        if path in articles:
            names["articles"].append(path)
        elif path in held:
            names["data"].append(path)
        else:
            skeleton.append(line)
    skeleton.extend(f"{kind}\0" + "\0".join(found) for kind, found in names.items())
    return Inputs(_digest(lines), stamps, articles, held, _digest(skeleton))


def _within(folder: str, root: str) -> bool:
    """Whether ``folder`` is ``root`` or lies under it (``/x/proj2`` is not under
    ``/x/proj``)."""
    return folder == root or folder.startswith(root.rstrip(os.sep) + os.sep)


def _package_path() -> list[str]:
    """The folders packages are imported from: the path but its first folder, which Python
    puts there for the main script or module (unless told not to, ``-P``)."""
    return sys.path if sys.flags.safe_path else sys.path[1:]


def tree_digest(folder: Path) -> str:
    """One digest of the (size, mtime) stamps of every file under ``folder``."""
    return _digest(_tree_stamps(folder))


def site_digest(output: Path, pages: Iterable[tuple[str, tuple[int, int]]],
                others: Iterable[str]) -> str:
    """:func:`tree_digest` of ``output`` when it holds exactly the ``pages`` (file inside
    it, '/'-separated, and the stamp the build took of it) and the ``others``, stamped
    here: a build knows its pages' stamps and need not walk 10,000 folders. A stamp that
    is wrong only makes the next build's no-op check fail; it never passes one."""
    base = str(output)
    lines = [_stamp_line(f"{base}/{name}", stamp) for name, stamp in pages]
    lines.extend(_stamp_line(f"{base}/{name}", file_stamp(output / name)) for name in others)
    return _digest(lines)


def plugin_stamps(files: Iterable[str]) -> dict[str, list[int]]:
    return {name: list(stamp) if (stamp := file_stamp(Path(name))) else [] for name in files}


def unchanged_build(config: Config, *, drafts: bool, future: bool, strict: bool,
                    inputs: Inputs | None = None) -> BuildRecord | None:
    """The previous build's record when a build now would find everything as it was
    (``inputs``, read now when not given); None when anything may differ (then the build
    runs)."""
    kept = _load(config)
    if kept is None:
        return None
    record, token = kept
    if ((strict and record.errors)
            or record.today != date.today().isoformat()
            or record.working != os.getcwd()
            or (record.due is not None and time.time() >= record.due)
            or plugin_stamps(record.plugins) != record.plugins
            or record.inputs != (inputs or read_inputs(config, drafts=drafts,
                                                       future=future)).digest
            or record.site != tree_digest(config.output_path)):
        return None
    report = _report(config, token)
    return None if report is None else replace(record, report=report)


def save_record(config: Config, record: BuildRecord) -> None:
    """Write the record, and its report when it is not the last record's; one that cannot
    be written only costs the next build its shortcut."""
    path = _record_file(config)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        kept = _load(config)
        if kept is not None and _report(config, kept[1]) == record.report:
            token = kept[1]
        else:  # written first: a record names its report only once it is there
            token = os.urandom(8).hex()
            write_bytes_atomic(_report_file(config), marshal.dumps((token, record.report)))
        # Not asdict, which deep-copies the report line by line.
        fields = {field.name: getattr(record, field.name) for field in dataclass_fields(record)}
        write_bytes_atomic(path, json.dumps({**fields, "report": token}).encode("utf-8"))
    except OSError:
        return


def _load(config: Config) -> tuple[BuildRecord, str] | None:
    """The last record, its report not read (``[]``), and the token naming its report."""
    try:
        fields = json.loads(_record_file(config).read_bytes())
        token = fields.pop("report")
        record = BuildRecord(**fields, report=[])
    except Exception:  # missing, truncated, from another format: build
        return None
    return (record, token) if isinstance(token, str) else None


def _report(config: Config, token: str) -> list[str] | None:
    """The report the record that holds ``token`` names; None when it is not there."""
    try:
        found = marshal.loads(_report_file(config).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):  # missing, truncated: build
        return None
    if (isinstance(found, tuple) and len(found) == 2 and found[0] == token
            and isinstance(found[1], list)):
        return found[1]
    return None


def output_key(output: Path) -> str:
    """A short name for an output folder: the caches of builds into different folders
    (``copydesk serve`` builds into its own) are kept apart."""
    return hashlib.blake2b(str(output.absolute()).encode("utf-8", "surrogateescape"),
                           digest_size=6).hexdigest()


def _record_file(config: Config) -> Path:
    return config.root / FOLDER / f"last-build-v{FORMAT}-{output_key(config.output_path)}.json"


def _report_file(config: Config) -> Path:
    return _record_file(config).with_suffix(".report")



def _tree_stamps(folder: Path, stamps: dict[str, tuple[int, int]] | None = None) -> list[str]:
    """One line per file under ``folder`` (hidden ones too), following linked folders as
    far as the loader may (a folder reached through links twice is walked once); each
    file's stamp also goes into ``stamps``, by its path."""
    lines: list[str] = []
    seen: set[tuple[int, int]] = set()
    pending = [str(folder)]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            lines.append(f"{current}\0unreadable")
            continue
        for entry in entries:
            try:
                # A folder that is not a link needs no stat: only a link can make a loop
                # (a site has a folder per page, and this walk runs twice per build).
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                    continue
                status = entry.stat()
                if entry.is_dir():
                    if (status.st_dev, status.st_ino) not in seen:
                        seen.add((status.st_dev, status.st_ino))
                        pending.append(entry.path)
                    continue
            except OSError:  # gone since the listing, or a dangling link
                lines.append(_stamp_line(entry.path, None))
                continue
            # As _stamp_line writes it, without a call for each of 10,000 files.
            path, size, mtime = entry.path, status.st_size, status.st_mtime_ns
            lines.append(f"{path}\0{size}\0{mtime}")
            if stamps is not None:
                stamps[path] = size, mtime
    return lines


def _stamp_line(path: str, stamp: tuple[int, int] | None) -> str:
    """A file's line in a tree digest (:func:`tree_digest` and :func:`site_digest` must
    write the same line for the same file)."""
    return f"{path}\0missing" if stamp is None else f"{path}\0{stamp[0]}\0{stamp[1]}"


def _digest(lines: Sequence[str]) -> str:
    return hashlib.blake2b("\n".join(sorted(lines)).encode("utf-8", "surrogateescape"),
                           digest_size=16).hexdigest()
