"""Faster ways to find what a hot pattern finds, for the prose rules.

re finds the next possible match quickly when a pattern opens with a literal or a
character class, but it tries a pattern that opens with a look-behind, a word boundary or
an alternation at every position of the text; most of the time the statistic, masked
number and vague-attribution patterns took went into failing on ordinary letters. Each
class here runs its pattern only where a match can begin, and finds exactly what
``pattern.finditer`` finds: ``Pattern.match`` at a position still sees the text before
it, for look-behinds and word boundaries. ``JoinedTexts.containing`` is ``may_contain``
for every block of a document at once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from copydesk.lint.document import Document
from copydesk.lint.rules._words import lowered_block_texts
from copydesk.lint.text import lower_case


def _matches_at(pattern: re.Pattern[str], text: str,
                positions: Iterable[int]) -> Iterator[re.Match[str]]:
    """The matches ``pattern.finditer`` finds, given every position (ascending) where one
    may begin; the pattern must not match the empty string."""
    match = pattern.match
    resume = 0
    for position in positions:
        if position >= resume and (found := match(text, position)) is not None:
            resume = found.end()
            yield found


@dataclass(frozen=True)
class AnchoredPattern:
    """``pattern``, tried only where a match of ``starts`` begins: every match of
    ``pattern`` must begin there. ``starts`` opens with a character class, which re
    skips to in C."""

    pattern: re.Pattern[str]
    starts: re.Pattern[str]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return _matches_at(self.pattern, text,
                           (start.start() for start in self.starts.finditer(text)))


@dataclass(frozen=True)
class CharAnchoredPattern:
    """``pattern``, tried only where a match of ``[chars][runs]*`` begins (``runs`` among
    ``chars``): at each of ``chars`` but one of ``runs`` right after one of ``chars``.
    Each of ``chars`` is looked for with ``str.find`` (memchr), where re's search for the
    class tested every character of the text against it (~70 instructions a character:
    CD201's search for the digits of a block took more than its statistic pattern)."""

    pattern: re.Pattern[str]
    chars: str
    runs: str
    # A start at one of ``runs`` is tried only where this matches too (None: always):
    # what any match opening there must open with, told at a fraction of a failing try.
    lead: re.Pattern[str] | None = None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        chars, runs, lead = self.chars, self.runs, self.lead
        starts: list[int] = []
        for char in chars:
            if char not in text:  # most: ``in`` costs a third of a find's call
                continue
            continues = char in runs
            at = text.find(char)
            while at >= 0:
                if not (continues and ((at and text[at - 1] in chars)
                                       or (lead is not None and not lead.match(text, at)))):
                    starts.append(at)
                at = text.find(char, at + 1)
        starts.sort()
        return _matches_at(self.pattern, text, starts)


@dataclass(frozen=True)
class SubstringAnchoredPattern:
    """``pattern``, tried only where ``needle`` stands (each place, overlapping, found by
    ``str.find``): every match must begin with it. For a pattern opening with a common
    character (a space) whose matches are rare: re tried it at each of them."""

    pattern: re.Pattern[str]
    needle: str

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return _matches_at(self.pattern, text, self._places(text))

    def _places(self, text: str) -> Iterator[int]:
        needle = self.needle
        at = text.find(needle)
        while at >= 0:
            yield at
            at = text.find(needle, at + 1)


@dataclass(frozen=True)
class WordAnchoredPattern:
    """``pattern``, tried only where one of ``words`` (lower case) begins, case aside:
    every match must begin with one of them, in any case (``lower_case`` keeps offsets
    and folds what re matches with an ASCII letter)."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        lowered = lower_case(text)
        starts: set[int] = set()
        for word in self.words:
            at = lowered.find(word)
            while at >= 0:
                starts.add(at)
                at = lowered.find(word, at + 1)
        return _matches_at(self.pattern, text, sorted(starts))


@dataclass(frozen=True)
class JoinedTexts:
    """Texts (a document's blocks) lowered with ``lower_case`` and joined by line breaks,
    with where each ends: made once and asked ``containing`` several times (joining a
    page's blocks took as long as the searches)."""

    texts: Sequence[str]
    whole: str  # "\n".join(lower_case(text) for text in texts)
    ends: tuple[int, ...]  # each text's end in ``whole`` + 1

    @classmethod
    def of(cls, texts: Sequence[str], whole: str | None = None) -> JoinedTexts:
        """``whole``: the texts already lowered and joined, when the caller has them."""
        if whole is None:
            whole = "\n".join([lower_case(text) for text in texts])
        # lower_case keeps each text's length (a test holds it for every character).
        return cls(texts, whole, tuple(accumulate(len(text) + 1 for text in texts)))

    def containing(self, needles: Iterable[str]) -> set[str]:
        """The texts that ``may_contain(text, needles)``: each needle (ASCII, lower case,
        no line break) is searched for once in all the texts, not once in each text."""
        found: set[str] = set()
        whole, ends, texts = self.whole, self.ends, self.texts
        for needle in needles:
            at = whole.find(needle)
            while at >= 0:
                index = bisect.bisect_right(ends, at)
                found.add(texts[index])
                at = whole.find(needle, ends[index])  # the next text
        return found

    def matching(self, pattern: re.Pattern[str]) -> set[str]:
        """The texts in which ``pattern`` (lower case, matching no line break, never the
        empty string) matches in their ``lower_case``, looked for in all of them at once:
        one scan in C, for a pattern opening with a literal that re skips to."""
        texts, ends = self.texts, self.ends
        return {texts[bisect.bisect_right(ends, match.start())]
                for match in pattern.finditer(self.whole)}


def joined_blocks(document: Document) -> JoinedTexts:
    """The document's block texts as JoinedTexts, made once a document: three rules ask."""
    return document.once(_joined_blocks)


def _joined_blocks(document: Document) -> JoinedTexts:
    return JoinedTexts.of([block.text for block in document.blocks],
                          lowered_block_texts(document))


def texts_matching(texts: Sequence[str], pattern: re.Pattern[str]) -> set[str]:
    """The texts in which ``pattern`` matches, asked of all the texts joined by line breaks
    at once: one scan in C rather than one per text, for a pattern that matches single
    characters and looks back at most one (a line break before a text's first character
    is, to it, no word character and no sign, as nothing is)."""
    whole = "\n".join(texts)
    ends = list(accumulate(len(text) + 1 for text in texts))  # each text's end + 1
    return {texts[bisect.bisect_right(ends, match.start())]
            for match in pattern.finditer(whole)}

