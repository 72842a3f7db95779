"""Rules: small data objects (code, name, severity, check function) in an explicit registry.

A rule's ``check`` is a function ``(Document, RuleContext) -> Iterable[Hit]`` whose
docstring has three sections, "What it does", "Why it matters" and "Example"; those are
what ``copydesk rules`` and ``copydesk explain CODE`` print. The runner turns each Hit into
a :class:`~copydesk.lint.finding.Finding` with the rule's code, name and (configured)
severity, so a check never repeats them.

Each family module in ``copydesk.lint.rules`` ends with ``RULES: tuple[Rule, ...]``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from copydesk.config import Thresholds
from copydesk.lint.document import Block, Document
from copydesk.lint.finding import Fix, Severity
from copydesk.lint.text import sentences


@dataclass(frozen=True)
class RuleContext:
    """What a check may know beyond the document itself."""

    thresholds: Thresholds
    today: date
    # The numbers a drafted text may use (canonical form, see rules.grounding); None when
    # the text was not drafted from data, which keeps CD204 silent.
    allowed_numbers: frozenset[str] | None = None


# Its __init__ is written here (init=False): the one dataclass writes calls
# object.__setattr__ for each of the six fields (frozen), and the rules make one for
# each finding of every page.
@dataclass(frozen=True, init=False)
class Hit:
    """A rule's raw result: offsets ``start``..``end`` in ``block.text``.

    With ``block`` None the hit is about the whole document (reported at line 1, or at
    ``line`` when given).
    """

    block: Block | None
    start: int
    end: int
    message: str
    fix: Fix | None = None
    line: int = 0

    def __init__(self, block: Block | None, start: int, end: int, message: str,
                 fix: Fix | None = None, line: int = 0) -> None:
        self.__dict__.update(block=block, start=start, end=end, message=message, fix=fix,
                             line=line)


Check = Callable[[Document, RuleContext], Iterable[Hit]]
DOC_SECTIONS = ("what it does", "why it matters", "example")


class Documented:
    """Docs read from a check's docstring; shared by per-document and site-wide rules."""

    code: str
    check: Callable[..., object]

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""

    @property
    def summary(self) -> str:
        """The first sentence of "What it does" (of the docstring when it has no such section)."""
        text = " ".join((self.section("What it does") or self.doc).split())
        first = sentences(text)
        return first[0].text if first else ""

    def section(self, heading: str) -> str:
        """The text under ``heading`` ("What it does", "Why it matters" or "Example")."""
        wanted, current = heading.lower(), ""
        found: list[str] = []
        for line in self.doc.splitlines():
            key = line.strip().rstrip(":").lower()
            if key in DOC_SECTIONS:
                current = key
            elif current == wanted:
                found.append(line.strip())
        return "\n".join(found).strip()

    @property
    def family(self) -> str:
        return self.code[:3]


@dataclass(frozen=True)
class Rule(Documented):
    code: str  # "CD" + three digits; the hundreds digit names the family; never reused
    name: str  # kebab-case, names the problem: "unsourced-statistic"
    severity: Severity
    check: Check
