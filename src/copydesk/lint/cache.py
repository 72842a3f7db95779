"""The lint cache of ``copydesk check``: a file whose bytes did not change is not linted again.

An entry is keyed by everything that decides a file's findings: its bytes and the path
findings show, the rules that run on it (built-in and plugin, with the code that defines
them), their configuration (thresholds, severity overrides, today's date, which dates
depend on) and copydesk's own version and source. So a cached result is the result a fresh
run would give; any change anywhere gives a new key, never a stale answer. Site-wide rules
always run afresh: an entry keeps what they read of the file (its SiteFacts) for them.

Entries are pickles under ``.copydesk/lint-cache/v<FORMAT>/``, written atomically by
whichever process linted the file. An entry that cannot be read (truncated, from another
Python, edited by hand) is a miss. Entries not used for :data:`STALE_AFTER` are pruned,
and the oldest go first beyond :data:`MAX_ENTRIES`.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import pickle
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import copydesk
from copydesk.atomic import write_atomic

if TYPE_CHECKING:  # the no-op build reads source_stamp without loading the lint machinery
    from copydesk.lint.finding import Finding
    from copydesk.lint.rule import Rule, RuleContext
    from copydesk.lint.site_facts import SiteFacts

FORMAT = 2  # 2: entries keep SiteFacts, not a slimmed Document
FOLDER = Path(".copydesk") / "lint-cache"
MAX_ENTRIES = 50_000
STALE_AFTER = 30 * 24 * 3600  # seconds


@dataclass(frozen=True)
class CachedFile:
    findings: tuple[Finding, ...]
    facts: SiteFacts | None  # for the site-wide rules; None when the file did not parse


@dataclass(frozen=True)
class LintCache:
    """The cache folder and the fingerprint of one run's rules and settings."""

    folder: Path
    fingerprint: str

    @classmethod
    def for_run(cls, project: Path, rules: Iterable[Rule], context: RuleContext,
                severity: Mapping[str, str]) -> LintCache:
        digest = hashlib.blake2b(digest_size=16)
        for part in (str(FORMAT), copydesk.__version__, source_stamp(),
                     *(_rule_identity(rule) for rule in rules), repr(context),
                     repr(sorted(severity.items()))):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        return cls(project / FOLDER / f"v{FORMAT}", digest.hexdigest())

    def key(self, data: bytes, display: str, ignored: Iterable[str]) -> str:
        """The entry of a file with these bytes, shown as ``display``, with these codes off."""
        digest = hashlib.blake2b(data, digest_size=20)
        digest.update("\0".join((self.fingerprint, display, *ignored)).encode(
            "utf-8", "surrogateescape"))
        return digest.hexdigest()

    def load(self, key: str) -> CachedFile | None:
        path = self.folder / key
        try:
            with path.open("rb") as stream:
                entry = pickle.load(stream)
            os.utime(path)  # a hit keeps the entry from being pruned as stale
        except Exception:  # a missing or unreadable entry is a miss, whatever went wrong
            return None
        return entry if isinstance(entry, CachedFile) else None

    def store(self, key: str, entry: CachedFile) -> None:
        """Write the entry atomically; a cache that cannot be written only costs speed."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / key, lambda stream: pickle.dump(
                entry, stream, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            return

    def prune(self, used: Iterable[str], now: float | None = None) -> int:
        """Remove entries unused for STALE_AFTER, then the oldest beyond MAX_ENTRIES;
        never one this run used. Returns how many were removed."""
        keep = set(used)
        now = time.time() if now is None else now
        try:
            entries = [(entry.stat().st_mtime, entry.path) for entry in os.scandir(self.folder)
                       if entry.name not in keep]
        except OSError:
            return 0
        entries.sort()
        excess = max(len(entries) + len(keep) - MAX_ENTRIES, 0)
        doomed = [path for index, (mtime, path) in enumerate(entries)
                  if index < excess or now - mtime > STALE_AFTER]
        for path in doomed:
            Path(path).unlink(missing_ok=True)
        return len(doomed)


def _rule_identity(rule: Rule) -> str:
    """A rule as the cache knows it; a plugin's check also by its module file's stamp."""
    check = rule.check
    module = getattr(check, "__module__", "") or ""
    name = getattr(check, "__qualname__", type(check).__qualname__)
    identity = f"{rule.code} {rule.name} {rule.severity} {module}.{name}"
    if not _is_builtin(rule):
        identity += f" {_file_stamp(plugin_source(rule))}"
    return identity


def _is_builtin(rule: Rule) -> bool:
    return (getattr(rule.check, "__module__", "") or "").split(".", 1)[0] == "copydesk"


def plugin_source(rule: Rule) -> str | None:
    """The source file of a third-party rule's check; None for copydesk's own rules and
    for a check with no source file (a builtin, a C extension)."""
    if _is_builtin(rule):
        return None
    try:
        return inspect.getsourcefile(rule.check)
    except TypeError:
        return None


@functools.cache  # the code a process runs is the code it imported: one walk per process
def source_stamp() -> str:
    """copydesk's own source files by size and modification time: a rule edited in a
    development checkout changes findings without changing the version number."""
    return ";".join(sorted(_py_stamps(os.path.dirname(copydesk.__file__), "")))


def _py_stamps(folder: str, prefix: str) -> Iterable[str]:
    """``name:size:mtime`` of each ``.py`` file under ``folder`` (os.scandir: a pathlib
    walk of the package's 140 modules cost every build 16 M instructions, this 3 M)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                yield from _py_stamps(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                yield f"{prefix}{entry.name}:{_file_stamp(entry.path)}"


def _file_stamp(path: str | None) -> str:
    try:
        stat = os.stat(path) if path else None
    except OSError:
        return "?"
    return f"{stat.st_size}:{stat.st_mtime_ns}" if stat else "?"
