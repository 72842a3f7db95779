"""CD5xx typography: doubled spaces between words, straight quotes (opt-in).

Both rules carry a :class:`~copydesk.lint.finding.Fix` only where the reader maps the
visible text back to the source exactly, so ``copydesk check --fix`` can apply them
without touching markup, code or entities.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from copydesk.lint.document import Block, Document
from copydesk.lint.finding import Fix, Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.scanning import SubstringAnchoredPattern
from copydesk.lint.text import TEMPLATE_TAG_RE

# Two or more spaces between non-spaces. It opens with the space (the look-behind checks
# the character before it) so that re skips from space to space, not letter to letter.
_SPACE_RUN_RE = re.compile(r" (?<=\S ) +(?=\S)")
# Tried only where two spaces stand: a paragraph holding a run has a hundred single
# spaces, and re tried the pattern at each (~60 K instructions a page).
_SPACE_RUN_SCAN = SubstringAnchoredPattern(_SPACE_RUN_RE, "  ")
_QUOTE_RE = re.compile(r"[\"']")
# A quote after these opens ("(“so-called”", "—‘like this’"); after anything else it closes.
_OPENERS = frozenset("([{—–-/“‘")
_URL_MARKERS = ("://", "www.", "mailto:")


def _exact_run(document: Document, block: Block, start: int,
               end: int) -> tuple[int, int, int] | None:
    """Source (line, col, end_col) of the spaces at ``start``..``end`` when the source has
    exactly those spaces between the same two visible characters (no masked markup)."""
    line, col = block.position(start)
    end_line, end_col = block.position(end)
    source = document.source_line(line)
    if (end_line != line or col < 2 or source[col - 1:end_col - 1] != block.text[start:end]
            or source[col - 2] != block.text[start - 1]
            or source[end_col - 1:end_col] != block.text[end:end + 1]):
        return None
    return line, col, end_col


def check_double_space(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags two or more spaces between two words on one line ("the  report", "end.  Next").
    Only spaces the source really has between visible characters count: indentation,
    the two trailing spaces of a Markdown hard line break, code, table cells and
    columns aligned with spaces (runs ending at the same column on several lines of a
    block) are left alone.

    Why it matters:
    Doubled spaces are invisible in most editors but show up in plain-text exports,
    emails and search snippets, and they make find-and-replace miss phrases.

    Example:
    "Hiring managers  look for depth.": replace the two spaces with one.
    """
    for block in document.blocks:
        if block.kind == "table_cell" or "  " not in block.text:
            continue
        runs = [(match, place) for match in _SPACE_RUN_SCAN.finditer(block.text)
                if (place := _exact_run(document, block, match.start(), match.end()))]
        # Runs ending at the same column on different lines are aligned columns, on purpose.
        lines_ending_at: dict[int, set[int]] = defaultdict(set)
        for _, (line, _, end_col) in runs:
            lines_ending_at[end_col].add(line)
        for match, (line, col, end_col) in runs:
            if len(lines_ending_at[end_col]) > 1:
                continue
            width = len(match.group())
            yield Hit(block, match.start(), match.end(),
                      f"{width} spaces between words: use one",
                      Fix(line, col, line, end_col, " ", f"replace {width} spaces with one"))


def _curly(quote: str, before: str, after: str) -> str | None:
    """The curly form of ``quote`` between ``before`` and ``after``; None when unclear."""
    opens = not before or before.isspace() or before in _OPENERS
    if quote == '"':
        if opens:
            return "“" if after and not after.isspace() else None
        return "”" if not after or not after.isalnum() else None
    if opens and after.isalpha():
        return "‘"
    return "’"  # an apostrophe ("don't", "'90s", "users'") or a closing single quote


def _in_url(text: str, index: int) -> bool:
    start = max(text.rfind(" ", 0, index), text.rfind("\n", 0, index)) + 1
    token = text[start:].split(maxsplit=1)[0] if text[start:].strip() else ""
    return any(marker in token for marker in _URL_MARKERS)


def check_straight_quotes(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags straight quotes (" and ') in prose and offers their curly form (“ ” ‘ ’).
    Quotes inside template tags ("{{ stat("id") }}") are code and are left alone.
    This rule is off unless selected by its full code (``select = ["CD", "CD509"]`` or
    ``--select CD509``): straight quotes are a house-style choice, not an error. Code,
    URLs, HTML attributes, entities and front matter are never touched; a quote after a
    digit (5'10") is a prime and is left alone, as is a double quote between two letters.

    Why it matters:
    A publication that sets curly quotes looks unfinished where a pasted paragraph
    brings straight ones along.

    Example:
    He called it "the best hire we made": write “the best hire we made”.
    """
    for block in document.blocks:
        text = block.text
        tags = [tag.span() for tag in TEMPLATE_TAG_RE.finditer(text)]
        for match in _QUOTE_RE.finditer(text):
            index, quote = match.start(), match.group()
            if any(start <= index < end for start, end in tags):
                continue
            before = text[index - 1] if index else ""
            after = text[index + 1:index + 2]
            curly = None if before.isdigit() or _in_url(text, index) else _curly(
                quote, before, after)
            line, col = block.position(index)
            if curly is None or document.source_line(line)[col - 1:col] != quote:
                continue
            yield Hit(block, index, index + 1, f"straight quote {quote}: write {curly}",
                      Fix(line, col, line, col + 1, curly, f"write {curly}"))


STRAIGHT_QUOTES = "CD509"

RULES: tuple[Rule, ...] = (
    Rule("CD508", "double-space", Severity.INFO, check_double_space),
    Rule(STRAIGHT_QUOTES, "straight-quotes", Severity.INFO, check_straight_quotes),
)
# Rules that run only when ``select`` names their full code; "CD" or "CD5" is not enough.
OPT_IN: frozenset[str] = frozenset({STRAIGHT_QUOTES})
