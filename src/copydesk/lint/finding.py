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


# Its __init__ is written here (init=False) and fills the slots as a _Draft: the one
# dataclass writes calls object.__setattr__ for each of the eleven fields (frozen), and
# made a Finding cost 17.0 K instructions; setting each through the slot's own descriptor
# (a method-wrapper call each), 9.5 K; this, 6.5 K. A build makes some 30 a page and its
# main process tens of thousands (the site-wide ones, traced).
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
        # Made a _Draft while its slots are filled, each by the interpreter's own store
        # (no frozen __setattr__ to go through), then a Finding again.
        _set_class(self, "__class__", _Draft)
        draft: _Draft = self  # type: ignore[assignment]
        draft.path = path
        draft.line = line
        draft.col = col
        draft.end_line = end_line
        draft.end_col = end_col
        draft.code = code
        draft.name = name
        draft.severity = severity
        draft.message = message
        draft.fix = fix
        draft.source_line = source_line
        _set_class(self, "__class__", Finding)

    @property
    def family(self) -> str:
        """``CD2`` for ``CD201``: the hundreds digit names the rule family."""
        return self.code[:3]

    def __reduce__(self) -> tuple[type[Finding], tuple[object, ...]]:
        return Finding, (self.path, self.line, self.col, self.end_line, self.end_col, self.code,
                         self.name, self.severity, self.message, self.fix, self.source_line)


class _Draft:
    """A Finding being made: its slots, in its order (so an object's class may be switched
    between the two), without the frozen __setattr__."""

    __slots__ = Finding.__slots__
    path: str
    line: int
    col: int
    end_line: int
    end_col: int
    code: str
    name: str
    severity: Severity
    message: str
    fix: Fix | None
    source_line: str


_set_class = object.__setattr__  # past the frozen __setattr__
