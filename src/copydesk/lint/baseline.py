"""``copydesk check --baseline FILE``: adopt the linter on an existing site without a flag day.

A baseline records today's findings so that only new ones are reported. An entry is keyed
on the finding's path, code and *offending text* (the source between its start and end,
whitespace collapsed and case folded), plus an occurrence index among identical keys, and
never on a line number: inserting lines above a recorded finding keeps it matching.

The file is JSON, one entry per line, sorted, so that a review shows exactly which
findings were accepted or fixed. Entries for files that were not checked in this run are
left alone (neither matched nor stale); an entry whose file was checked but that matches
no finding, or whose file is gone, is stale and reported as CD903 at its line in the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from copydesk.atomic import write_text_atomic
from copydesk.errors import BaselineError, Location
from copydesk.lint.finding import Finding
from copydesk.lint.rules.meta import STALE_BASELINE_ENTRY
from copydesk.lint.runner import CheckResult, sort_findings

VERSION = 1
_TEXT_LIMIT = 120  # characters kept of the offending text; the occurrence index disambiguates
_HINT = ("fix the entry, or delete the file and record it again with "
         "`copydesk check --baseline FILE --update-baseline`")
_ENTRIES = re.compile(r'(?<!\\)"entries"\s*:\s*\[')


@dataclass(frozen=True, order=True)
class Entry:
    """One accepted finding; ``line`` is where the entry sits in the baseline file."""

    path: str
    code: str
    text: str
    occurrence: int = 0
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str, str, str, int]:
        return self.path, self.code, self.text, self.occurrence


@dataclass(frozen=True)
class Baseline:
    path: Path
    entries: tuple[Entry, ...] = ()


def fingerprints(findings: Iterable[Finding]) -> list[tuple[Finding, Entry]]:
    """Each finding with the entry that records it, occurrences counted in file order."""
    sources: dict[str, list[str] | None] = {}
    seen: dict[tuple[str, str, str], int] = {}
    keyed: list[tuple[Finding, Entry]] = []
    for finding in sort_findings(findings):
        if finding.path not in sources:
            sources[finding.path] = _read_lines(finding.path)
        text = normalise(span_text(finding, sources[finding.path]))
        occurrence = seen.get((finding.path, finding.code, text), 0)
        seen[(finding.path, finding.code, text)] = occurrence + 1
        keyed.append((finding, Entry(finding.path, finding.code, text, occurrence)))
    return keyed


def span_text(finding: Finding, lines: Sequence[str] | None) -> str:
    """The source between the finding's start and end (its source line when unreadable)."""
    if lines is None or not 0 < finding.line <= finding.end_line <= len(lines):
        if finding.end_line != finding.line:
            return finding.source_line[finding.col - 1:]
        return finding.source_line[finding.col - 1:finding.end_col - 1]
    if finding.end_line == finding.line:
        return lines[finding.line - 1][finding.col - 1:finding.end_col - 1]
    return "\n".join([lines[finding.line - 1][finding.col - 1:],
                      *lines[finding.line:finding.end_line - 1],
                      lines[finding.end_line - 1][:finding.end_col - 1]])


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()[:_TEXT_LIMIT]


def _read_lines(path: str) -> list[str] | None:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    # Readers normalise line endings before computing columns; do the same here.
    return data.decode("utf-8", "replace").replace("\r\n", "\n").split("\n")


def apply_baseline(result: CheckResult, baseline: Baseline) -> CheckResult:
    """``result`` without the findings ``baseline`` records, plus CD903 for stale entries."""
    recorded = {entry.key for entry in baseline.entries}
    keyed = fingerprints(result.findings)
    kept = [finding for finding, entry in keyed if entry.key not in recorded]
    current = {entry.key for _, entry in keyed}
    checked = {*result.files, *(finding.path for finding in result.findings)}
    stale = [entry for entry in baseline.entries if entry.key not in current
             and (entry.path in checked or not Path(entry.path).exists())]
    rule = next((rule for rule in result.rules if rule.code == STALE_BASELINE_ENTRY), None)
    if rule is not None:
        lines = _read_lines(str(baseline.path)) or []
        for entry in stale:
            source = lines[entry.line - 1] if 0 < entry.line <= len(lines) else ""
            message = (f"stale baseline entry: {entry.code} {entry.text!r} in {entry.path} "
                       "no longer matches a finding; run with --update-baseline to drop it")
            kept.append(Finding(str(baseline.path), max(entry.line, 1), 1, max(entry.line, 1),
                                len(source) + 1, rule.code, rule.name, rule.severity, message,
                                source_line=source))
    return replace(result, findings=tuple(sort_findings(kept)))


