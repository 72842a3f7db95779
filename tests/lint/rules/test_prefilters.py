"""The quick tests rules run before an expensive scan: they may let through text the
scan then finds nothing in, but never stop text the scan would find something in."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from itertools import pairwise
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copydesk.config import Thresholds
from copydesk.lint.document import Block, BlockKind, Document, LineStart
from copydesk.lint.readers import read_document
from copydesk.lint.rule import RuleContext
from copydesk.lint.rules import (
    _jsonld,
    _surfaces,
    _words,
    claims,
    dates,
    faq_markup,
    keyphrase,
    mechanics,
    placeholders,
    readability,
    spelling,
    structure,
    typography,
)
from copydesk.lint.rules._page import word_count
from copydesk.lint.rules._words import (
    alike_in_a_row,
    any_alike_in_a_row,
    block_words,
    indexed_words,
    lowered_block_texts,
    lowered_words,
    words_in,
)
from copydesk.lint.rules.markup import block_source
from copydesk.lint.scanning import JoinedTexts
from copydesk.lint.text import (
    CACHED_TEXTS,
    WORD_RE,
    lower_case,
    lower_words,
    may_contain,
    sentences,
)

# Words the patterns look for, their near misses, and letters re's case folding maps to
# ASCII ones that str.lower() does not (Kelvin sign, long s, dotted capital I).
VOCABULARY = st.lists(st.sampled_from([
    "our", "Our", "data", "analysis", "shows", "SHOWS", "found", "experts", "say", "it is",
    "widely", "known", "many", "believe", "according to", "some", "one", "ONE", "in", "out of",
    "five", "ten", "often", "a hundred", "times", "twice", "doubled", "3", "65", "%", "$", "USD",
    "this", "year", "last", "week", "right", "now", "these days", "recently", "well", "been",
    "reports", "nowadays", "days", "these", "research", "studies", "it has been", "commonly",
    "2024", "2025",
    "XX%", "$X,XXX", "NN", "x", "N", "Next", "TODO", "TBD", "??", "???", "{{", "{%", "%%", "${",
    "[[", "lorem", "LOREM", "dolor", "\u212a", "\u017f", "\u0130", "kno\u212an", "\u017fhows",
    "t\u0130mes", " ", "  ", "\n", ".", ",", "-", "blog", "guide", "post", "on", "Source:", "(",
    "[", "]", "^1", "[1]", "(Smith, 2025)", "https://", "](", ")", "(via:", "\u017fource",
]), max_size=30).map(" ".join)
TEXTS = st.one_of(VOCABULARY, st.text(max_size=80))

PREFILTERS: list[tuple[str, re.Pattern[str], Callable[[str], bool]]] = [
    ("vague", claims._VAGUE_RE, lambda text: text in claims._vague_patterns(
        JoinedTexts.of([text]), claims._VAGUE_VERBS, claims._VAGUE_SAYERS,
        claims._VAGUE_OPENERS)),
    ("reference", claims._REFERENCE_RE,
     lambda text: (bool(words_in(read_document("page.txt", text), claims._REFERENCE_WORDS))
                   and text in claims._reference_patterns(JoinedTexts.of([text])))),
    ("relative date", dates._RELATIVE_DATE_RE,
     lambda text: text in dates.relative_texts(JoinedTexts.of([text]), lambda words: words)),
    ("textual link", claims._TEXT_LINK_RE, claims._may_link),
    ("textual source", claims._TEXT_SOURCE_RE, claims._may_cite),
    ("marker", placeholders._MARKER_RE,
     lambda text: any(marker in text for marker in placeholders._MARKERS)),
    ("lorem", placeholders._LOREM_RE,
     lambda text: placeholders.may_contain(text, placeholders._LOREM_WORDS)),
    ("residue", placeholders._RESIDUE_RE,
     lambda text: any(opener in text for opener in placeholders._RESIDUE_OPENERS)),
]


@pytest.mark.parametrize(("name", "pattern", "may_match"), PREFILTERS,
                         ids=[name for name, _, _ in PREFILTERS])
@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_a_prefilter_never_stops_text_its_pattern_matches(
        name: str, pattern: re.Pattern[str], may_match: Callable[[str], bool], text: str) -> None:
    if pattern.search(text):
        assert may_match(text), name


def _spans(pattern: claims.Pattern | None, text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)] if pattern else []


@settings(max_examples=500, deadline=None)
@given(text=TEXTS)
def test_the_pattern_chosen_for_statistics_finds_what_the_full_one_finds(text: str) -> None:
    assert _spans(claims._statistic_pattern(text), text) == _spans(claims._STATISTIC_RE, text)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(TEXTS, st.text(alphabet="[]<>ab \n^1", max_size=60)))
def test_brackets_tried_where_one_opens_are_all_found(text: str) -> None:
    assert (_spans(placeholders._BRACKETED_SCAN, text)
            == _spans(placeholders._BRACKETED_RE, text))


@settings(max_examples=500, deadline=None)
@given(text=TEXTS)
def test_masked_numbers_tried_at_their_possible_starts_are_all_found(text: str) -> None:
    assert (_spans(placeholders._MASKED_NUMBER_SCAN, text)
            == _spans(placeholders._MASKED_NUMBER_RE, text))


SOURCE_WORDS = st.lists(st.sampled_from([
    "Source:", "SOURCES :", "(via: x)", "(Data:", "according to The", "According to Our",
    "(Smith, 2025)", "(Smith et al., 2024a)", "[^1]", "[12]", "reports", "Reported", "found",
    "estimates", "estimated", "says", "noted", "Predicts", "forecasts", "surveyed", "showed",
    "reveals", "notes", "ſource:", "x", " ", "(", "[", "our", "OUR", "blog", "guide",
    "2026", "salary", "report", "on", "previous", "post", "four",
    # anchor words inside words or after a letter, digit or "_" (where "\\b" fails)
    "your", "_our", "éour", "9it", "with", "other", "the data", "data shows", "awesome",
    "some say", "it is widely known", "\u0130", "\u212a", "_",
]), max_size=12)


@pytest.mark.parametrize(("scan", "pattern"), [
    (claims._TEXT_SOURCE_SCAN, claims._TEXT_SOURCE_RE),
    (claims._verb_scan(claims._REPORT_VERBS), claims._REPORT_VERB_RE),
    (claims._REFERENCE_SCAN, claims._REFERENCE_RE),
    (claims.WordAnchoredPattern(claims._VAGUE_RE, tuple(claims._VAGUE_OPENERS)),
     claims._VAGUE_RE),
], ids=["textual source", "reporting verb", "own content", "vague attribution"])
@settings(max_examples=300, deadline=None)
@given(text=st.one_of(TEXTS, SOURCE_WORDS.map(" ".join), SOURCE_WORDS.map("".join)))
def test_sources_tried_at_their_opening_words_are_all_found(
        scan: claims.Scannable, pattern: re.Pattern[str], text: str) -> None:
    assert _spans(scan, text) == _spans(pattern, text)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(TEXTS, max_size=4))
def test_vague_attributions_are_found_in_every_block_that_has_one(texts: list[str]) -> None:
    patterns = claims._vague_patterns(JoinedTexts.of(texts), claims._VAGUE_VERBS,
                                      claims._VAGUE_SAYERS, claims._VAGUE_OPENERS)
    for text in texts:
        assert _spans(patterns.get(text), text) == _spans(claims._VAGUE_RE, text)


@pytest.mark.parametrize("text", ["1 in 5 teams", "3 times more", "Pay rose 5% and doubled",
                                  "one in ten", "$5 to $9", "one in five teams", "Prices doubled.",
                                  "twice as fast", "ONE IN TEN"])
def test_statistics_in_words_are_found_beside_digits(text: str) -> None:
    assert _spans(claims._statistic_pattern(text), text) == _spans(claims._STATISTIC_RE, text)
    assert _spans(claims._STATISTIC_RE, text)


@pytest.mark.parametrize("text", ["It is widely \u212anown", "our data \u017fhows",
                                  "this wee\u212a", "LAST YEAR"])
def test_matching_text_passes_the_prefilters(text: str) -> None:
    assert all(may_match(text) for _, pattern, may_match in PREFILTERS if pattern.search(text))
    assert any(pattern.search(text) for _, pattern, _ in PREFILTERS)


def test_prose_without_cues_is_stopped() -> None:
    text = "Hiring managers often overlook curious engineers when the advert is vague."
    assert not any(may_match(text) for _, _, may_match in PREFILTERS)


YEARS = st.lists(st.sampled_from([
    "2024", "2025", "in", "since", "Dr.", "e.g.", "3.5", "$", "(", ")", ".", "!", "?", ",", "-",
    "/", "%", "s", "A", " ", "  ", "\n", "\u00a0", "\u2028",
]), max_size=40).map("".join)


# YEAR_RE as first written, its look-behind in front.
PLAIN_YEAR_RE = re.compile(r"(?<![\w$£€¥.,/])(?:19|20)[0-9]{2}(?![\w%]|[.,][0-9]|[-–/][0-9])")


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(YEARS, st.text(alphabet="1920 5a.$/-\n", max_size=40)))
def test_the_year_pattern_finds_what_its_plain_form_finds(text: str) -> None:
    assert _spans(dates.YEAR_RE, text) == _spans(PLAIN_YEAR_RE, text)
    for start in range(len(text)):
        assert (dates.YEAR_RE.match(text, start) is None) == (
            PLAIN_YEAR_RE.match(text, start) is None)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(YEARS, st.text(max_size=60)))
def test_the_years_of_a_text_are_the_years_of_its_sentences(text: str) -> None:
    """CD301 finds years in a whole block and only then looks for their sentence."""
    in_sentences = [(sentence.start + year.start, year.text)
                    for sentence in dates.sentences(text)
                    for year in dates.iter_matches(dates.YEAR_RE, sentence.text)]
    in_text = [(year.start, year.text) for year in dates.iter_matches(dates.YEAR_RE, text)]
    assert in_text == in_sentences


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(YEARS, st.text(alphabet="1920 5a.$/-\n#*", max_size=60)),
       kind=st.sampled_from(["md", "html", "txt"]), frame=st.sampled_from([2026, 2025, 1903]))
def test_the_years_of_the_blocks_are_found_in_their_joined_text(text: str, kind: str,
                                                                frame: int) -> None:
    """CD301's frame counts the years of every block, found in their text joined by line
    breaks; it judges only the blocks stale_year_texts gives, and no other block holds a
    year its window calls stale."""
    document = read_document(f"page.{kind}", text)
    years = [year.text for block in document.blocks
             for year in dates.iter_matches(dates.YEAR_RE, block.text)]
    assert dates.YEAR_RE.findall(_words.block_texts(document)) == years
    holding = dates.stale_year_texts(document, frame)
    for block in document.blocks:
        if block.text not in holding:
            assert not [year for year in dates.iter_matches(dates.YEAR_RE, block.text)
                        if frame - dates._STALE_WINDOW <= int(year.text) < frame]


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(YEARS, st.text(alphabet="2019 2025 2030\n#", max_size=60)),
       frame=st.integers(1895, 2099))
def test_the_blocks_holding_a_stale_year_are_those_holding_one_as_text(text: str,
                                                                       frame: int) -> None:
    """CD301 asks one pattern of the years up to its window before the frame."""
    document = read_document("page.md", text)
    years = [str(year) for year in range(frame - dates._STALE_WINDOW, frame)]
    assert dates.stale_year_texts(document, frame) == {
        block.text for block in document.blocks if any(year in block.text for year in years)}


KEYPHRASE_WORDS = st.lists(st.sampled_from([
    "role", "Roles", "role's", "ROLE’S", "categories", "category", "Category", "matches",
    "match", "data", "in-demand", "demand", "İs", "straße", "STRASSE", "ς", "Σ", " ", ".", "-",
]), max_size=20).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(KEYPHRASE_WORDS, st.text(max_size=40)),
       phrase=st.one_of(KEYPHRASE_WORDS, st.text(max_size=15)))
def test_the_keyphrase_prefilter_keeps_every_text_holding_the_phrase(text: str,
                                                                     phrase: str) -> None:
    wanted = keyphrase.content_forms(phrase)
    if keyphrase.contains(text, wanted):
        assert keyphrase._may_contain_all(text, [form[:-1] for form in wanted])


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(KEYPHRASE_WORDS, st.text(max_size=40)),
       phrase=st.one_of(KEYPHRASE_WORDS, st.text(max_size=15)))
@example(text="ROLES in DEMAND", phrase="in-demand roles")
@example(text="Straße", phrase="STRASSE")
def test_the_keyphrase_prefilter_asks_the_casefolded_text(text: str, phrase: str) -> None:
    """CD624/CD625 look an ASCII block's stems up in its lower_case, not its casefold."""
    stems = [form[:-1] for form in keyphrase.content_forms(phrase)]
    folded = text.casefold()
    expected = all(stem in folded for stem in stems)
    assert keyphrase._may_contain_all(text, stems) == expected
    assert keyphrase._holds_all(folded, stems) == expected


