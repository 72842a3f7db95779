"""Shared splitting: a sentence's words are the text's words in the sentence's range."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.config import Thresholds
from copydesk.lint.document import Document
from copydesk.lint.finding import Finding
from copydesk.lint.readers import read_document
from copydesk.lint.registry import ALL_RULES
from copydesk.lint.rule import RuleContext
from copydesk.lint.runner import lint_document
from copydesk.lint.text import (
    _ASCII_SEPARATORS,
    _END_RE,
    _FULL_STOP_END_RE,
    _LOWER_SEPARATORS,
    CACHED_TEXTS,
    LINE_BREAKS,
    WORD_RE,
    Span,
    _spaced,
    _Split,
    _split,
    counted_sentences,
    find_words,
    lower_words,
    sentence_openings,
    sentence_words,
    sentences,
    word_offsets,
    words,
)

# What WORD_RE matched before it was made possessive; it must find the same words.
BACKTRACKING_WORD_RE = re.compile(WORD_RE.pattern.replace("++", "+").replace("*+", "*"))
PROSE = st.lists(st.sampled_from([
    "Word", "word", "e.g.", "Dr.", "U.S.", "3.5", "65%", "it's", "well-known", "’quoted’",
    "'", "\"", "(", ")", "[", "]", ".", "!", "?", "...", " ", "  ", "\n", "\t", "é", "2026",
    "A.", "x", "-", "–", "“", "”",
]), max_size=60).map("".join)
# ASCII prose, which the splitting reads without re where it can: joiners loose and inside
# words, ends of sentences with and without a capital after them.
ASCII_PROSE = st.lists(st.sampled_from([
    "Word", "word", "e.g.", "Dr.", "U.S.", "3.5", "65%", "it's", "well-known", "'", "-",
    "--", "'-", "\"", "(", ")", ".", "!", "?", "...", " ", "\n", "\t", "\x0b", "A.", "x", "2026",
    "i.e", "(e.g.", "vs.", "end-", "-start", "O'", "_", "a1-b2",
]), max_size=60).map("".join)
ANY_TEXT = st.one_of(PROSE, ASCII_PROSE, st.text(),
                     st.text(alphabet=st.characters(max_codepoint=127)))

# The sentence end as it was written before it opened with a single character class.
FIRST_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9\u00C0-\u00DE]|\s*$)")
FIRST_ABBREVIATIONS = frozenset((
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "corp",
    "jr", "sr", "st", "no", "fig", "approx", "dept", "est", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k",
))


def first_sentences(text: str) -> list[Span]:
    """sentences() as it was first written: every end found by FIRST_END_RE, then split."""
    spans: list[Span] = []
    start = 0

    def append(begin: int, end: int) -> None:
        segment = text[begin:end]
        if segment.strip():
            first = begin + len(segment) - len(segment.lstrip())
            spans.append(Span(first, first + len(segment.strip()), segment.strip()))

    for match in FIRST_END_RE.finditer(text):
        before = text[start:match.start()].rsplit(None, 1)
        last_word = before[-1].lower().lstrip("([\"'“") if before else ""
        if match.group().startswith(".") and (
                last_word in FIRST_ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha())):
            continue
        append(start, match.end())
        start = match.end()
    append(start, len(text))
    return spans


# Text of full stops after abbreviations, single letters and words ending as they do, in
# any case, behind opening marks, with characters that lower to an ASCII letter (the
# Kelvin sign) or look like one (long s), and whitespace of every length after the ends:
# a sentence runs on past each end an abbreviation takes.
_ABBREVIATION_CASES = sorted({case(word) for word in FIRST_ABBREVIATIONS
                              for case in (str.lower, str.upper, str.title)})
ABBREVIATED = st.tuples(
    st.sampled_from(["", "(", "[", '"', "“", "x(", "'(", "1"]),
    st.sampled_from([*_ABBREVIATION_CASES, "u.\u212a", "\u017ft", "\u212a", "\u0130", "a", "Z",
                     "é", "É", "_", "", "best", "plan", "years", "fact", "Xvs", "2025", "x)"]),
    st.sampled_from([".", ". ", ".  ", ".\n", ".) ", ".. ", "! ", " . "]),
    st.sampled_from(["First", "Yes", "Z", "É", "1", "(A", "“Quote", "next", ""]),
).map("".join)
ABBREVIATED_PROSE = st.lists(ABBREVIATED, max_size=6).map(" ".join)


@settings(max_examples=600, deadline=None)
@given(text=st.one_of(ANY_TEXT, ABBREVIATED_PROSE))
def test_sentences_are_those_the_first_form_found(text: str) -> None:
    assert list(sentences(text)) == first_sentences(text)


# Text of one sentence closed by its one end (a one-sentence paragraph, a list item), which
# _split reads as it reads text without an end, with no loop over its ends: after an
# abbreviation or not, with whitespace around it or not.
CLOSED = st.tuples(
    st.sampled_from(["", " ", "\n\t"]),
    st.one_of(ANY_TEXT, ABBREVIATED),
    st.sampled_from([".", "!", "?", "...", ".)", '."', "?”", "!'", ""]),
    st.sampled_from(["", " ", "\n"]),
).map("".join)


def plain_split(text: str) -> tuple[object, ...]:
    """_split's fields made the plain way: the sentences as first found, and each
    sentence's words as the word pattern finds them in it alone, lowered."""
    found = first_sentences(text)
    lowered = [[word.lower() for word in BACKTRACKING_WORD_RE.findall(sentence.text)]
               for sentence in found]
    return (tuple(found),
            tuple((sentence, len(tokens)) for sentence, tokens in zip(found, lowered, strict=True)
                  if tokens),
            tuple(word for tokens in lowered for word in tokens),
            tuple(tuple(tokens[:2]) for tokens in lowered if tokens))