def updated_baseline(result: CheckResult, previous: Baseline) -> Baseline:
    """The baseline recording ``result``'s findings; entries of unchecked files are kept."""
    checked = {*result.files, *(finding.path for finding in result.findings)}
    kept = [entry for entry in previous.entries
            if entry.path not in checked and Path(entry.path).exists()]
    found = [entry for finding, entry in fingerprints(result.findings)
             if finding.code != STALE_BASELINE_ENTRY]
    return Baseline(previous.path, tuple(sorted({*kept, *found})))


def dump_baseline(baseline: Baseline) -> str:
    """Stable JSON: one sorted entry per line, so a diff shows one line per finding."""
    rows = [json.dumps({"path": entry.path, "code": entry.code, "occurrence": entry.occurrence,
                        "text": entry.text}, ensure_ascii=False)
            for entry in sorted(baseline.entries)]
    body = ",\n".join(f"    {row}" for row in rows)
    entries = f"[\n{body}\n  ]" if rows else "[]"
    return f'{{\n  "version": {VERSION},\n  "tool": "copydesk",\n  "entries": {entries}\n}}\n'


def save_baseline(baseline: Baseline) -> None:
    try:
        write_text_atomic(baseline.path, dump_baseline(baseline))
    except OSError as error:
        raise BaselineError(f"cannot write the baseline: {error.strerror}",
                            Location(str(baseline.path)),
                            "check that the folder exists and is writable") from None


def load_baseline(path: Path, *, missing_ok: bool = False) -> Baseline:
    """Read and validate ``path``; a missing file is an error unless ``missing_ok``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing_ok:
            return Baseline(path)
        raise BaselineError("baseline file not found", Location(str(path)),
                            "record one first with `copydesk check --baseline FILE "
                            "--update-baseline`") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"cannot read the baseline: {error}", Location(str(path)),
                            _HINT) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(f"baseline is not valid JSON: {error.msg}",
                            Location(str(path), error.lineno, error.colno), _HINT) from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise BaselineError(f'baseline must be a JSON object with "version": {VERSION}',
                            Location(str(path), 1), _HINT)
    raw = data.get("entries")
    if not isinstance(raw, list):
        raise BaselineError('baseline has no "entries" list', Location(str(path), 1), _HINT)
    lines = _entry_lines(text)
    if len(lines) != len(raw):
        lines = [0] * len(raw)
    return Baseline(path, tuple(_entry(item, Location(str(path), line))
                                for item, line in zip(raw, lines, strict=True)))


def _entry(item: object, where: Location) -> Entry:
    if (isinstance(item, dict) and isinstance(item.get("path"), str)
            and isinstance(item.get("code"), str) and isinstance(item.get("text"), str)
            and type(item.get("occurrence", 0)) is int and item.get("occurrence", 0) >= 0):
        return Entry(item["path"], item["code"], item["text"], item.get("occurrence", 0),
                     where.line)
    raise BaselineError('baseline entry must be an object with string "path", "code" and '
                        '"text" and a non-negative integer "occurrence"', where, _HINT)


def _entry_lines(text: str) -> list[int]:
    """The 1-based line of each element of the "entries" array, in order."""
    match = _ENTRIES.search(text)
    if match is None:
        return []
    decoder = json.JSONDecoder()
    position, lines = match.end(), list[int]()
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            return lines
        lines.append(text.count("\n", 0, position) + 1)
        try:
            _, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            return []


def record_baseline(path: Path, result: CheckResult) -> Baseline:
    """Write the baseline at ``path`` for ``result`` (``--update-baseline``); fixed ones drop."""
    baseline = updated_baseline(result, load_baseline(path, missing_ok=True))
    save_baseline(baseline)
    return baseline