def _forms_word_by_word(text: str) -> list[str]:
    """keyphrase.forms as first written: each word of words() split into its parts."""
    return [keyphrase.word_form(part) for word in WORD_RE.findall(text)
            for part in keyphrase._PART_RE.findall(word)]


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(KEYPHRASE_WORDS, st.text(alphabet="aZ9_'’-×é² \n.", max_size=40),
                      st.text(max_size=40)))
def test_word_forms_of_a_text_are_those_of_its_words(text: str) -> None:
    assert keyphrase.forms(text) == _forms_word_by_word(text)


def _may_be_relative_phrase_by_phrase(text: str) -> bool:
    """The relative-date prefilter as first written, one may_contain per word list."""
    return (may_contain(text, ("recently", "currently", "nowadays"))
            or (may_contain(text, ("this", "last", "next", "past"))
                and may_contain(text, ("year", "month", "quarter", "week")))
            or (may_contain(text, ("right",)) and may_contain(text, ("now",)))
            or (may_contain(text, ("these",)) and may_contain(text, ("days",))))


@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
def test_the_relative_date_prefilter_answers_as_its_first_form(text: str) -> None:
    """With every word held (a document holding all of them), a text passes as it did."""
    passed = text in dates.relative_texts(JoinedTexts.of([text]), lambda words: words)
    assert passed == _may_be_relative_phrase_by_phrase(text)


