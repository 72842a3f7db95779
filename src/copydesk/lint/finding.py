"""Findings: the frozen values every rule produces and every report format prints."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used for --fail-on and sorting."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


# Slots: a check of 10,000 posts holds about 120,000 findings in one process, and a
# __dict__ apiece was a fifth of what they took. A slotted dataclass pickles through
# dataclasses' own __getstate__/__setstate__, which call fields() for every object: the
# build cache's 164,000 findings took 5.5 s under the profiler to write and read back at
# 10,000 pages, so
# both classes pickle as their constructor's arguments instead (a test holds each
# __reduce__ to every field).
@dataclass(frozen=True, slots=True)
class Fix:
    """Replace source text between two 1-based positions (end exclusive) with ``replacement``."""

    line: int
    col: int
    end_line: int
    end_col: int
    replacement: str
    description: str

    def __reduce__(self) -> tuple[type[Fix], tuple[object, ...]]:
        return Fix, (self.line, self.col, self.end_line, self.end_col, self.replacement,
                     self.description)


# Its __init__ is written here (init=False) and sets each slot through the slot's own
# descriptor: the one dataclass writes calls object.__setattr__ for each of the eleven
# fields (frozen), and made a Finding cost 17.0 K instructions against 9.5 K. A build makes
# some 30 a page and its main process tens of thousands (the site-wide ones, traced).
@dataclass(frozen=True, order=True, slots=True, init=False)
class Finding:
    """One problem at one place. Positions are 1-based; ``end_col`` is exclusive."""

    path: str
    line: int
    col: int
    end_line: int
    end_col: int
    code: str
    name: str
    severity: Severity
    message: str
    fix: Fix | None = None
    source_line: str = ""  # the text of ``line``, for reports that show it

    def __init__(self, path: str, line: int, col: int, end_line: int, end_col: int, code: str,
                 name: str, severity: Severity, message: str, fix: Fix | None = None,
                 source_line: str = "") -> None:
        _set_path(self, path)
        _set_line(self, line)
        _set_col(self, col)
        _set_end_line(self, end_line)
        _set_end_col(self, end_col)
        _set_code(self, code)
        _set_name(self, name)
        _set_severity(self, severity)
        _set_message(self, message)
        _set_fix(self, fix)
        _set_source_line(self, source_line)

    @property
    def family(self) -> str:
        """``CD2`` for ``CD201``: the hundreds digit names the rule family."""
        return self.code[:3]

    def __reduce__(self) -> tuple[type[Finding], tuple[object, ...]]:
        return Finding, (self.path, self.line, self.col, self.end_line, self.end_col, self.code,
                         self.name, self.severity, self.message, self.fix, self.source_line)


# The slots' descriptors (made with the class by dataclass(slots=True)), for __init__.
(_set_path, _set_line, _set_col, _set_end_line, _set_end_col, _set_code, _set_name,
 _set_severity, _set_message, _set_fix, _set_source_line) = (
    getattr(Finding, name).__set__ for name in Finding.__slots__)
