"""CD3xx dates: years that contradict the article's own time frame, unanchored relative dates."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

from copydesk.lint.document import Document
from copydesk.lint.finding import Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.rules._words import block_texts, indexed_words, words_in
from copydesk.lint.scanning import JoinedTexts, joined_blocks
from copydesk.lint.text import Span, iter_matches, sentence_words, sentences

# A four-digit year, not part of a larger number, an amount, a decade ("2020s"), a
# percentage, a date ("2025-03-01") or a fiscal range ("2025-26"). The look-behind comes
# after "19"/"20" (and looks three back) so that re can skip to the next "1" or "2": first,
# it made re try every position of the text.
YEAR_RE = re.compile(r"(?:19|20)(?<![\w$£€¥.,/]..)[0-9]{2}(?![\w%]|[.,][0-9]|[-–/][0-9])")
_DATE_YEAR_RE = re.compile(r"\b(?:19|20)[0-9]{2}\b")  # in a front matter date such as 2026-03-01
_RELATIVE_DATE_RE = re.compile(
    r"\b(?:(?:this|last|next|past)\s+(?:year|month|quarter|week)|recently|currently"
    r"|right\s+now|these\s+days|nowadays)\b",
    re.IGNORECASE,
)


# The phrases' words, each whole in a match ("\b" or whitespace either side): words
# alone, and pairs of word lists, one word of each in a phrase.
_RELATIVE_WORDS = indexed_words("recently", "currently", "nowadays")
_RELATIVE_PAIRS = ((indexed_words("this", "last", "next", "past"),
                    indexed_words("year", "month", "quarter", "week")),
                   (indexed_words("right"), indexed_words("now")),
                   (indexed_words("these"), indexed_words("days")))


def relative_texts(texts: JoinedTexts,
                   held: Callable[[frozenset[str]], frozenset[str]]) -> set[str]:
    """Those of ``texts`` (a document's blocks) that _RELATIVE_DATE_RE may match: they
    hold a lone phrase word, or a word of each list of a pair, among those ``held`` says
    the document holds (``words_in``: the word index). Each word is looked for in all
    the texts at once; most pages hold a pair somewhere ("this" and "quarter"), in a
    few blocks, and a dozen substring tests of every block cost more than the rule."""
    found = texts.containing(held(_RELATIVE_WORDS))
    for firsts, seconds in _RELATIVE_PAIRS:
        held_firsts, held_seconds = held(firsts), held(seconds)
        if held_firsts and held_seconds:
            found |= texts.containing(held_firsts) & texts.containing(held_seconds)
    return found


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Years further back than this before the frame read as history, not as stale copy:
# stale copy is last year's article refreshed without its dates.
_STALE_WINDOW = 5
_CUE_WINDOW = 6  # words either side of a year searched for a past-tense verb
_FRAME_KEYS = ("date", "lastmod", "updated")
# Just before the year: a starting point, a bound, a comparison or a copyright notice,
# all fine for a past year.
_PAST_MARKERS_BEFORE = _word_set(
    "since from between until till through throughout during before after back prior "
    "compared unlike versus vs than last previous earlier copyright")
_PAST_ADVERBS = _word_set("ago earlier previously formerly originally")
# After the year: a dated source ("the 2025 survey") is cited, not claimed as current.
_CITED_SOURCES = _word_set(
    "report reports survey surveys study studies census edition data figures statistics "
    "results index review guide research findings paper analysis benchmark ranking "
    "rankings")
_IRREGULAR_PAST = _word_set(
    "was were had did began became grew rose fell saw made took led built won went came "
    "brought bought sold wrote found left met paid spent held gave got kept knew ran said "
    "sent stood told thought overtook drove lost hit put set struck")
# "-ed" words that are adjectives or not verbs at all: they say nothing about the past.
_ED_NOT_PAST = _word_set(
    "hundred kindred hatred sacred based related skilled experienced qualified advanced "
    "specialised specialized talented dedicated automated detailed limited sophisticated "
    "integrated distributed interested certified seasoned trusted")
# "are needed", "gets hired": passive or linking present, not a past event.
_PRESENT_AUXILIARIES = _word_set(
    "is are am be being get gets getting become becomes remain remains seem seems")


@dataclass(frozen=True)
class Frame:
    """The year an article is written for, and where that year came from."""

    year: int
    source: str


def frame_year(document: Document) -> Frame | None:
    """The document's time frame: front matter date, else the title, else a dominant year."""
    dated = [year for key in _FRAME_KEYS if (year := _year_of(document.front_matter.get(key)))]
    if dated:
        return Frame(max(dated), "front matter date")
    for title in _titles(document):
        years = [int(span.text) for span in iter_matches(YEAR_RE, title)]
        if years:
            return Frame(max(years), "title")
    # The years of every block, in order, found in the blocks' text joined by line breaks
    # at once: a line break before or after a block's text is, to YEAR_RE's look-behind
    # and look-ahead, what nothing is (no word character, sign or digit).
    counts = Counter(map(int, YEAR_RE.findall(block_texts(document))))
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return Frame(ranked[0][0], "most frequent year in the text")
    return None


def _year_of(value: object) -> int | None:
    year = getattr(value, "year", None)  # date or datetime from YAML
    if isinstance(year, int):
        return year
    match = _DATE_YEAR_RE.search(str(value)) if isinstance(value, str | int) else None
    return int(match.group()) if match else None


def _titles(document: Document) -> Iterator[str]:
    title = document.front_matter.get("title")
    if isinstance(title, str):
        yield title
    if document.title:
        yield document.title
    headings = document.headings()
    first_h1 = next((block for block in headings if block.level == 1), None)
    if first_h1 is not None:
        yield first_h1.text
    elif document.kind == "text" and document.blocks and document.blocks[0].kind == "heading":
        yield document.blocks[0].text  # plain text has no heading levels: its first line


def check_contradicting_year(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags an earlier year used as current in a later article ("hire in 2025" in 2026).
    Typical hits: "hire machine learning engineers in 2025" or "the 2025 market"
    inside a 2026 article.

    The frame year comes from the front matter (`date`, `lastmod`, `updated`), else the
    title (front matter title, `<title>` or the first H1), else the year the text
    mentions most (at least three times and twice as often as any other). A year up to
    five years before the frame is flagged unless its sentence marks it as past:
    a past-tense verb within six words ("In 2019, he launched", "was founded in 2010"),
    a preposition of time or comparison just before it ("since 2019", "between 2018
    and 2020", "compared with 2024"), "ago" or "previously" next to it, a dated source
    ("the 2025 survey", "according to ...", "(Smith, 2025)", a link), or a neighbouring
    year (a range such as "2024-2025", or a list). Later years are forecasts
    ("by 2030") and never flagged. In plain text the first line, if it is a heading,
    is the title.

    Why it matters:
    A stale year is the tell-tale of an article refreshed in a hurry: it tells readers
    and search engines that the advice is out of date, and it contradicts the year in
    the title.

    Example:
    In "The Best ML Roles in 2026", "you must hire engineers in 2025" is flagged;
    "In 2015, Mat joined the firm" and "demand has doubled since 2019" are not.
    """
    frame = frame_year(document)
    if frame is None:
        return
    holding = stale_year_texts(document, frame.year)
    for block in document.blocks:
        # Sentences start and end beside whitespace, so the years of the whole text are
        # those of its sentences: most blocks have none to judge and are never split.
        if block.text not in holding:
            continue
        stale = [year for year in iter_matches(YEAR_RE, block.text)
                 if frame.year - _STALE_WINDOW <= int(year.text) < frame.year]
        if not stale:
            continue
        links = sorted((link.start, link.end) for link in block.links)
        spans = sentences(block.text)
        sentence_starts = [sentence.start for sentence in spans]
        for year in stale:
            sentence = spans[bisect.bisect_right(sentence_starts, year.start) - 1]
            according = sentence.text.lower().find("according")
            cited_from = sentence.start + according if according >= 0 else len(block.text)
            if cited_from < year.start or _in_link(links, year.start):
                continue
            tokens = sentence_words(block.text, sentence)
            index = bisect.bisect_right([token.start for token in tokens], year.start) - 1
            if _reads_as_past(block.text, tokens, index, year.start):
                continue
            yield Hit(block, year.start, year.end,
                      f"{year.text} reads as current in a {frame.year} article (year from the "
                      f"{frame.source}); update it, or make the past reference explicit")


def stale_year_texts(document: Document, frame: int) -> set[str]:
    """The block texts holding, as text, a year up to _STALE_WINDOW before ``frame``: the
    only ones where a year can be stale (YEAR_RE's four digits are the year's number as
    str() writes it). Each of the five looked for in all the blocks at once, in C: most
    blocks of a page have a "20" ("2026"), and a year search in each, with a span made
    for every year it found, was most of the rule."""
    return joined_blocks(document).matching(_stale_years_re(frame))


@lru_cache(maxsize=16)
def _stale_years_re(frame: int) -> re.Pattern[str]:
    """The years up to _STALE_WINDOW before ``frame``, as text: re takes their common
    opening ("202" of 2021-2025) out, and skips to it in one scan of a page's text, where
    a search for each year read the whole text (~90 K instructions a page for five)."""
    return re.compile("|".join(str(year) for year in range(frame - _STALE_WINDOW, frame)))


def _in_link(links: list[tuple[int, int]], offset: int) -> bool:
    index = bisect.bisect_right(links, offset, key=lambda link: link[0]) - 1
    return index >= 0 and links[index][0] <= offset < links[index][1]


def _reads_as_past(text: str, tokens: Sequence[Span], index: int, start: int) -> bool:
    """Whether the year at ``start``, inside ``tokens[index]``, is marked as past or cited."""
    window = tokens[max(index - _CUE_WINDOW, 0):index + 1 + _CUE_WINDOW]
    before = [token.text.lower() for token in tokens[max(index - _CUE_WINDOW, 0):index]]
    after = [token.text.lower() for token in tokens[index + 1:index + 1 + _CUE_WINDOW]]
    end = start + 4
    in_citation = text[end:end + 1] == ")" or (start > 0 and text[start - 1] in "(©")
    ends_range = start > 1 and text[start - 1] in "-–/" and text[start - 2].isdigit()
    return (
        in_citation
        or ends_range
        or any(word in _PAST_MARKERS_BEFORE for word in before[-3:])
        or any(word in _PAST_ADVERBS for word in before + after)
        or any(word in _CITED_SOURCES for word in after[:3])
        or any(YEAR_RE.fullmatch(word) for word in before[-2:] + after[:2])
        or _has_past_verb(window)
    )


def _has_past_verb(window: Sequence[Span]) -> bool:
    lowered = [token.text.lower() for token in window]
    for position, word in enumerate(lowered):
        if word in _IRREGULAR_PAST:
            return True
        previous = lowered[position - 1] if position else ""
        if (len(word) >= 5 and word.endswith("ed") and not word.endswith("eed")
                and word not in _ED_NOT_PAST and previous not in _PRESENT_AUXILIARIES):
            return True
    return False


def check_unanchored_relative_date(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags "this year", "recently" and other relative dates in a sentence with no year.
    The phrases: "this/last/next/past year, month, quarter or week", "recently",
    "currently", "right now", "these days", "nowadays".

    Why it matters:
    An article is read for years after it is published. "Last year" means nothing to a
    reader who cannot tell when "this year" was, and "currently" silently goes stale.

    Example:
    "Demand for MLOps engineers doubled last year." is flagged; "Demand for MLOps
    engineers doubled in 2025." and "Last year (2025), demand doubled." are not.
    """
    candidates = relative_texts(joined_blocks(document), partial(words_in, document))
    for block in document.blocks:
        if block.text not in candidates:
            continue
        for sentence in sentences(block.text):
            if YEAR_RE.search(sentence.text):
                continue
            for phrase in iter_matches(_RELATIVE_DATE_RE, sentence.text):
                start = sentence.start + phrase.start
                yield Hit(block, start, start + len(phrase.text),
                          f'"{phrase.text}" has no year to anchor it; name the year or the '
                          f'date ("as of March 2026")')


RULES: tuple[Rule, ...] = (
    Rule("CD301", "contradicting-year", Severity.WARNING, check_contradicting_year),
    Rule("CD302", "unanchored-relative-date", Severity.INFO, check_unanchored_relative_date),
)