# Whitespace after "in" or "out" too: "1 in 5" and "one out of ten" have it.
IN_CUE_SPEC = re.compile(rf"(?:\d|{'|'.join(claims._NUMBER_WORDS)})\s+(?:in|out)\s")


# Beside ASCII: whitespace, digits and letters re reads as such, "·" from a page's byline.
IN_CUE_ALPHABET = "onetwhudr5 \t\n\x1cinout._\u00a0\u3000\u0663\u00b7\u0130\u0131\u00e9"


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(VOCABULARY, st.text(alphabet=IN_CUE_ALPHABET, max_size=40)))
def test_the_in_cue_is_a_number_then_in_or_out(text: str) -> None:
    lowered = lower_case(text)
    assert claims._has_in_cue(lowered) == bool(IN_CUE_SPEC.search(lowered))


@pytest.mark.parametrize("text", [
    "It rose 2026% to $120,000 or £1£2 and 3.5x, 10 in 20, US$5, 1.5%, 12345 67 8.",
    "No.1 in 5; 0.5-1.5 percent; €3 to €4 billion; 19,999.99 USD; v2 3x",
])
def test_the_numeric_statistics_are_found_where_a_run_of_digits_begins(text: str) -> None:
    assert (_spans(claims._NUMERIC_STATISTIC_SCAN, text)
            == _spans(claims._NUMERIC_STATISTIC_RE, text) != [])


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(TEXTS, st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
       .filter(str.isascii))
def test_numeric_statistics_in_ascii_are_found_where_an_ascii_digit_or_dollar_is(
        text: str) -> None:
    assert (_spans(claims._ASCII_NUMERIC_STATISTIC_SCAN, text)
            == _spans(claims._NUMERIC_STATISTIC_SCAN, text))


