"""Safe autofix for ``copydesk check --fix``: apply only fixes that cannot change meaning.

Applied: CD501 (a missing full stop), CD504 (a repeated word), CD508 (doubled spaces) and,
when selected, CD509 (curly quotes). Other rules' fixes are never applied here.

A rule's fix is not trusted as it comes: each is checked against the Document, and only
one whose source range is visible prose of a block (the same characters, no masked code,
markup or entity), outside front matter and template tags ("{{ stat("id") }}"), is
applied. Two fixes whose ranges overlap (or insert at the same place) cannot both be
right: the later one is skipped and reported.

Bytes are kept: fixes are applied to the decoded text with its own line endings, so
CRLF, CR and mixed endings stay as they were, and the file is written back in its
encoding (UTF-8, with its byte-order mark when it had one; UTF-16 with its mark).
Files are replaced atomically (a temporary file in the same folder, then ``os.replace``).
"""

from __future__ import annotations

import codecs
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from copydesk.atomic import write_bytes_atomic
from copydesk.errors import LintInputError, Location
from copydesk.lint.document import Block, Document
from copydesk.lint.finding import Finding, Fix
from copydesk.lint.readers import read_document
from copydesk.lint.text import TEMPLATE_TAG_RE

SAFE_CODES = frozenset({"CD501", "CD504", "CD508", "CD509"})
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_LINE_END_RE = re.compile(r"\r\n|\r|\n")
_FRONT_MATTER_FENCES = ("---", "+++")
_WHY_SKIPPED = {
    "overlapping": "another fix changes the same text; run --fix again to apply this one",
    "unsafe": "it would edit code, markup, front matter or a template tag",
}


@dataclass(frozen=True)
class Skipped:
    finding: Finding
    reason: str  # "overlapping" or "unsafe"

    def message(self) -> str:
        found = self.finding
        assert found.fix is not None
        return (f"{found.path}:{found.line}:{found.col}: skipped {self.reason} fix for "
                f"{found.code} ({found.fix.description}): {_WHY_SKIPPED[self.reason]}")


@dataclass(frozen=True)
class SourceFixes:
    text: str
    applied: tuple[Finding, ...]
    skipped: tuple[Skipped, ...]


@dataclass(frozen=True)
class FileFixes:
    """The fixes for one file: its bytes before and after, what was applied and skipped."""

    path: str  # as findings show it
    before: bytes
    after: bytes
    applied: tuple[Finding, ...]
    skipped: tuple[Skipped, ...]

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        """A unified diff of the change (``a/path`` -> ``b/path``), empty when unchanged."""
        before, after = (_decode(data)[1].splitlines(keepends=True)
                         for data in (self.before, self.after))
        lines = difflib.unified_diff(before, after, f"a/{self.path}", f"b/{self.path}")
        # As git and patch write it, so a last line without "\n" does not run into the next.
        return "".join(line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n"
                       for line in lines)


def fixable(findings: Iterable[Finding]) -> list[Finding]:
    """The findings whose fix ``--fix`` may apply."""
    return [finding for finding in findings if finding.fix and finding.code in SAFE_CODES]


def plan_fixes(findings: Iterable[Finding]) -> list[FileFixes]:
    """Work out every file's fixed bytes; nothing is written."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in fixable(findings):
        by_path[finding.path].append(finding)
    plans: list[FileFixes] = []
    for path, found in sorted(by_path.items()):
        try:
            data = Path(path).read_bytes()
            bom, body = _decode(data)
            document = read_document(path, body)
        except Exception:  # unreadable or unparsable: the run has reported it as CD902
            continue
        fixed = fix_source(document, body, found)
        plans.append(FileFixes(path, data, bom + fixed.text.encode(_codec(bom)),
                               fixed.applied, fixed.skipped))
    return plans


def summary(plans: Sequence[FileFixes], *, dry_run: bool) -> str:
    """One line for the end of a --fix run: "Fixed 3 findings in 1 file."."""
    applied = sum(len(plan.applied) for plan in plans)
    files = sum(1 for plan in plans if plan.changed)
    if not applied:
        return "Nothing to fix."
    verb = "Would fix" if dry_run else "Fixed"
    return (f"{verb} {applied} finding{'s' * (applied != 1)} "
            f"in {files} file{'s' * (files != 1)}.")


def write_fixes(plans: Iterable[FileFixes]) -> None:
    for plan in plans:
        if plan.changed:
            _write_atomic(Path(plan.path).resolve(), plan.after)  # through a symlink


def fix_source(document: Document, raw: str, findings: Iterable[Finding]) -> SourceFixes:
    """Apply the findings' fixes to ``raw`` (the text ``document`` was read from, with its
    own line endings and without a byte-order mark)."""
    starts = [0, *(match.end() for match in _LINE_END_RE.finditer(raw))]
    protected = _front_matter_lines(document)
    tags = [tag.span() for tag in TEMPLATE_TAG_RE.finditer(raw)]
    placed: list[tuple[int, int, Finding]] = []
    skipped: list[Skipped] = []
    seen: set[tuple[int, int, str]] = set()
    for finding in findings:
        fix = finding.fix
        if fix is None:
            continue
        span = _raw_span(raw, starts, fix)
        if (span is None or fix.line <= protected or not _in_prose(document, fix)
                or any(start < span[1] and span[0] < end for start, end in tags)):
            skipped.append(Skipped(finding, "unsafe"))
        elif (*span, fix.replacement) not in seen:
            seen.add((*span, fix.replacement))
            placed.append((*span, finding))
    accepted: list[tuple[int, int, Finding]] = []
    for start, end, finding in sorted(placed, key=lambda item: item[:2]):
        if accepted and _overlaps(accepted[-1][:2], (start, end)):
            skipped.append(Skipped(finding, "overlapping"))
        else:
            accepted.append((start, end, finding))
    text = raw
    for start, end, finding in reversed(accepted):
        assert finding.fix is not None
        text = text[:start] + finding.fix.replacement + text[end:]
    return SourceFixes(text, tuple(item[2] for item in accepted), tuple(skipped))


def _overlaps(first: tuple[int, int], second: tuple[int, int]) -> bool:
    """``second`` starts at or after ``first`` (sorted); insertions at one place collide."""
    if second[0] < first[1]:
        return True
    return first[0] == first[1] == second[0] == second[1]


def _raw_span(raw: str, starts: Sequence[int], fix: Fix) -> tuple[int, int] | None:
    """Offsets in ``raw`` of the fix's range; columns are the same as in normalised text."""
    offsets = []
    for line, col in ((fix.line, fix.col), (fix.end_line, fix.end_col)):
        if not 0 < line <= len(starts):
            return None
        line_end = starts[line] if line < len(starts) else len(raw)
        width = len(raw[starts[line - 1]:line_end].rstrip("\r\n"))
        if not 0 < col <= width + 1:
            return None
        offsets.append(starts[line - 1] + col - 1)
    return (offsets[0], offsets[1]) if offsets[0] <= offsets[1] else None