@settings(max_examples=600, deadline=None)
@given(text=st.one_of(CLOSED, ANY_TEXT, ABBREVIATED_PROSE))
def test_a_split_is_the_first_sentences_and_their_words(text: str) -> None:
    split = _split(text)
    assert type(split) is _Split  # made by tuple.__new__: its fields are read by name
    assert tuple(split) == plain_split(text)


@settings(max_examples=600, deadline=None)
@given(text=ANY_TEXT)
def test_find_words_finds_what_the_word_pattern_finds(text: str) -> None:
    assert find_words(text) == BACKTRACKING_WORD_RE.findall(text)
    assert lower_words(text) == tuple(word.lower() for word in BACKTRACKING_WORD_RE.findall(text))


# The ways a joiner was first found loose in the spaced text: by a search for each.
FIRST_LOOSE_JOINERS = (" '", " -", "' ", "- ", "''", "'-", "-'", "--")


@settings(max_examples=600, deadline=None)
@given(text=st.one_of(ASCII_PROSE, st.text(alphabet=" -'aZ09._")))
def test_text_is_spaced_when_no_joiner_is_loose_as_first_found(text: str) -> None:
    for table in (_ASCII_SEPARATORS, _LOWER_SEPARATORS):
        spaced = text.encode().translate(table).decode()
        loose = (spaced.startswith(("'", "-")) or spaced.endswith(("'", "-"))
                 or any(pair in spaced for pair in FIRST_LOOSE_JOINERS))
        assert _spaced(text, table) == (None if loose else spaced)


def test_words_read_without_re_are_the_words_of_each_sentence() -> None:
    text = "It's a well-known fact. Mid-level hires stay 2-3 years! Do they?"
    assert find_words(text) == ["It's", "a", "well-known", "fact", "Mid-level", "hires",
                                "stay", "2-3", "years", "Do", "they"]
    assert [count for _, count in counted_sentences(text)] == [4, 5, 2]
    assert find_words("a -b c- d--e 'f g' h'-i") == ["a", "b", "c", "d", "e", "f", "g", "h", "i"]


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(PROSE, st.text()))
def test_sentence_words_are_the_words_split_from_the_sentence_alone(text: str) -> None:
    for sentence in sentences(text):
        assert sentence_words(text, sentence) == words(sentence.text, sentence.start)