NUMBER_TEXTS = st.lists(st.sampled_from([
    "5", "12", "1,000", "2,5", "3.5", ".", ",", "%", " %", "$", "$5", "x", "X", " ", "  ", "\t",
    "\x1c", "-", " to ", "to", "percent", " per cent", "percentage points", "USD", " usd",
    "dollars", "pounds", "euros", "GBP", "eur", "2026", "guide", "in", "a", "_", "(", "e",
]), max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(text=NUMBER_TEXTS)
def test_numeric_statistics_in_ascii_are_found_where_their_number_leads_to_a_unit(
        text: str) -> None:
    """A digit is tried only where what follows its number may open a unit or a range
    (the scan of ASCII text without a currency code: "GBP 5" opens at the code)."""
    if not may_contain(text, claims._CURRENCY_CODES):
        assert claims._numeric_pattern(text) in (None, claims._ASCII_NUMERIC_STATISTIC_SCAN)
    assert (_spans(claims._numeric_pattern(text), text)
            == _spans(claims._NUMERIC_STATISTIC_RE, text))


CUE_TEXTS = st.one_of(VOCABULARY, st.text(alphabet=IN_CUE_ALPHABET + ",", max_size=40),
                      st.text(alphabet=st.characters(max_codepoint=127), max_size=40),
                      st.text(max_size=40))


@settings(max_examples=600, deadline=None)
@given(text=CUE_TEXTS)
def test_the_in_cue_answers_as_its_spec_on_any_text(text: str) -> None:
    lowered = lower_case(text)
    assert claims._has_in_cue(lowered) == bool(IN_CUE_SPEC.search(lowered))


@settings(max_examples=600, deadline=None)
@given(text=CUE_TEXTS)
def test_a_statistic_in_words_passes_the_worded_prefilter(text: str) -> None:
    if re.search(claims._WORDED_STATISTIC, text, re.IGNORECASE):
        assert claims._may_be_worded(text)


@settings(max_examples=400, deadline=None)
@given(text=CUE_TEXTS, kind=st.sampled_from(["md", "html"]))
def test_a_document_without_the_word_out_has_the_in_cue_without_its_search(
        text: str, kind: str) -> None:
    """CD201 skips the search for "<number> out" in a document whose index lacks "out"."""
    document = read_document(f"page.{kind}", text)
    lowered = lowered_block_texts(document)
    if not words_in(document, claims._OUT):
        assert claims._has_in_cue(lowered, False) == claims._has_in_cue(lowered)


CUE_BLOCKS = st.lists(st.one_of(VOCABULARY, st.text(alphabet=IN_CUE_ALPHABET + ",%$", max_size=30)),
                     max_size=5)


@settings(max_examples=500, deadline=None)
@given(parts=CUE_BLOCKS, kind=st.sampled_from(["md", "html"]))
def test_every_block_gets_a_pattern_finding_the_statistics_the_full_one_finds(
        parts: list[str], kind: str) -> None:
    """CD201 asks the document once whether a statistic in words may be in it, searching
    only the blocks holding a digit or a number word it holds for "<number> in": each
    block's pattern (none for a block left out) finds what _STATISTIC_RE finds in it."""
    source = "\n\n".join(f"<p>{part}</p>" if kind == "html" else part for part in parts)
    document = read_document(f"page.{kind}", source)
    patterns = claims._statistic_patterns(document)
    for block in document.blocks:
        assert (_spans(patterns.get(block.text), block.text)
                == _spans(claims._STATISTIC_RE, block.text)), block.text


def test_a_number_in_words_before_in_is_looked_for_beside_the_digits() -> None:
    document = read_document("page.md", "Pay rose 5% in 2026.\n\nOne in five teams hire.")
    assert claims._statistic_patterns(document)["One in five teams hire."] is (
        claims._STATISTIC_RE)
    plain = read_document("page.md", "Pay rose 5% in 2026.\n\nSomeone in a team did.")
    assert set(claims._statistic_patterns(plain)) == {"Pay rose 5% in 2026."}


def test_the_in_cue_looks_past_any_whitespace_and_at_the_word_after() -> None:
    assert claims._has_in_cue("one \t\n in five")
    assert claims._has_in_cue("about 1 out of")
    assert not claims._has_in_cue("about 1 out")  # no "of ten" can follow
    assert not claims._has_in_cue("one into five")
    assert not claims._has_in_cue("5, in all")
    assert not claims._has_in_cue(" in five")


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(TEXTS, st.text()))
def test_a_digit_is_what_re_calls_one(text: str) -> None:
    assert claims._has_digit(text) == (re.search(r"\d", text) is not None)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.one_of(TEXTS, st.text()), max_size=5))
def test_the_texts_with_a_digit_are_found_all_at_once(texts: list[str]) -> None:
    assert claims._digit_texts(JoinedTexts.of(texts)) == {
        text for text in texts if claims._has_digit(text)}


def _sources_all_at_once(block: Block) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A block's link offsets and every source's, as CD201-203 first found them: every
    kind at once, the reporting verbs where any of them begins."""
    text = block.text
    links = {offset for link in block.links for offset in (link.start, link.end - 1)}
    links.update(match.start() for match in claims._TEXT_LINK_RE.finditer(text))
    others = set(block.citations)
    others.update(match.start() for match in claims._TEXT_SOURCE_RE.finditer(text))
    others.update(verb.start() for verb in claims._REPORT_VERB_RE.finditer(text)
                  if claims._names_a_reporter(text, verb))
    return tuple(sorted(links)), tuple(sorted(links | others))


@settings(max_examples=300, deadline=None)
@given(words=SOURCE_WORDS, cuts=st.lists(st.integers(0, 200), max_size=6),
       kind=st.sampled_from(["md", "html"]))
def test_sources_found_kind_by_kind_support_what_all_found_at_once_do(
        words: list[str], cuts: list[int], kind: str) -> None:
    """A region of a block has a source (a link) when one of the offsets found the first
    way lies in it; the verbs are looked for among those the document holds."""
    text = " ".join(words) + " [our guide](/guide/) 5%.[^2] Smith found."
    document = read_document(f"page.{kind}", text)
    verbs = claims._verb_scan(words_in(document, claims._REPORT_VERBS))
    for block in document.blocks:
        links, every = _sources_all_at_once(block)
        sources = claims._Sources(block, verbs)
        bounds = sorted({0, len(block.text) + 1, *(cut % (len(block.text) + 2) for cut in cuts)})
        for start, end in pairwise(bounds):
            assert sources.between(start, end, True) == claims._any_between(links, start, end)
            assert sources.between(start, end, False) == claims._any_between(every, start, end)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(TEXTS, max_size=4))
def test_a_text_without_worded_statistics_has_none_in_any_block(parts: list[str]) -> None:
    """CD201 asks the whole text once; a block's answer may only narrow it."""
    if not claims._may_be_worded("\n".join(parts)):
        assert not any(claims._may_be_worded(part) for part in parts)


# Every character str.split() splits at, beside letters and the zero-width space (no
# white space, and not printable).
SPACES = "".join(chr(code) for code in range(0x3001) if chr(code).isspace()) + "ab\u200b"


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(st.text(alphabet=SPACES, max_size=12), st.text(max_size=40), TEXTS))
def test_normalised_space_is_the_words_joined_by_single_spaces(text: str) -> None:
    """CD704 gives an already normalised text back as it is."""
    assert _jsonld.normalise_space(text) == " ".join(text.split())


HEADINGS = st.lists(st.sampled_from([
    "1.", "Q3:", "Question:", "**", "`code`", "The", "STRASSE", "straße", "İs", "ﬁne", "Roles",
    "in", "2026", "—", "-", "it's", " ", "\n", "#", "[link](/x)",
]), max_size=12).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(HEADINGS, st.text(max_size=40)))
def test_every_word_of_a_normalised_line_is_in_the_casefolded_line(text: str) -> None:
    """CD502 skips a line missing a word of every title before normalising it."""
    key = structure.normalised(text)
    if key:
        assert all(word in text.casefold() for word in key.split(" "))


