"""``copydesk check --diff REF``: report only findings on lines added or changed since REF.

The lines come from ``git diff --unified=0 REF -- PATHS`` (the work tree, staged or not,
against REF); files git does not track yet (and does not ignore) count as wholly new. A
finding is kept when any line of its span changed. Document-level findings (a missing
title, the readability of the whole text) sit on a line like any other, usually line 1:
they are reported when that line changed, and always in a new file. So fixing a typo in
a legacy post does not fail a pull request on the post's old problems, while a new post
gets every finding.
"""

from __future__ import annotations

import codecs
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from copydesk.errors import DiffError
from copydesk.lint.finding import Finding
from copydesk.lint.runner import CheckResult

# "@@ -12,3 +14,5 @@": the new side starts at line 14 and holds 5 lines (1 when omitted).
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True)
class ChangedLines:
    """Lines added or changed per file (resolved paths), and the files that are all new."""

    lines: Mapping[Path, frozenset[int]]
    new_files: frozenset[Path]

    def covers(self, finding: Finding) -> bool:
        path = Path(finding.path).resolve()
        if path in self.new_files:
            return True
        changed = self.lines.get(path, frozenset())
        return any(line in changed for line in range(finding.line, finding.end_line + 1))


def only_changed(result: CheckResult, changes: ChangedLines) -> CheckResult:
    return replace(result, findings=tuple(f for f in result.findings if changes.covers(f)))


def changed_lines(ref: str, paths: Sequence[Path], cwd: Path | None = None) -> ChangedLines:
    """What changed in ``paths`` (all of the work tree when empty) since git ``ref``."""
    folder = (cwd or Path.cwd()).resolve()
    top = _git(["rev-parse", "--show-toplevel"], folder,
               "not inside a git work tree", "run the check in a git repository, or drop --diff")
    _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], folder,
         f"unknown git ref: {ref}", "give a branch, tag or commit that exists here, e.g. "
         "origin/main; a CI checkout may need the full history (fetch-depth: 0)")
    specs = ["--", *(str(path) for path in paths)]
    diff = _git(["-c", "core.quotepath=off", "diff", "--unified=0", "--no-color", "--no-ext-diff",
                 "--src-prefix=a/", "--dst-prefix=b/", ref, *specs], folder,
                f"git diff against {ref} failed", "check the ref and the paths")
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", *specs], folder,
                     "git ls-files failed", "check the paths")
    new_files = frozenset((folder / name).resolve() for name in untracked.split("\0") if name)
    return ChangedLines(parse_diff(diff, Path(top.strip())), new_files)


def parse_diff(diff: str, top: Path) -> dict[Path, frozenset[int]]:
    """Added line numbers per file (resolved, under ``top``) from a ``--unified=0`` diff."""
    lines: dict[Path, set[int]] = {}
    current: Path | None = None
    in_header = False
    for row in diff.split("\n"):
        # An added line "+++ x" inside a hunk must not be read as a file header.
        if row.startswith("diff --git "):
            in_header, current = True, None
        elif in_header and row.startswith("+++ "):
            name = _unquote(row[4:].rstrip("\t"))
            current = None if name == "/dev/null" else (top / name.removeprefix("b/")).resolve()
        elif row.startswith("@@") and current is not None:
            in_header = False
            match = _HUNK.match(row)
            if match:
                start, count = int(match[1]), int(match[2] or "1")
                lines.setdefault(current, set()).update(range(start, start + count))
    return {path: frozenset(numbers) for path, numbers in lines.items()}


def _unquote(name: str) -> str:
    """Git writes a name holding quotes, backslashes or control characters C-quoted."""
    if len(name) < 2 or not name.startswith('"') or not name.endswith('"'):
        return name
    raw: bytes = codecs.escape_decode(name[1:-1].encode("utf-8"))[0]
    return raw.decode("utf-8", "replace")


def _git(arguments: list[str], cwd: Path, problem: str, hint: str) -> str:
    try:
        done = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True,
                              encoding="utf-8", errors="replace", check=False)
    except FileNotFoundError:
        raise DiffError("--diff needs git, and git is not installed",
                        hint="install git, or drop --diff") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise DiffError(f"{problem}{': ' + detail[-1] if detail else ''}", hint=hint)
    return done.stdout
