"""Splitting visible text into sentences and words, shared by the prose rules.

Positions are offsets into the text given, so rules can point at the offending words.
Regexes here are linear (no nested quantifiers) so a 5 MB input cannot blow up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import NamedTuple, Protocol

# Every character str.splitlines ends a line at ("\r\n" aside, a pair of two of them).
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Possessive (never backtracks): a word's letters cannot be an apostrophe or a hyphen, so
# giving any back could never let the pattern match more; the same matches, 40% faster.
WORD_RE = re.compile(r"[A-Za-z\u00C0-\u024F0-9]++(?:['’\-][A-Za-z\u00C0-\u024F0-9]++)*+")
# A sentence ends at . ! ? (and closing quotes/brackets) followed by space + a capital,
# a digit, an opening quote, or the end. Decimals ("135.8%") and common abbreviations
# are not ends.
# One end mark, then any more: a pattern opening with a single character class lets re
# skip to the next candidate in C, where "[.!?]+" made it try every position of the text.
_END_REST = r"[.!?]*[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9\u00C0-\u00DE]|\s*$)"
# The end and the whitespace after it are groups, so that re.split gives the text before
# each end (which opens with the sentence, its leading whitespace taken by the end before),
# the end and the whitespace: each sentence is then one slice, its offsets sums of lengths.
_END_RE = re.compile("([.!?]" + _END_REST + r")(\s*)")
# The same for text with no "!" or "?" (most of it), where only "." can open an end: re
# skips to a literal first character several times as fast as to a class (it tests each
# character against the class's three members: 37 instructions a character).
_FULL_STOP_END_RE = re.compile(r"(\." + _END_REST + r")(\s*)")
_ABBREVIATIONS = frozenset((
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "corp",
    "jr", "sr", "st", "no", "fig", "approx", "dept", "est", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k",
))
_LOWER_LETTERS = "abcdefghijklmnopqrstuvwxyz"


# An abbreviation (or a single letter) before a full stop ends in a letter, and its last
# two characters, when both are ASCII letters, end an abbreviation: the two characters
# before an end tell most ends (~80% of a built page's) from one after an abbreviation
# without the word before it taken apart (~3 K instructions an end). These are the two
# lower-case ASCII letters that end no abbreviation (61 of a built page's 62 ends follow
# two; any other two are tested): one slice looked up in a set (~1 K instructions an
# end), where a table by the last letter gave the letters clear before it (two slices
# and a dict.get: ~1.6 K); capitals too would make four times the strings on import.
_CLEAR_ENDINGS = frozenset({first + last for first in _LOWER_LETTERS for last in _LOWER_LETTERS}
                           .difference(word[-2:] for word in _ABBREVIATIONS))

# Template tags in content (Jinja, Liquid, Hugo): "{{ stat("x") }}", "{% if a %}". Their
# quotes and spaces are code. No braces inside, which keeps the scan linear.
TEMPLATE_TAG_RE = re.compile(r"\{\{[^{}]*\}\}|\{%[^{}]*%\}|\{#[^{}]*#\}")


class Scannable(Protocol):
    """A compiled pattern, or one of copydesk.lint.scanning's faster ways to run one."""

    def finditer(self, text: str) -> Iterator[re.Match[str]]: ...


class Span(NamedTuple):
    """Text at ``start``..``end`` (exclusive). Immutable like a frozen dataclass, but a
    document makes thousands of them and a NamedTuple is made in a third of the time."""

    start: int
    end: int
    text: str


_new_tuple = tuple.__new__

# Every prose rule splits the same blocks again (a dozen rules per block), and splitting
# was most of the time `copydesk check` took. The results are immutable tuples, so one
# split per text serves them all. The bound holds the texts of one long document (a
# 1,100-word post has about 30 blocks), not of many: at 4,096 texts a cache held tens of
# megabytes of word spans per worker, and the tree's PSS checking 2,000 posts was 266 MiB
# (150 MiB at 1,024, 125 MiB at 512) for the same CPU time.
CACHED_TEXTS = 512


@lru_cache(maxsize=CACHED_TEXTS)
def words(text: str, offset: int = 0) -> tuple[Span, ...]:
    """Words (letters/digits, inner apostrophes and hyphens kept) with their offsets."""
    # tuple.__new__ skips the Python-level __new__ a NamedTuple has: a third of the time
    # of the one function every prose rule waits for.
    return tuple([_new_tuple(Span, (match.start() + offset, match.end() + offset, match.group()))
                  for match in WORD_RE.finditer(text)])


def sentences(text: str) -> tuple[Span, ...]:
    """Sentences of ``text`` with their offsets; surrounding whitespace is excluded."""
    return _split(text).sentences