PLAIN_SPACE_RUN_RE = re.compile(r"(?<=\S) {2,}(?=\S)")  # _SPACE_RUN_RE as first written


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="ab .\n\t\u00a0", max_size=40))
def test_the_space_run_pattern_finds_what_its_plain_form_finds(text: str) -> None:
    assert _spans(typography._SPACE_RUN_RE, text) == _spans(PLAIN_SPACE_RUN_RE, text)
    assert _spans(typography._SPACE_RUN_SCAN, text) == _spans(PLAIN_SPACE_RUN_RE, text)


BLOCK_KINDS: list[BlockKind] = ["heading", "paragraph", "list_item", "quote"]


def _is_question_as_first_written(block: Block) -> bool:
    text = structure._ENUMERATOR_RE.sub("", block.text.rstrip(" \t\n\"'”’)*_"), count=1)
    if not text.endswith("?") or block.kind not in ("heading", "paragraph", "list_item"):
        return False
    return (len(sentences(text)) == 1
            and len(lower_words(text)) <= structure._MAX_QUESTION_WORDS)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(HEADINGS.map(lambda heading: heading + " ?"), HEADINGS,
                      st.text(alphabet="Qq1. :)?\n\"*_ab", max_size=20)),
       kind=st.sampled_from(BLOCK_KINDS))
def test_a_question_is_told_apart_as_before_the_quick_ending_test(text: str,
                                                                  kind: BlockKind) -> None:
    block = Block(kind, text, (LineStart(0, 1, 1),))
    assert structure._is_question(block) == _is_question_as_first_written(block)


