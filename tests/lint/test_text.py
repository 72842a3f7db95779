"""Shared splitting: a sentence's words are the text's words in the sentence's range."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.lint.text import (
    Span,
    counted_sentences,
    sentence_words,
    sentences,
    word_texts,
    words,
)

PROSE = st.lists(st.sampled_from([
    "Word", "word", "e.g.", "Dr.", "U.S.", "3.5", "65%", "it's", "well-known", "’quoted’",
    "'", "\"", "(", ")", "[", "]", ".", "!", "?", "...", " ", "  ", "\n", "\t", "é", "2026",
    "A.", "x", "-", "–", "“", "”",
]), max_size=60).map("".join)


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
@given(text=st.one_of(PROSE, st.text()))
def test_word_texts_are_the_words_without_offsets(text: str) -> None:
    assert word_texts(text) == tuple(span.text for span in words(text))


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(PROSE, st.text()))
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