@lru_cache(maxsize=CACHED_TEXTS)  # asked 140 times a post: a cached call costs least
def lower_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as words() splits them, in lower case, without their offsets:
    for counting words and looking them up, several times cheaper than making the spans.

    Lower case, because every rule that reads the words looks them up so (the word index,
    spelling, syllables, sentence openings) or only counts them: a page's words are made
    once, lowered once (a block at a time, in C), and each hashed once for all the
    lookups, where the word index lowered and split the whole text again.
    """
    return _split(text).words


@lru_cache(maxsize=CACHED_TEXTS)
def counted_sentences(text: str) -> tuple[tuple[Span, int], ...]:
    """The sentences of ``text`` that have words, each with its number of words: what the
    readability scores and sentence-length rules read, split once per text."""
    return _split(text).counted


def sentence_openings(text: str) -> tuple[tuple[str, ...], ...]:
    """The first two words (or one) of each of ``counted_sentences(text)``, in lower case."""
    return _split(text).openings


class _Split(NamedTuple):
    """What _split makes of a text; made by tuple.__new__, as a Span is (its own __new__
    is a Python call: ~1.3 K instructions a text, of the ~25 a built page splits)."""

    sentences: tuple[Span, ...]
    counted: tuple[tuple[Span, int], ...]
    words: tuple[str, ...]  # lower case
    openings: tuple[tuple[str, ...], ...]  # lower case


_NO_SENTENCES = _Split((), (), (), ())


@lru_cache(maxsize=CACHED_TEXTS)
def _split(text: str) -> _Split:
    """sentences, counted_sentences, lower_words and sentence_openings in one pass: the
    prose rules want them of every block, and the words of a text are those of its
    sentences, in order (a sentence ends at punctuation before whitespace, so no word runs
    across its ends; what lies between sentences is whitespace). One loop over the ends
    makes each sentence and splits its words, where sentences() made them in a loop of
    its own, under a memo of its own, and this one read them again."""
    spaced = _spaced(text, _LOWER_SEPARATORS)  # ASCII: lowered with the same table
    if "!" in text or "?" in text:
        ends = _END_RE
    elif "." in text:
        ends = _FULL_STOP_END_RE
    else:  # a heading, a list item: no scan, one sentence
        return _one_sentence(text, spaced)
    # The text before each end, the end and the whitespace after it, split in C; then the
    # rest of the text.
    parts = ends.split(text)
    if len(parts) == 1 or (len(parts) == 4 and not parts[3]):
        # No end, or one that closes the text (a one-sentence paragraph or list item: over
        # a third of a built page's texts): one sentence, whether or not it follows an
        # abbreviation.
        return _one_sentence(text, spaced)
    found_sentences: list[Span] = []
    counted: list[tuple[Span, int]] = []
    found: list[str] = []
    openings: list[tuple[str, ...]] = []
    first = len(text) - len(text.lstrip())  # where the sentence being read starts
    at = 0  # where the text before the next end starts
    # A sentence starts after the whitespace after the last end that was not an
    # abbreviation's.
    split = iter(parts)
    for before, mark, space in zip(split, split, split, strict=False):
        end = at + len(before) + len(mark)
        at = end + len(space)
        if before[-2:] not in _CLEAR_ENDINGS and mark[0] == ".":
            # only a full stop may follow an abbreviation, and only after a letter
            last = before.rsplit(None, 1)
            last_word = last[-1].lower().lstrip("([\"'“") if last else ""
            if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
                continue
        sentence = _new_tuple(Span, (first, end, text[first:end]))
        found_sentences.append(sentence)
        tokens = (spaced[first:end].split() if spaced is not None
                  else _lowered_words(sentence.text))
        if tokens:
            counted.append((sentence, len(tokens)))
            found += tokens
            openings.append(tuple(tokens[:2]))
        first = at
    rest = text[first:].rstrip()  # the text after the last end, without one of its own
    if rest:
        sentence = _new_tuple(Span, (first, first + len(rest), rest))
        found_sentences.append(sentence)
        tokens = spaced[first:].split() if spaced is not None else _lowered_words(rest)
        if tokens:
            counted.append((sentence, len(tokens)))
            found += tokens
            openings.append(tuple(tokens[:2]))
    return _new_tuple(_Split, (tuple(found_sentences), tuple(counted), tuple(found),
                               tuple(openings)))


def _one_sentence(text: str, spaced: str | None) -> _Split:
    """``_split`` of a text of one sentence (no end in it, or one that closes it): the
    text without the whitespace around it, all of its words."""
    # Strips what str.isspace() calls whitespace, in C, a side at a time: the start is
    # where lstrip() leaves it.
    rest = text.lstrip()
    if not rest:
        return _NO_SENTENCES
    first = len(text) - len(rest)
    stripped = rest.rstrip()
    sentence = _new_tuple(Span, (first, first + len(stripped), stripped))
    # Only whitespace lies around the one sentence: its words are the text's.
    tokens = spaced.split() if spaced is not None else _lowered_words(stripped)
    if not tokens:
        return _new_tuple(_Split, ((sentence,), (), (), ()))
    return _new_tuple(_Split, ((sentence,), ((sentence, len(tokens)),), tuple(tokens),
                               (tuple(tokens[:2]),)))


def _lowered_words(text: str) -> list[str]:
    """``WORD_RE.findall(text)``, each word lowered: the words of text outside ASCII, where
    lowering the text first could change them ("İ" lowers to "i" and a combining dot)."""
    found = WORD_RE.findall(text)
    # One lower() of the words joined: no character lowers to a space, or to nothing.
    return " ".join(found).lower().split(" ") if found else found


def find_words(text: str) -> list[str]:
    """``WORD_RE.findall(text)``, several times faster on most text."""
    spaced = _spaced(text)
    return spaced.split() if spaced is not None else WORD_RE.findall(text)


# ASCII characters that are neither a word's letter or digit nor a joiner ("'", "-") made
# spaces, as a table for bytes.translate (the other bytes, never in ASCII text, kept).
_ASCII_SEPARATORS = bytes(32 if code < 128 and not chr(code).isalnum() and chr(code) not in "'-"
                          else code for code in range(256))
# The same with the capitals lowered: _split's words are lower case, and lowering the
# spaced text was a pass of its own (and a copy).
_LOWER_SEPARATORS = _ASCII_SEPARATORS.translate(
    bytes.maketrans(bytes(range(ord("A"), ord("Z") + 1)), bytes(range(ord("a"), ord("z") + 1))))
# A joiner is part of a word only between two of its letters or digits: one with anything
# else on a side of it (a space, a joiner, the text's start or end) is loose. Each pattern
# opens with its joiner, which re skips to in C, and tries the rest at each one (a text's
# few "mid-level"s), where the text was searched for each way to be loose (" -", "- ",
# "--", a start, an end: ~12 K instructions a paragraph with a hyphen against ~3 K).
_LOOSE_HYPHEN_RE = re.compile(r"-(?:(?![A-Za-z0-9])|(?<![A-Za-z0-9]-))")
_LOOSE_APOSTROPHE_RE = re.compile(r"'(?:(?![A-Za-z0-9])|(?<![A-Za-z0-9]'))")


def _spaced(text: str, table: bytes = _ASCII_SEPARATORS) -> str | None:
    """``text`` with every character that is not part of a word made a space, when
    ``str.split`` then finds exactly the words WORD_RE finds: ASCII text in which every
    joiner stands between two letters or digits. None for other text. ``table``: the
    separators' table, or ``_LOWER_SEPARATORS`` for the text in lower case.

    re makes each word in about a microsecond, most of the time the prose rules took to
    split a post; ``str.translate`` and ``str.split`` take a tenth of that.
    """
    if not text.isascii():
        return None
    # Through bytes: str.translate looks each character up in a mapping (7 ns a character,
    # 50 µs a page); bytes.translate indexes a table, and ASCII text encodes and decodes
    # as a copy.
    spaced = text.encode().translate(table).decode()
    if (("-" in spaced and _LOOSE_HYPHEN_RE.search(spaced))
            or ("'" in spaced and _LOOSE_APOSTROPHE_RE.search(spaced))):
        return None
    return spaced


def word_offsets(text: str, index: int) -> tuple[int, int]:
    """Start and end of ``words(text)[index]``, which must exist, without making a span or
    a match for each word before it (a long paragraph's 150th word, a section's 300th)."""
    spaced = _spaced(text)
    if spaced is None:
        return next(islice(WORD_RE.finditer(text), index, None)).span()
    # What str.split leaves after ``index`` words starts with the word; in spaced text a
    # word ends at the next space.
    start = len(spaced) - len(spaced.split(None, index)[-1])
    end = spaced.find(" ", start)
    return start, len(spaced) if end < 0 else end


def sentence_words(text: str, sentence: Span) -> tuple[Span, ...]:
    """The words of ``sentence`` (one of ``sentences(text)``), with offsets in ``text``.

    Split from the sentence alone: the rules ask this of a few sentences, and splitting
    their whole block into word spans cost more than the rest of those rules.
    """
    return words(sentence.text, sentence.start)


def may_contain(text: str, needles: Iterable[str]) -> bool:
    """Whether ``text`` may hold one of ``needles`` (ASCII, lower case), ignoring case.

    A cheap test before an expensive case-insensitive scan whose every match holds one of
    the needles.
    """
    # map() over the bound method runs in C: twice as fast as a generator expression
    return any(map(lower_case(text).__contains__, needles))


# The only characters outside ASCII that re, ignoring case, matches with an ASCII letter
# (a test checks every code point): dotted and dotless i, long s, the Kelvin sign.
_ASCII_FOLDS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}


@lru_cache(maxsize=CACHED_TEXTS)
def lower_case(text: str) -> str:
    """``text.lower()``, once per text: several rules' quick tests ask for it.

    Outside ASCII, the characters re matches with an ASCII letter are made that letter
    first, so an ASCII needle a case-insensitive pattern finds in ``text`` is in the result
    at the same offset (no other character lowers to ASCII, or to more than one
    character). Text outside ASCII was scanned whole before; a built page has some (a
    "·" in its byline), which turned the quick tests of the whole page off.
    """
    if not text.isascii():
        # str.replace, not str.translate: translating text outside ASCII looks each
        # character up in the table, 17 times as long as lower() takes (13,000 characters).
        for character, letter in _ASCII_FOLDS.items():
            if character in text:
                text = text.replace(character, letter)
    return text.lower()


def iter_matches(pattern: Scannable, text: str) -> Iterator[Span]:
    for match in pattern.finditer(text):
        yield Span(match.start(), match.end(), match.group())