TITLE_PARTS = st.lists(st.sampled_from([
    "Hiring", "hiring", "ML", "Engineers", "in", "2026", "<code>", "</code>", "<em>", "</em>",
    "<a href=\"/x\">", "</a>", "`code`", "**", "STRASSE", "straße", "İs", "·", " ", "\n", ".",
]), max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(title=TITLE_PARTS, paragraphs=st.lists(TITLE_PARTS, max_size=4),
       kind=st.sampled_from(["html", "markdown"]))
def test_the_title_words_test_of_a_blocks_lines_passes_what_its_source_has(
        title: str, paragraphs: list[str], kind: str) -> None:
    """CD502 asks a paragraph's source lines for the title's words before finding its
    source in them: the lines must hold every word the source holds."""
    if kind == "html":
        source = (f"<html><body><h1>{title}</h1>\n"
                  + "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
                  + "\n</body></html>\n")
        document = read_document("page.html", source)
    else:
        document = read_document("post.md", f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n")
    title_words = [key.split(" ") for key in structure._title_keys(document)]
    for block in document.blocks:
        if structure._has_title_words(block_source(document, block).casefold(), title_words):
            assert structure._has_title_words(
                structure._lines_of(document, block).casefold(), title_words)


ENUMERATED_PARTS = st.lists(st.sampled_from([
    "Question 12:", "Q3.", "q 1)", "1.", "Hiring", "ML", "in", "2026", "<code>x y</code>",
    "<em>", "</em>", "&amp;", "&nbsp;", "&#39;s", "a<!-- c -->b", "<br>", "İs", "ﬁne", "·",
    "straße", "`code`", "**", "[t](/u v)", " ", "\n",
]), max_size=10).map(" ".join)


def _page(title: str, paragraphs: list[str], kind: str) -> Document:
    if kind == "html":
        return read_document("page.html", f"<html><body><h1>{title}</h1>\n" + "\n".join(
            f"<p>{paragraph}</p>" for paragraph in paragraphs) + "\n</body></html>\n")
    return read_document("post.md", f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n")


@settings(max_examples=400, deadline=None)
@given(title=ENUMERATED_PARTS, paragraphs=st.lists(ENUMERATED_PARTS, max_size=4),
       kind=st.sampled_from(["html", "markdown"]))
def test_a_paragraph_has_no_more_words_than_its_normalised_source_and_an_enumerator(
        title: str, paragraphs: list[str], kind: str) -> None:
    """CD502 skips a paragraph with more words than a title and an enumerator have."""
    document = _page(title, paragraphs, kind)
    for block in document.blocks:
        key = structure.normalised(block_source(document, block))
        assert len(lower_words(block.text)) <= (
            len(key.split(" ")) if key else 0) + structure._ENUMERATED_WORDS


@settings(max_examples=300, deadline=None)
@given(title=ENUMERATED_PARTS, paragraphs=st.lists(
    st.one_of(ENUMERATED_PARTS, ENUMERATED_PARTS.map(lambda text: "Question 12: " + text)),
    max_size=4), kind=st.sampled_from(["html", "markdown"]))
def test_duplicate_titles_are_found_with_and_without_the_word_count_test(
        title: str, paragraphs: list[str], kind: str) -> None:
    document = _page(title, [*paragraphs, title, f"Q3. {title}"], kind)
    context = RuleContext(Thresholds(), date(2026, 5, 1))
    found = list(structure.check_duplicate_heading(document, context))
    with mock.patch.object(structure, "_ENUMERATED_WORDS", 10**6):
        assert list(structure.check_duplicate_heading(document, context)) == found


def test_a_title_repeated_after_an_enumerator_is_found_past_the_word_count_test() -> None:
    document = _page("Hiring ML in 2026", ["Question 12: Hiring ML in 2026",
                                           "Hiring <code>x</code> ML in 2026"], "html")
    context = RuleContext(Thresholds(), date(2026, 5, 1))
    assert [hit.block.text for hit in structure.check_duplicate_heading(document, context)
            if hit.block is not None] == ["Question 12: Hiring ML in 2026"]


DOUBLES = st.lists(st.sampled_from([
    "the", "The", "THE", "the-the", "it’s", "It’s", "\u0130s", "i\u0307s", "\u0131s", "Is",
    "\u212bcolor", "colour", "color", "organise", "organize", "Organize", "centre", "center",
    "1", "10", " ", "  ", "\n", "\n\n", ".", ",", "*", "[a](b)", "<b>", "</b>", "- ", "# ",
    "é", "É", "colour_", "colorα", "×",
]), max_size=30).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(DOUBLES, st.text(max_size=80)), kind=st.sampled_from(["md", "html"]))
def test_the_words_of_a_document_are_the_lowered_words_of_its_blocks(text: str,
                                                                     kind: str) -> None:
    """CD504 and CD507 ask every block's lower-case words at once before looking at any
    block: the document's words must be exactly those, block after block; the rules that
    count a block's words read them from block_words, by the block's position."""
    document = read_document(f"page.{kind}", text)
    assert block_words(document) == [lower_words(block.text) for block in document.blocks]
    assert lowered_words(document) == [word for block in document.blocks
                                       for word in lower_words(block.text)]


def test_a_page_of_more_blocks_than_the_split_cache_holds_counts_each_block() -> None:
    """An index page has more blocks than lower_words remembers texts: the document keeps
    its blocks' words, and they stay each block's own."""
    paragraphs = [f"Entry {number} says {'word ' * (number % 7)}here." for number in range(1200)]
    document = read_document("page.md", "\n\n".join(paragraphs))
    assert len(document.blocks) > CACHED_TEXTS
    counted = block_words(document)
    assert [len(words) for words in counted] == [4 + number % 7 for number in range(1200)]
    assert word_count(document) == sum(4 + number % 7 for number in range(1200))


@settings(max_examples=300, deadline=None)
@given(items=st.lists(st.sampled_from(["a", "A", "the", "b", "é", ""]), max_size=12))
def test_equal_neighbours_are_told_with_and_without_their_bytes(items: list[str]) -> None:
    """CD504 asks whether any two words in a row are equal before it makes the bytes."""
    alike = alike_in_a_row(items)
    assert list(alike) == [int(first == second) for first, second in pairwise(items)]
    assert any_alike_in_a_row(items) == (1 in alike)
    assert any_alike_in_a_row(tuple(items)) == (1 in alike_in_a_row(tuple(items)))


@given(text=st.text(alphabet="ab \n\t\u00a0\u2028.", max_size=30))
def test_the_last_token_split_off_alone_is_the_last_of_every_token(text: str) -> None:
    """CD501 reads a paragraph's last token with rsplit(None, 1), not split()."""
    if text.strip():
        assert text.rsplit(None, 1)[-1] == text.split()[-1]


@settings(max_examples=300, deadline=None)
@given(text=DOUBLES, kind=st.sampled_from(["md", "html"]))
def test_the_spelling_test_passes_every_document_that_mixes(text: str, kind: str) -> None:
    """CD507 reads no block of a document its whole-document test rules out."""
    document = read_document(f"page.{kind}", text)
    families = [(use.variant.family, use.variant.british) for use in spelling._uses(document)]
    if any((family, not british) in families for family, british in families):
        assert spelling._may_mix(document)


def _missing_punctuation_as_first_written(document: Document, blocks: list[Block],
                                          noun: str) -> list[tuple[int, int, str]]:
    """CD501 judging every block before counting, as it did before it judged the open
    ones first."""
    endings = [(block, mechanics._ending(mechanics._prose(block))) for block in blocks]
    endings = [(block, ending) for block, ending in endings
               if mechanics._judged(document, block)]
    open_ended = [block for block, ending in endings if mechanics._is_open(ending)]
    closed = sum(1 for _, ending in endings if ending in mechanics._TERMINAL)
    if closed < 2 or closed <= len(open_ended):
        return []
    return [(block.line, len(endings), noun) for block in open_ended]


ENDINGS = st.lists(st.tuples(
    st.sampled_from(["", "Short one", "A sentence of seven plain words here",
                     "Byline · with a separator and six words", "Visit https://x.example",
                     "Write to team@example.com about it today please", "See [the page](/p)"]),
    st.sampled_from(["", ".", "!", ":", "%", " 2026", "”", "`code`"])), max_size=8)


@settings(max_examples=300, deadline=None)
@given(paragraphs=ENDINGS, items=ENDINGS)
def test_missing_end_punctuation_judges_as_it_did_every_block_first(
        paragraphs: list[tuple[str, str]], items: list[tuple[str, str]]) -> None:
    source = ("\n\n".join(text + end for text, end in paragraphs) + "\n\n"
              + "\n".join(f"- {text}{end}" for text, end in items) + "\n")
    document = read_document("post.md", source)
    expected = [found for blocks, noun in (
        ([block for block in document.blocks if block.kind == "paragraph"], "paragraph"),
        ([block for block in document.blocks if block.kind == "list_item"], "list item"))
        for found in _missing_punctuation_as_first_written(document, blocks, noun)]
    hits = list(mechanics.check_missing_end_punctuation(document, None))  # type: ignore[arg-type]
    assert [(hit.block.line if hit.block else 0, int(hit.message.split(" of ")[1].split()[0]),
             hit.message.split(" ends ")[0]) for hit in hits] == expected


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(TEXTS, st.text(alphabet="{}%#<>$[] x\n", max_size=20)))
def test_the_residue_test_answers_as_a_search_for_each_opener(text: str) -> None:
    assert placeholders._may_have_residue(text) == any(
        opener in text for opener in placeholders._RESIDUE_OPENERS)


PLACEHOLDER_SOURCES = st.lists(st.sampled_from([
    "[Insert %]", "[Company Name]", "[link](/a)", "<insert client name>", "<b>", "</b>", "`[x]`",
    "word", "Sentence.", " ", "\n", "\n\n", "- ", "# ", "[", "<", "<p>", "</p>", "[ ]", "[^1]",
]), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(source=PLACEHOLDER_SOURCES, kind=st.sampled_from(["md", "html", "txt"]))
def test_bracketed_placeholders_skip_only_blocks_with_nothing_to_find(source: str,
                                                                      kind: str) -> None:
    """CD101 skips a block without a bracket when no HTML is hidden: it finds what looking
    at every block finds."""
    document = read_document(f"page.{kind}", source)
    every = [(span.start, span.end) for block in _surfaces.prose_blocks(document)
             for span in [*placeholders._placeholder_spans(block),
                          *placeholders._masked_angle_spans(document, block)]]
    found = placeholders.check_bracketed_placeholder(document, None)  # type: ignore[arg-type]
    assert [(hit.start, hit.end) for hit in found] == every


# Whole-document text: blocks of VOCABULARY and other words, joined inside words by
# apostrophes, hyphens and characters that are letters to one reader and not the other.
INDEX_WORDS = st.lists(st.one_of(
    VOCABULARY, st.sampled_from([
        "x-our", "our's", "data’s", "×our", "our÷", "_our", "our_", "ours", "Lorem", "ipsum",
        "dolor sit amet", "consectetur adipiscing", "\u212anown", "\u0130t is", "\u0131t's",
        "\u017fome say", "éour", "αour", "our9", "9our", "three times more", "\n\n", "- ",
        "# ", "[link](/x)", "**", "`code`", "£XXk", "X.X million", "$NNNbn", "XXXXX", "Xm",
        "TODO:", "FIXME", "(TBD)", "TBC.", "Chapter XXX", "????", "? ??", "x-TBD",
        "the", "The data", "THE\ndata shows", "it has been shown", "It's well understood",
        "reported", "proven", "other data", "with it", "agreed",
    ]), st.text(alphabet="ourIt'’-_×÷\u212a\u0130\u0131\u017fé  \n", max_size=12)),
    max_size=16).map(" ".join)
WORD_RUN_RE = re.compile(r"\w+")


@settings(max_examples=400, deadline=None)
@given(text=INDEX_WORDS, kind=st.sampled_from(["md", "html"]))
def test_the_word_index_holds_every_run_a_pattern_can_match_whole(text: str, kind: str) -> None:
    """A run of \\w that re, ignoring case, matches with a word of ASCII letters (what
    "\\bour\\s" needs) is in the document's word index, in lower case."""
    document = read_document(f"page.{kind}", text)
    runs = [lower_case(run) for block in document.blocks
            for run in WORD_RUN_RE.findall(block.text)]
    asked = frozenset(run for run in runs if run.isascii() and run.isalpha())
    assert words_in(document, asked) == asked  # words no rule asks about: looked up alone
    assert words_in(document, claims._VAGUE_SAYERS) >= asked & claims._VAGUE_SAYERS


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(INDEX_WORDS, st.text(alphabet="ourIt'’- -\nΣσé9", max_size=30)),
       kind=st.sampled_from(["md", "html"]))
# Joined words after a line break and no space, several in a row, one joiner after another.
@example(text="Ourselves-data\nx-our\nitself's-9 our--it -our- o'-it", kind="md")
@example(text="<p>Ourselves-data</p><p>x-our</p><h2>itself's-9</h2>", kind="html")
def test_the_word_index_holds_each_word_and_each_part_of_a_joined_word(text: str,
                                                                       kind: str) -> None:
    """Without the characters re splits otherwise, the index holds the words asked that
    are the document's lower-case words or parts of them split at their joiners (its
    joined words read around each joiner in the blocks' text, not from all its words)."""
    document = read_document(f"page.{kind}", text)
    words = lowered_words(document)
    parts = {part for word in words
             for part in word.replace("'", " ").replace("’", " ").replace("-", " ").split()}
    asked = frozenset([*words, *parts, "our", "it", "9"])
    held = _words._index(document, asked).held
    if not any(map(_words.block_texts(document).__contains__, _words._UNSPLIT)):
        assert held == asked & {*words, *parts}


def test_words_made_for_the_index_are_answered_from_it() -> None:
    document = read_document("post.md", "Our x-data’s rows and SOME o’Many.\n")
    assert words_in(document, claims._VAGUE_SAYERS) == {"our", "data", "some", "many"}
    assert document.once(_words._word_index).asked >= claims._VAGUE_SAYERS
    assert words_in(document, indexed_words("rows", "none")) == {"rows"}  # made after


def _every_block(document: Document, pattern: re.Pattern[str]) -> dict[str, re.Pattern[str]]:
    return dict.fromkeys((block.text for block in document.blocks), pattern)


@settings(max_examples=300, deadline=None)
@given(text=INDEX_WORDS, kind=st.sampled_from(["md", "html"]))
def test_word_lists_asked_of_the_index_find_what_every_block_scanned_finds(
        text: str, kind: str) -> None:
    """CD202, CD201, CD104, CD302, CD102 and CD103 search only for the words the word
    index holds, or skip the document: they find what their full patterns find in every
    block."""
    document = read_document(f"page.{kind}", text)
    context = None  # the three rules read no threshold

    def spans(found: object) -> list[tuple[int, int, int]]:
        return [(hit.block.line if hit.block else 0, hit.start, hit.end)
                for hit in found]  # type: ignore[attr-defined]

    every_block = _every_block(document, claims._VAGUE_RE)
    vague = [(block.line, match.start(), match.end())
             for block, match in claims._unsupported(document, every_block)]
    assert spans(claims.check_vague_attribution(document, context)) == vague  # type: ignore[arg-type]
    patterns = claims._statistic_patterns(document)
    for block in document.blocks:
        assert (_spans(patterns.get(block.text), block.text)
                == _spans(claims._STATISTIC_RE, block.text))
    lorem = [(block.line, found.start(), found.end()) for block in _surfaces.prose_blocks(document)
             if (found := placeholders._LOREM_RE.search(block.text))]
    assert spans(placeholders.check_lorem_ipsum(document, context)) == lorem  # type: ignore[arg-type]
    relative = [(block.line, sentence.start + found.start(), sentence.start + found.end())
                for block in document.blocks for sentence in sentences(block.text)
                if not dates.YEAR_RE.search(sentence.text)
                for found in dates._RELATIVE_DATE_RE.finditer(sentence.text)]
    assert spans(dates.check_unanchored_relative_date(document, context)) == relative  # type: ignore[arg-type]
    masked = [(block.line, span.start, span.end) for block in _surfaces.prose_blocks(document)
              for span in dates.iter_matches(placeholders._MASKED_NUMBER_RE, block.text)
              if placeholders._is_masked_number(block.text, span)
              and not _surfaces.Excluded.of(_surfaces.code_spans(block.text)).covers(
                  span.start, span.end)]
    assert spans(placeholders.check_masked_number(document, context)) == masked  # type: ignore[arg-type]
    unfinished = []
    for block in _surfaces.prose_blocks(document):
        skip = _surfaces.Excluded.of([*_surfaces.code_spans(block.text),
                                      *placeholders._placeholder_spans(block)])
        for span in dates.iter_matches(placeholders._MARKER_RE, block.text):
            previous = placeholders._previous_word(block.text, span.start)
            roman = (span.text == "XXX" and previous[:1].isupper()
                     and previous.lower() not in placeholders._QUANTIFIERS)
            if not roman and not skip.covers(span.start, span.end):
                unfinished.append((block.line, span.start, span.end))
    assert spans(placeholders.check_unfinished_marker(document, context)) == unfinished  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(INDEX_WORDS, st.text(alphabet="aΣσς'’.\n İıſ\u212a·é1 ", max_size=30),
                      st.text(max_size=40)),
       kind=st.sampled_from(["md", "html"]))