def _front_matter_lines(document: Document) -> int:
    """How many leading lines are front matter (0 when there is none)."""
    lines = document.lines
    if document.kind != "markdown" or not lines or lines[0].strip() not in _FRONT_MATTER_FENCES:
        return 0
    closing = next((number for number, line in enumerate(lines[1:], start=2)
                    if line.strip() in ("---", "...", "+++")), len(lines))
    return closing


def _in_prose(document: Document, fix: Fix) -> bool:
    """Whether some block shows exactly the source the fix replaces (so it is prose)."""
    for block in document.blocks:
        start = _text_offset(block, fix.line, fix.col)
        end = _text_offset(block, fix.end_line, fix.end_col)
        if start is None or end is None or end < start:
            continue
        visible = block.text[start:end]
        source = _source(document, fix)
        same = visible == source if fix.line == fix.end_line else visible.split() == source.split()
        if not source.strip():
            # Masked code and markup read as spaces too: only real visible characters on
            # both sides (before, for an insertion) show that these spaces are prose.
            same = same and _visible_at(document, block, start, fix.line, fix.col - 1) and (
                start == end or _visible_at(document, block, end + 1, fix.end_line, fix.end_col))
        if same and block.position(start) == (fix.line, fix.col):
            return True
    return False


def _visible_at(document: Document, block: Block, after: int, line: int, col: int) -> bool:
    """Whether the character before text offset ``after`` is a visible, non-space character
    that sits at source ``line``:``col``."""
    char = block.text[after - 1:after] if after > 0 else ""
    return (bool(char.strip()) and col > 0
            and document.source_line(line)[col - 1:col] == char)


def _text_offset(block: Block, line: int, col: int) -> int | None:
    """The offset in ``block.text`` that sits at source ``line``:``col``, if any."""
    anchors = block.line_starts
    for index in reversed(range(len(anchors))):
        anchor = anchors[index]
        if anchor.line != line or col < anchor.col:
            continue
        offset = anchor.offset + col - anchor.col
        limit = anchors[index + 1].offset - 1 if index + 1 < len(anchors) else len(block.text)
        return offset if offset <= limit else None
    return None


def _source(document: Document, fix: Fix) -> str:
    if fix.line == fix.end_line:
        return document.source_line(fix.line)[fix.col - 1:fix.end_col - 1]
    middle = [document.source_line(number) for number in range(fix.line + 1, fix.end_line)]
    return "\n".join([document.source_line(fix.line)[fix.col - 1:], *middle,
                      document.source_line(fix.end_line)[:fix.end_col - 1]])


def _decode(data: bytes) -> tuple[bytes, str]:
    """The byte-order mark (or b"") and the text after it."""
    bom = next((mark for mark, _ in _BOMS if data.startswith(mark)), b"")
    return bom, data[len(bom):].decode(_codec(bom))


def _codec(bom: bytes) -> str:
    return next((codec for mark, codec in _BOMS if mark == bom), "utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, keeping its permissions."""
    try:
        write_bytes_atomic(path, data)
    except OSError as error:
        raise LintInputError(f"cannot write the fixed file: {error.strerror}",
                             Location(str(path)),
                             hint="check that the folder is writable, or run without --fix"
                             ) from error
