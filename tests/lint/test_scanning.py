"""Patterns run only where a match can begin find what the plain scan finds."""

from __future__ import annotations

import re
import string
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.lint.readers import read_document
from copydesk.lint.rules.placeholders import _MASKED_NUMBER_STARTS
from copydesk.lint.scanning import (
    AnchoredPattern,
    CharAnchoredPattern,
    JoinedTexts,
    SubstringAnchoredPattern,
    WordAnchoredPattern,
    joined_blocks,
    texts_matching,
)
from copydesk.lint.text import lower_case, may_contain

NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?%|\bUSD\s\d+")
NUMBERS = AnchoredPattern(NUMBER_RE, re.compile(r"[\dU]"))
SAYING_RE = re.compile(r"\b(?:our|the)\s+(?:data|team)\s+(?:says|shows)\b|\bit\s+is\s+known\b",
                       re.IGNORECASE)
SAYING = WordAnchoredPattern(SAYING_RE, ("our", "the", "it"))
WORDS = st.lists(st.sampled_from([
    "our", "OUR", "Our", "the", "data", "team", "says", "shows", "it", "is", "known", "four",
    "their", "it's", "\u212anown", "\u017fhows", "\u0130t", " ", "  ", "\n", ".", "x", "é",
]), max_size=20).map(" ".join)


def _spans(found: object) -> list[tuple[int, int]]:
    assert hasattr(found, "__iter__")
    return [match.span() for match in found]  # type: ignore[attr-defined]


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="0123456789.% aUSD\n", max_size=40))
def test_an_anchored_pattern_finds_what_its_pattern_finds(text: str) -> None:
    assert _spans(NUMBERS.finditer(text)) == _spans(NUMBER_RE.finditer(text))


def test_an_anchored_pattern_sees_the_text_before_a_start_and_skips_inside_a_match() -> None:
    assert [match.group() for match in NUMBERS.finditer("1.5% 12% x9% USD 40")] == [
        "1.5%", "12%", "USD 40"]  # "5%" inside "1.5%" is not found again; "x9%" is a word


# Where "[$0-9][0-9]*" matches begin: every match of EVERY_RUN_RE begins at one of them.
EVERY_RUN_RE = re.compile(r"[$0-9][0-9]*(?:\.[0-9]+)?%?|\$")


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="0123456789$$.% a\n", max_size=40),
       chars=st.sampled_from(["$0123456789", "0123456789$", "9876543210$"]))
def test_a_char_anchored_pattern_finds_what_its_pattern_finds(text: str, chars: str) -> None:
    """Tried where each run of its characters begins, in any order of them, it finds what
    the pattern finds, as the pattern tried where re finds the runs does."""
    runs = CharAnchoredPattern(EVERY_RUN_RE, chars, "0123456789")
    plain = AnchoredPattern(EVERY_RUN_RE, re.compile(r"[$0-9][0-9]*"))
    assert _spans(runs.finditer(text)) == _spans(EVERY_RUN_RE.finditer(text))
    assert _spans(runs.finditer(text)) == _spans(plain.finditer(text))
    numbers = CharAnchoredPattern(NUMBER_RE, "0123456789", "0123456789")
    assert _spans(numbers.finditer(text)) == _spans(NUMBER_RE.finditer(text))


def test_a_char_anchored_pattern_tries_a_run_once_and_each_dollar() -> None:
    assert [match.group() for match in CharAnchoredPattern(
        EVERY_RUN_RE, "$0123456789", "0123456789").finditer("$$12 3.5% a1$7")] == [
        "$", "$12", "3.5%", "1", "$7"]


# Runs of two spaces or more after a letter; "ab" pairs before a "c": each match opens
# with its needle.
SPACE_RUN_RE = re.compile(r"(?<=\w)  +")
PAIRS_RE = re.compile(r"(?:ab)+c")


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="ab c\n", max_size=40))
def test_a_substring_anchored_pattern_finds_what_its_pattern_finds(text: str) -> None:
    """Tried at every place of its needle, overlapping ones too ("   ", "abab")."""
    for pattern, needle in ((SPACE_RUN_RE, "  "), (PAIRS_RE, "ab")):
        assert (_spans(SubstringAnchoredPattern(pattern, needle).finditer(text))
                == _spans(pattern.finditer(text)))


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(WORDS, st.text(max_size=30)))
def test_a_word_anchored_pattern_finds_what_its_pattern_finds(text: str) -> None:
    assert _spans(SAYING.finditer(text)) == _spans(SAYING_RE.finditer(text))