def test_the_lowered_text_of_the_blocks_is_each_block_lowered(text: str, kind: str) -> None:
    """CD201 asks the lower-case text of every block for its in-cue, joined from each
    block's lower_case rather than lowering the joined text."""
    document = read_document(f"page.{kind}", text)
    assert _words.lowered_block_texts(document) == lower_case(_words.block_texts(document))


ANSWER_PARTS = st.sampled_from(["Yes.", "It pays", "well.", "  ", "", "<b>x</b>", "</div>",
                                "<div>", "Ask <a href='#q'>us</a>."])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.lists(ANSWER_PARTS, max_size=3).map(" ".join), min_size=1, max_size=5),
       closes=st.lists(st.booleans(), min_size=5, max_size=5), answer=st.lists(
           ANSWER_PARTS, max_size=6).map(" ".join), cut=st.integers(0, 5))
def test_an_answer_is_shown_where_its_first_form_found_it(
        parts: list[str], closes: list[bool], answer: str, cut: int) -> None:
    """CD704 compares an answer (its spacing collapsed, as visible_text makes it) with the
    blocks' text only where the lengths agree, and searches the source between two
    blocks only then; it answers as the list of every ending did. An answer that is the
    first block's text as it stands is told at once."""
    body = "".join(f"<p>{part}</p>" + ("</div><div>" if close else "")
                   for part, close in zip(parts, closes, strict=False))
    document = read_document("page.html", f"<html><body><div><h2>Q?</h2>{body}</div>"
                                          "</body></html>")
    blocks = next(blocks for heading, blocks in document.sections() if heading is not None)
    texts = [faq_markup.normalise_space(block.text) for block in blocks]
    endings = [" ".join(texts[:count]) for count in range(1, len(blocks) + 1)
               if count == len(blocks) or faq_markup._CONTAINER_EDGE_RE.search(
                   faq_markup._source_gap(document, blocks[count - 1], blocks[count]))]
    # The answer as the page shows some of it, the first block's text, or as given.
    for tried in (answer, *(block.text for block in blocks[:1]),
                  *(" ".join(texts[:count]) for count in (cut, len(texts)))):
        tried = faq_markup.normalise_space(tried)
        assert faq_markup._shows_answer(document, blocks, tried) == (tried in endings)


