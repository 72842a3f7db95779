"""In-text suppressions: ``<!-- copydesk: ignore CD201, CD3 -->`` and ``ignore-file``.

A comment alone on its line silences the listed codes (prefixes, like ``select``) on the
next non-blank line; ``ignore-file`` silences them in the whole file, and no codes means
every code. A comment after text on the same line is not a suppression: the next-line form
keeps the prose line itself free of markup that would shift its columns.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

from copydesk.lint.document import Suppression
from copydesk.lint.finding import Finding

_COMMENT_RE = re.compile(
    r"\s*<!--\s*copydesk:\s*(ignore-file|ignore)\b([^<>]{0,500}?)\s*-->\s*", re.IGNORECASE)
_SEPARATOR_RE = re.compile(r"[\s,]+")


def is_suppression_comment(line: str) -> bool:
    """Whether ``line`` is a suppression comment alone on its line."""
    return "copydesk" in line and _COMMENT_RE.fullmatch(line) is not None


def parse_suppressions(lines: Sequence[str], skip: Container[int] = ()) -> tuple[Suppression, ...]:
    """Suppression comments in ``lines``; 1-based line numbers in ``skip`` (code) are ignored."""
    if not any("copydesk" in line for line in lines):
        return ()  # most files: one quick look at each line instead of the walk below
    found: list[Suppression] = []
    pending: list[tuple[tuple[str, ...], int, int]] = []
    for number, line in enumerate(lines, start=1):
        if number in skip:
            continue
        match = _COMMENT_RE.fullmatch(line) if "copydesk" in line else None
        if match is None:
            if line.strip():
                found.extend(Suppression(codes, at, number, col) for codes, at, col in pending)
                pending.clear()
            continue
        # A misspelt code matches nothing, so its suppression is reported as unused.
        codes = tuple(code.upper() for code in _SEPARATOR_RE.split(match.group(2)) if code)
        col = line.index("<!--") + 1
        if match.group(1).lower() == "ignore-file":
            found.append(Suppression(codes, number, 0, col))
        else:
            pending.append((codes, number, col))
    # A next-line comment at the end of the file has nothing to apply to; it stays unused.
    found.extend(Suppression(codes, at, -1, col) for codes, at, col in pending)
    return tuple(found)


def suppresses(suppression: Suppression, finding: Finding) -> bool:
    if suppression.codes and not finding.code.startswith(suppression.codes):
        return False
    if suppression.target_line == 0:
        return True
    return finding.line <= suppression.target_line <= finding.end_line


@dataclass(frozen=True)
class Applied:
    kept: tuple[Finding, ...]
    unused: tuple[Suppression, ...]


def apply_suppressions(findings: Iterable[Finding],
                       suppressions: Sequence[Suppression]) -> Applied:
    """Drop suppressed findings and return the suppressions that silenced nothing."""
    used: set[int] = set()
    kept: list[Finding] = []
    # Indexed by target line: a large file may hold thousands of comments and findings.
    whole_file = [index for index, s in enumerate(suppressions) if s.target_line == 0]
    by_line: dict[int, list[int]] = {}
    for index, suppression in enumerate(suppressions):
        if suppression.target_line > 0:
            by_line.setdefault(suppression.target_line, []).append(index)
    for finding in findings:
        if finding.end_line - finding.line < len(by_line):
            lines: Iterable[int] = range(finding.line, finding.end_line + 1)
        else:
            lines = [line for line in by_line if finding.line <= line <= finding.end_line]
        candidates = whole_file + [i for line in lines for i in by_line.get(line, ())]
        silencers = [index for index in candidates if suppresses(suppressions[index], finding)]
        used.update(silencers)
        if not silencers:
            kept.append(finding)
    unused = tuple(s for index, s in enumerate(suppressions) if index not in used)
    return Applied(tuple(kept), unused)
