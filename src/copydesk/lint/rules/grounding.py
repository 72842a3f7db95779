"""CD204: numbers in a drafted text that the data it was drafted from does not hold.

The rule only speaks when the runner is told which numbers the text may use
(``RuleContext.allowed_numbers``): ``copydesk draft`` passes the numbers of the data it
gave the model. Numbers are compared by value, so "220,000", "220000" and "$220k" are
one number; ``canonical_number`` and ``numbers_in`` are the shared definition of that
value, used by the drafting code to build the allowed set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from copydesk.lint.document import Document
from copydesk.lint.finding import Severity
from copydesk.lint.rule import Hit, Rule, RuleContext

_SCALES = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000,
           "bn": 1_000_000_000, "billion": 1_000_000_000}
# Not a number of its own: a digit inside a word or a longer number ("GPT-4", "x86",
# "135.8"), a citation marker ("[1]", "[^2]"), or digits running into letters ("1st",
# "4o") other than a scale ("$220k") or a multiplier ("3x").
NUMBER_RE = re.compile(
    r"(?<![\w.,\[^])(?<![A-Za-z]-)"
    r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:((?i:k|m|bn))\b|\s((?i:thousand|million|billion))\b)?"
    r"(?![\d,.]\d)(?![A-WYZa-wyz])",
)


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    text: str
    values: tuple[str, ...]  # canonical: as written, and scaled when a scale word follows


def canonical_number(value: Decimal | int) -> str:
    """One spelling per value: ``Decimal("220000.0")`` and ``220000`` -> ``"220000"``."""
    return format(Decimal(value).normalize(), "f")


def number_mentions(text: str) -> Iterator[NumberMention]:
    for match in NUMBER_RE.finditer(text):
        written = Decimal(match.group(1).replace(",", ""))
        values = [canonical_number(written)]
        scale = (match.group(2) or match.group(3) or "").lower()
        if scale:
            values.append(canonical_number(written * _SCALES[scale]))
        yield NumberMention(match.start(), match.end(), match.group(), tuple(values))


def numbers_in(text: str) -> frozenset[str]:
    """Every value ``text`` mentions, in canonical form."""
    return frozenset(value for mention in number_mentions(text) for value in mention.values)


def check_claim_not_in_data(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Finds numbers in a drafted text that are not in the data it was drafted from.
    It runs on drafts written by `copydesk draft`, which knows the numbers it gave the
    model (statistics, salaries, years); `copydesk check` never reports it.

    Why it matters:
    A language model fills gaps with plausible numbers. A statistic nobody can trace back
    to a source is an invented claim, and it must not reach a reader.

    Example:
    Data gives "RAG appears in 65% of applied LLM job listings"; the draft says "RAG
    appears in 70% of listings" — use the 65% from the data, or cut the number.
    """
    allowed = context.allowed_numbers
    if allowed is None:
        return
    for block in document.blocks:
        for mention in number_mentions(block.text):
            if not allowed.intersection(mention.values):
                yield Hit(block, mention.start, mention.end,
                          f"'{mention.text}' is not in the data this draft was written from; "
                          "use a number the data holds, with its source, or cut it")


RULES: tuple[Rule, ...] = (
    Rule("CD204", "claim-not-in-data", Severity.ERROR, check_claim_not_in_data),
)