def test_a_word_anchored_pattern_reads_case_folding_beyond_ascii() -> None:
    assert _spans(SAYING.finditer("The data \u017fhows it")) == [(0, 14)]
    assert _spans(SAYING.finditer("Four teams: our team shows")) == [(12, 26)]


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(st.one_of(WORDS, st.text(max_size=20)), max_size=6),
       needles=st.lists(st.sampled_from(["our", "it", "data", "ss", "k", "a"]), max_size=3))
def test_joined_texts_contain_what_may_contain_finds_in_each(texts: list[str],
                                                            needles: list[str]) -> None:
    assert JoinedTexts.of(texts).containing(needles) == {
        text for text in texts if may_contain(text, needles)}


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(st.one_of(st.text(alphabet="2021 5x\u0130\n", max_size=20),
                                st.text(max_size=20)), max_size=6),
       words=st.sampled_from(["2021|2025", "20(?:2[2-4])", "i|x", "ab+"]))
def test_joined_texts_matching_are_those_a_search_of_each_finds(texts: list[str],
                                                               words: str) -> None:
    pattern = re.compile(words)
    assert JoinedTexts.of(texts).matching(pattern) == {
        text for text in texts if pattern.search(lower_case(text))}


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(WORDS, st.text(max_size=60)), kind=st.sampled_from(["md", "html"]),
       needles=st.lists(st.sampled_from(["our", "it", "data", "ss", "k", "a"]), max_size=3))
def test_a_documents_joined_blocks_answer_as_its_blocks_each_do(text: str, kind: str,
                                                                 needles: list[str]) -> None:
    """joined_blocks reuses the document's lowered text; the offsets of each block in it
    are those of the block's own text (lower_case keeps lengths)."""
    document = read_document(f"page.{kind}", text)
    assert joined_blocks(document).containing(needles) == {
        block.text for block in document.blocks if may_contain(block.text, needles)}


def test_lower_case_folds_every_character_re_matches_with_an_ascii_letter() -> None:
    """may_contain and the word anchors read text outside ASCII through lower_case: each
    character re, ignoring case, matches with an ASCII letter must come out as that letter,
    at its offset."""
    every = "".join(chr(code) for code in range(0x80, sys.maxunicode + 1)
                    if not 0xD800 <= code <= 0xDFFF)
    letters = re.compile("|".join("abcdefghijklmnopqrstuvwxyz"), re.IGNORECASE)
    for match in letters.finditer(every):
        assert lower_case(match.group()) in string.ascii_lowercase
        assert re.fullmatch(match.group(), lower_case(match.group()), re.IGNORECASE)
    assert len(lower_case(every)) == len(every)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(WORDS, st.text(max_size=30)), needle=st.sampled_from(
    ["our", "it", "data", "shows", "known", "k", "s", "i", "ss"]))
def test_may_contain_answers_yes_wherever_re_ignoring_case_finds_the_needle(
        text: str, needle: str) -> None:
    if re.search(re.escape(needle), text, re.IGNORECASE):
        assert may_contain(text, (needle,))
    if text.isascii():
        assert may_contain(text, (needle,)) == (needle in text.lower())


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(st.one_of(st.text(alphabet="XxN$£a1.,-_ \n", max_size=12),
                                st.text(max_size=12)), max_size=6))
def test_texts_matching_is_a_search_of_each_text(texts: list[str]) -> None:
    """CD102 looks for where a masked number may start in all the blocks at once: the
    text before a block (another block, a line break) must not change what is found."""
    assert texts_matching(texts, _MASKED_NUMBER_STARTS) == {
        text for text in texts if _MASKED_NUMBER_STARTS.search(text)}
