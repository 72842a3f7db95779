"""Patterns run only where a match can begin find what the plain scan finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.lint.scanning import AnchoredPattern, WordAnchoredPattern, texts_containing
from copydesk.lint.text import may_contain

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
def test_texts_containing_is_may_contain_for_each_text(texts: list[str],
                                                       needles: list[str]) -> None:
    assert texts_containing(texts, needles) == {
        text for text in texts if may_contain(text, needles)}