def test_splits_are_shared_and_immutable() -> None:
    text = "Demand grew. It doubled in 2025!"
    assert words(text) is words(text)
    assert sentences(text) == (Span(0, 12, "Demand grew."), Span(13, 32, "It doubled in 2025!"))
    assert [span.text for span in sentence_words(text, sentences(text)[1])] == [
        "It", "doubled", "in", "2025"]
    assert sentence_words(text, sentences(text)[1])[0].start == 13


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT)
def test_lower_words_are_the_words_without_offsets_in_lower_case(text: str) -> None:
    assert lower_words(text) == tuple(span.text.lower() for span in words(text))


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT)
def test_counted_sentences_are_the_sentences_with_words(text: str) -> None:
    expected = [(sentence, len(sentence_words(text, sentence))) for sentence in sentences(text)]
    assert list(counted_sentences(text)) == [(s, n) for s, n in expected if n]


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(PROSE, st.text()))
def test_sentences_are_trimmed_slices_that_cover_every_word(text: str) -> None:
    found = sentences(text)
    for sentence in found:
        assert sentence.text == text[sentence.start:sentence.end] == sentence.text.strip() != ""
    assert all(first.end <= second.start for first, second in pairwise(found))
    assert sum(len(sentence_words(text, sentence)) for sentence in found) == len(words(text))


def test_a_document_with_more_blocks_than_the_caches_hold_is_linted_as_alone() -> None:
    """The text caches are bounded to about one document's texts: a document longer than
    that, and one read after it, get the findings they get with empty caches."""
    context = RuleContext(Thresholds(), date(2026, 5, 1))
    paragraphs = [f"Paragraph {n} says teams hire {n}% more people. Our data shows it."
                  for n in range(CACHED_TEXTS + 50)]
    long = read_document("long.md", "# Hiring\n\n" + "\n\n".join(paragraphs) + "\n")
    short = read_document("short.md", "# Hiring\n\nOur data shows 40% growth. It is TBD.\n")
    rules = list(ALL_RULES)

    def fresh(document: Document) -> list[Finding]:
        for split in (words, _split, lower_words, counted_sentences):
            split.cache_clear()
        return lint_document(document, rules, context)

    alone = [fresh(long), fresh(short)]
    assert alone[0] and alone[1]
    assert [lint_document(long, rules, context), lint_document(short, rules, context)] == alone



@settings(max_examples=300, deadline=None)
@given(text=st.one_of(PROSE, st.text()))
def test_sentence_openings_are_the_first_words_of_the_counted_sentences(text: str) -> None:
    assert sentence_openings(text) == tuple(
        tuple(span.text.lower() for span in sentence_words(text, sentence)[:2])
        for sentence, _ in counted_sentences(text))


@given(text=ANY_TEXT)
def test_ends_opening_with_a_full_stop_are_every_end_of_text_without_other_marks(
        text: str) -> None:
    """sentences() reads text with no "!" or "?" with the pattern whose end opens with
    "."; it must find the ends the general one finds."""
    text = text.replace("!", "").replace("?", "")
    assert ([match.span() for match in _FULL_STOP_END_RE.finditer(text)]
            == [match.span() for match in _END_RE.finditer(text)])


@given(text=ANY_TEXT)
def test_the_offsets_of_a_word_are_those_of_its_span(text: str) -> None:
    assert [word_offsets(text, index) for index in range(len(words(text)))] == [
        (word.start, word.end) for word in words(text)]


def test_line_breaks_are_the_characters_str_splitlines_ends_a_line_at() -> None:
    ends_a_line = {char for char in map(chr, range(0x110000))
                   if len(f"a{char}b".splitlines()) == 2}
    assert set(LINE_BREAKS) == ends_a_line
    assert len(LINE_BREAKS) == len(ends_a_line)  # each once