@settings(max_examples=300, deadline=None)
@given(markup=st.lists(st.one_of(ANSWER_PARTS, st.sampled_from(["\n", "\t", "&nbsp;", " "]),
                                 st.text(max_size=8)), max_size=8).map("".join))
def test_an_answer_s_visible_text_has_its_spacing_collapsed(markup: str) -> None:
    """What CD704's _shows_answer takes for granted of the answers it is given."""
    text = _jsonld.visible_text(markup)
    assert _jsonld.normalise_space(text) == text


OPENING_WORDS = st.sampled_from(["The", "the", "THE", "Step", "step", "We", "we", "Our", "It",
                                 "1", "2", "Companies"])


@settings(max_examples=300, deadline=None)
@given(paragraphs=st.lists(st.tuples(
    st.lists(st.tuples(OPENING_WORDS, OPENING_WORDS), max_size=5),
    st.sampled_from(["", "## Roles\n\n", "- a list item\n\n", "> "])), max_size=6),
       run_length=st.integers(1, 4))
def test_repeated_openings_are_found_as_without_the_first_words_test(
        paragraphs: list[tuple[list[tuple[str, str]], str]], run_length: int) -> None:
    """CD407 looks for runs only in a document where as many sentences in a row open with
    the same word, case aside; it finds what it found without that test."""
    text = "\n\n".join(before + " ".join(f"{first} {second} hire." for first, second in opened)
                       for opened, before in paragraphs)
    document = read_document("post.md", text)
    context = RuleContext(Thresholds(same_start_run=run_length), date(2026, 1, 1))
    found = list(readability.check_repeated_sentence_start(document, context))
    with mock.patch.object(readability, "_may_repeat_first_words", return_value=True):
        assert list(readability.check_repeated_sentence_start(document, context)) == found
    assert (not found) or readability._may_repeat_first_words(document, run_length)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(DOUBLES, st.text(alphabet="aA \n\n-#.", max_size=40)),
       kind=st.sampled_from(["md", "html"]))
def test_equal_words_in_a_row_are_found_in_the_blocks_that_hold_them(text: str,
                                                                     kind: str) -> None:
    """CD504 finds the pairs of equal words in the document's words all at once, not in
    each block's lowered again; a pair across two blocks is none."""
    document = read_document(f"page.{kind}", text)
    expected = [(block, pairs) for block in document.blocks if (pairs := [
        index for index, (first, second) in enumerate(pairwise(lower_words(block.text)))
        if first == second])]
    assert list(mechanics._equal_pairs(document)) == expected
