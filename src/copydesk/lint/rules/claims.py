"""CD2xx: claims and sources — numbers and attributions a reader cannot check.

A *source* for a sentence is a link or a citation marker in it (``Block.links``,
``Block.citations``), or a textual citation: "(Source: …)", "Source:", "according to
<Name>", "<Name> reports/found/estimates", "(Smith, 2023)", a bare URL, a footnote
reference "[^1]" or a numeric citation "[1]". The last few also cover Markdown link
syntax that the plain-text reader leaves in the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from copydesk.lint.document import Block, Document, cached_attribute
from copydesk.lint.finding import Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.rules._words import (
    indexed_words,
    words_in,
)
from copydesk.lint.scanning import (
    AnchoredPattern,
    CharAnchoredPattern,
    JoinedTexts,
    WordAnchoredPattern,
    joined_blocks,
)
from copydesk.lint.text import (
    Scannable,
    Span,
    find_words,
    lower_case,
    may_contain,
    sentences,
)

# Textual links: a bare URL, or Markdown link syntax the plain-text reader leaves in place.
_TEXT_LINK_RE = re.compile(r"https?://\S|\[[^\[\]\n]{1,200}\]\([^()\s]{1,300}\)")
_TEXT_SOURCE_RE = re.compile(
    r"\b(?i:sources?)\s?:|\(\s?(?i:via|data|citation)\s?:"
    r"|\b(?i:according\s+to)\s+(?:the\s+|an?\s+)?(?:\d{4}\s+)?"
    r"(?!(?:Our|We|My|Your|Their|Its|Recent|Some|Many|Most)\b)[A-Z]"
    r"|\([A-Z][\w'’\-]{1,30}(?:\s(?:et\s+al\.?|and|&)[\w'’\-. ]{0,40})?,\s?\d{4}[a-z]?\)"
    r"|\[\^[^\]\s]{1,20}\]|\[\d{1,3}\]"
)


_TEXT_SOURCE_SCAN = WordAnchoredPattern(_TEXT_SOURCE_RE, ("source", "(", "according", "["))


def _may_link(text: str) -> bool:
    return "://" in text or "](" in text  # one is in every match of _TEXT_LINK_RE


def _may_cite(text: str) -> bool:
    """False only for text _TEXT_SOURCE_RE cannot match: a bracket or one of its words."""
    return "(" in text or "[" in text or may_contain(text, ("source", "according"))


_REPORT_VERB_RE = re.compile(
    r"\b(?:reports?|reported|found|finds|estimates?|estimated|says|said|notes|noted"
    r"|predicts|predicted|forecasts|surveyed|shows|showed|reveals|revealed)\b"
)
# The verbs, each whole in a match: a block is searched only for those its document holds.
_REPORT_VERBS = indexed_words(
    "report", "reports", "reported", "found", "finds", "estimate", "estimates", "estimated",
    "says", "said", "notes", "noted", "predicts", "predicted", "forecasts", "surveyed", "shows",
    "showed", "reveals", "revealed")


def _verb_scan(held: frozenset[str]) -> Scannable | None:
    """_REPORT_VERB_RE, tried where one of ``held`` (of _REPORT_VERBS: those a document
    holds) begins; None when it holds none."""
    return WordAnchoredPattern(_REPORT_VERB_RE, tuple(sorted(held))) if held else None

# Capitalised words that open sentences or name no one in particular.
_NOT_NAMES = frozenset({
    "our", "we", "my", "your", "their", "the", "this", "that", "these", "those", "it", "they",
    "he", "she", "i", "a", "an", "in", "as", "most", "many", "some", "one", "recent", "new",
    "studies", "study", "research", "experts", "expert", "data", "analysis", "surveys",
    "survey", "reports", "report", "analysts", "internal", "companies", "people", "employers",
    "recruiters", "candidates", "teams", "managers", "organisations", "organizations", "firms",
    "hiring", "industry", "market", "global", "average", "salary", "salaries", "demand",
    "growth", "external", "independent", "customer", "customers", "clients", "users", "job",
    "figure", "table", "chart", "graph", "exhibit", "researchers", "scientists", "economists",
    "authors", "respondents", "participants", "leaders", "executives", "engineers",
    "developers",
})
_FIRST_PERSON = frozenset({"our", "we", "my", "us", "i"})


def _names_a_reporter(text: str, verb: re.Match[str]) -> bool:
    """"LinkedIn found", "The Bureau of Labor Statistics estimates", not "our team found"."""
    window = text[max(0, verb.start() - 80):verb.start()]
    sentence_start = max(window.rfind(". "), window.rfind("! "), window.rfind("? ")) + 1
    # Not words(): a cached split of every such window would crowd the blocks' out.
    before = find_words(window[sentence_start:])
    if any(word.lower() in _FIRST_PERSON for word in before):
        return False
    return any(word[:1].isupper() and word.lower() not in _NOT_NAMES for word in before[-6:])


def _any_between(offsets: tuple[int, ...], start: int, end: int) -> bool:
    """Whether sorted ``offsets`` holds one in ``start``..``end`` (end exclusive)."""
    index = bisect.bisect_left(offsets, start)
    return index < len(offsets) and offsets[index] < end


@dataclass(frozen=True)
class _Sources:
    """Where sources sit in one block, as sorted offsets, found kind by kind as they are
    asked for: links first (alone, for CD203), then citation markers, textual citations
    and reporting verbs (``verbs``: the scan for those the document holds). A statistic
    mostly has a link or a marker in its sentence: the textual scans, most of what a
    block's sources cost, are then never made."""

    block: Block
    verbs: Scannable | None

    @cached_attribute
    def links(self) -> tuple[int, ...]:
        text = self.block.text
        links = {offset for link in self.block.links for offset in (link.start, link.end - 1)}
        if _may_link(text):
            links.update(match.start() for match in _TEXT_LINK_RE.finditer(text))
        return tuple(sorted(links))

    @cached_attribute
    def markers(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.block.citations)))

    @cached_attribute
    def citations(self) -> tuple[int, ...]:
        text = self.block.text
        if not _may_cite(text):
            return ()
        return tuple(match.start() for match in _TEXT_SOURCE_SCAN.finditer(text))

    @cached_attribute
    def reporters(self) -> tuple[int, ...]:
        text = self.block.text
        if self.verbs is None:
            return ()
        return tuple(verb.start() for verb in self.verbs.finditer(text)
                     if _names_a_reporter(text, verb))

    def between(self, start: int, end: int, links_only: bool) -> bool:
        """Whether a source (only a link, with ``links_only``) sits in ``start``..``end``."""
        if _any_between(self.links, start, end):
            return True
        return not links_only and (_any_between(self.markers, start, end)
                                   or _any_between(self.citations, start, end)
                                   or _any_between(self.reporters, start, end))


@dataclass(frozen=True)
class _BlockClaims:
    """A block's sentences, each with its region (up to the next sentence, so a marker
    after the full stop counts), and its sources."""

    starts: tuple[int, ...]
    region_ends: tuple[int, ...]
    sources: _Sources

    @classmethod
    def of(cls, block: Block, verbs: Scannable | None) -> _BlockClaims:
        starts = tuple(span.start for span in sentences(block.text))
        return cls(starts, (*starts[1:], len(block.text) + 1), _Sources(block, verbs))

    def sentence_at(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def supported(self, index: int, links_only: bool) -> bool:
        return self.sources.between(self.starts[index], self.region_ends[index], links_only)


def _unsupported(document: Document, patterns: Mapping[str, Scannable],
                 *, next_counts: bool = False,
                 links_only: bool = False) -> Iterator[tuple[Block, re.Match[str]]]:
    """Matches whose sentence (or, with ``next_counts``, the sentence after it, in reading
    order) has no source. ``patterns`` holds the pattern for each block text that a quick
    look (made for all the blocks at once) lets through; the others are not searched:
    the patterns have many alternatives, and scanning every block was most of their
    cost. Blocks without a match are never split or searched for sources, which keeps
    long documents cheap. A dict lookup per block, not a call: a page has some forty
    blocks, and asking a function about each was most of the rule on most pages."""
    if not patterns:
        return
    blocks = document.blocks
    analysed: dict[int, _BlockClaims] = {}
    verbs = None if links_only else _verb_scan(words_in(document, _REPORT_VERBS))

    def claims(position: int) -> _BlockClaims:
        if position not in analysed:
            analysed[position] = _BlockClaims.of(blocks[position], verbs)
        return analysed[position]

    def next_supported(position: int, index: int) -> bool:
        if index + 1 < len(claims(position).starts):
            return claims(position).supported(index + 1, links_only)
        following = position + 1
        return (following < len(blocks) and bool(claims(following).starts)
                and claims(following).supported(0, links_only))

    for position, block in enumerate(blocks):
        pattern = patterns.get(block.text)
        if pattern is None:
            continue
        for match in pattern.finditer(block.text):
            index = claims(position).sentence_at(match.start())
            if claims(position).supported(index, links_only):
                continue
            if not (next_counts and next_supported(position, index)):
                yield block, match


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY = (rf"(?:[$£€¥]|\b(?:USD|GBP|EUR)\s)\s?(?:{_NUM})"
          r"(?:\s?(?:k|m|bn|million|billion|thousand|trillion)\b)?")
_SMALL = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|a hundred)"
# Numeric forms share one number prefix and word forms one "\b", so each text position
# is tried once per family rather than once per alternative.
_NUMERIC_STATISTIC = (
    rf"{_MONEY}(?:\s?(?:-|–|—|to|and)\s?{_MONEY})?"
    rf"|(?<![\w.$£€¥])(?:{_NUM})(?:"
    r"\s?(?:USD|GBP|EUR|dollars|pounds|euros)\b"
    rf"|(?:\s?%)?(?:\s?(?:-|–|to)\s?(?:{_NUM}))?\s?(?:%|percent\b|per cent\b"
    r"|percentage points?\b)"
    r"|(?:(?-i:x)|\s?×)(?!\w))"  # "802.1X" is a name, "3x" a multiplier
)
_WORDED_STATISTIC = (
    r"\b(?:(?:\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten)\s+times\s+"
    r"(?:more|less|fewer|as|higher|lower|faster|slower|greater|larger|bigger|longer|the)\b"
    r"|twice\s+as\b"
    rf"|{_SMALL}\s+(?:in|out\s+of)\s+(?:every\s+)?{_SMALL}(?![\d,])\b"
    r"|(?:doubled|tripled|trebled|quadrupled|halved)\b(?!\s+down))"
)
_STATISTIC_RE = re.compile(f"{_NUMERIC_STATISTIC}|{_WORDED_STATISTIC}", re.IGNORECASE)
# The worded forms cost most of a scan and are rare: text where they cannot match is
# scanned without them, which finds the same matches.
_NUMERIC_STATISTIC_RE = re.compile(_NUMERIC_STATISTIC, re.IGNORECASE)
# A numeric statistic starts at a digit or a currency sign, or at a currency code (rare);
# never at a digit after another (the look-behind), so a run of digits is tried once.
_NUMERIC_STATISTIC_SCAN = AnchoredPattern(_NUMERIC_STATISTIC_RE, re.compile(r"[\d$£€¥]\d*"))
# The same starts in ASCII text, where \d is [0-9] and no other sign occurs: found by a
# str.find for each of the eleven characters. At a digit, the number (digits, commas and
# points) is followed, after one white space at most, by what opens a currency, a percent,
# a range or a multiplier: a year or a count followed by a word ("2026 guide") fails there
# at once, where the pattern's try failed in ~7 K instructions (a page has some ten).
_NUMERIC_LEAD_RE = re.compile(r"[0-9.,]*\s?[%\-–×xUuGgEeDdPpTt]")
_ASCII_NUMERIC_STATISTIC_SCAN = CharAnchoredPattern(_NUMERIC_STATISTIC_RE, "$0123456789",
                                                    "0123456789", _NUMERIC_LEAD_RE)
_CURRENCY_CODES = ("usd", "gbp", "eur")
_DIGIT_RE = re.compile(r"\d")
_ASCII_DIGITS = "0123456789"
_STATISTIC_WORDS = ("times", "twice", "doubled", "tripled", "trebled", "quadrupled", "halved")
_STATISTIC_WORD_SET = indexed_words(*_STATISTIC_WORDS)  # each whole in a match
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "hundred")
_NUMBER_WORD_SET = indexed_words(*_NUMBER_WORDS)  # whole in "one in five", "a hundred"
_OUT = indexed_words("out")  # whole in "one out of ten"
# "<number> in " and "<number> out " read backwards (see _has_in_cue); \d is what
# str.isdecimal calls a digit.
_REVERSED_NUMBER = "|".join(["\\d", *(word[::-1] for word in _NUMBER_WORDS)])
_REVERSED_IN_CUE = re.compile(f" ni +(?:{_REVERSED_NUMBER})")
_REVERSED_OUT_CUE = re.compile(f" tuo +(?:{_REVERSED_NUMBER})")
# What \s matches besides " " (str.isspace and re ask one table; none is above U+3000).
_OTHER_SPACES = tuple(chr(code) for code in range(0x3001) if chr(code).isspace() and code != 32)


def _has_digit(text: str) -> bool:
    """Whether ``text`` has a digit (re's ``\\d``); ASCII text is searched for each of the
    ten in C, several times faster than re tries every position."""
    if text.isascii():
        return any(map(text.__contains__, _ASCII_DIGITS))
    return _DIGIT_RE.search(text) is not None


def _has_in_cue(lowered: str, out: bool = True) -> bool:
    """Whether ``lowered`` (``lower_case`` of a text) has a digit or a number word, then
    whitespace, then "in" or "out", then whitespace: what "1 in 5" and "one out of ten"
    need. ``out`` False: the text holds no word "out" (the second search is skipped).

    Searched backwards, in the reversed text, where each pattern opens with a literal
    (" ni", " tuo") that re skips to in C: forwards, a pattern opens with the number, a
    character class re tries at every digit and letter of it, and looking around each
    " in" in Python (a few dozen a post) took twice as long as the reversed search.
    """
    # Whitespace made " " by a replace per kind the text has: str.translate looks up each
    # character, 5 (ASCII) to 100 times as long on a page's text (13,000 characters).
    spaced = lowered
    for space in _OTHER_SPACES:
        if space in spaced:
            spaced = spaced.replace(space, " ")
    backwards = spaced[::-1]
    return (_REVERSED_IN_CUE.search(backwards) is not None
            or (out and _REVERSED_OUT_CUE.search(backwards) is not None))


def _may_be_worded(text: str) -> bool:
    """False only for text where the worded statistics ("three times more", "twice as",
    "one in five", "doubled") cannot match."""
    return may_contain(text, _STATISTIC_WORDS) or _may_be_in_cue(text, lower_case(text))


def _may_be_in_cue(text: str, lowered: str, out: bool = True) -> bool:
    """False only for text where "1 in 5" and "one out of ten" cannot match; ``lowered``
    is ``lower_case(text)``; ``out`` as for _has_in_cue."""
    return ((_has_digit(text) or any(map(lowered.__contains__, _NUMBER_WORDS)))
            and _has_in_cue(lowered, out))


def _statistic_pattern(text: str) -> Scannable | None:
    """The pattern that finds the statistics of ``text``: None when it holds none for
    certain (no digit, none of the words), the numeric forms alone when the worded ones
    cannot match."""
    return _STATISTIC_RE if _may_be_worded(text) else _numeric_pattern(text)


def _numeric_pattern(text: str) -> Scannable | None:
    return _numeric_scan(text) if _has_digit(text) else None


def _numeric_scan(text: str) -> Scannable:
    """The numeric forms' pattern for ``text``, which has a digit."""
    if may_contain(text, _CURRENCY_CODES):
        return _NUMERIC_STATISTIC_RE
    return _ASCII_NUMERIC_STATISTIC_SCAN if text.isascii() else _NUMERIC_STATISTIC_SCAN


def _statistic_patterns(document: Document) -> dict[str, Scannable]:
    """The pattern for each block text that may hold a statistic: _statistic_pattern, or
    the numeric forms alone, for the texts with a digit, when the whole document rules the
    worded ones out: asked once, rather than for every block (statistics in words are
    rare, and the question is most of the cost of a block without a digit)."""
    texts = joined_blocks(document)
    # The words of the other forms, each whole in a match ("\b" or a space on either
    # side), asked of the document's word index rather than searched for in its text.
    if words_in(document, _STATISTIC_WORD_SET):
        return _each_statistic_pattern(texts)
    digits = _digit_texts(texts)
    if _may_hold_in_cue(document, texts, digits):
        return _each_statistic_pattern(texts)
    # Each text with a digit, without asking again whether it has one.
    return {text: _numeric_scan(text) for text in digits}


def _each_statistic_pattern(texts: JoinedTexts) -> dict[str, Scannable]:
    return {text: pattern for text in texts.texts
            if (pattern := _statistic_pattern(text)) is not None}


def _may_hold_in_cue(document: Document, texts: JoinedTexts, digits: set[str]) -> bool:
    """False only for a document (its blocks ``texts``, ``digits`` those with a digit)
    where "1 in 5" and "one out of ten" cannot match: the number opening a match is a
    digit or a whole number word, so only the texts with a digit or one of the number
    words the document holds (its word index tells) are searched for the cue, joined:
    searching the whole text read and reversed some 7,000 characters a page, where
    those texts hold some 2,000. A document without the word "out" (its index tells) is
    not searched for "<number> out"."""
    numbers = words_in(document, _NUMBER_WORD_SET)
    held = digits | texts.containing(numbers) if numbers else digits
    if not held:
        return False
    # Joined by a full stop, not white space: a byline's closing year and a paragraph's
    # opening "In" would make a cue of two texts that are not neighbours on the page.
    return _has_in_cue(".".join([lower_case(text) for text in texts.texts if text in held]),
                       bool(words_in(document, _OUT)))


def _digit_texts(texts: JoinedTexts) -> set[str]:
    """The texts (a document's blocks) that ``_has_digit``: each ASCII digit looked for in
    all of them at once (at memory speed, in the lowered text CD202 and CD302 share), and
    a text outside ASCII asked on its own for the others. A few blocks of a page have a
    digit; ten searches of each block took twice as long."""
    found = texts.containing(_ASCII_DIGITS)
    return found | {text for text in texts.texts
                    if text not in found and not text.isascii() and _DIGIT_RE.search(text)}


def _is_idiom(text: str, span: Span) -> bool:
    """A bare "100%" ("100% committed") is emphasis, not a measurement."""
    if span.text.replace(" ", "") not in ("100%", "100percent"):
        return False
    following = text[span.end:span.end + 12].split()
    return not following or following[0] != "of" or (
        len(following) > 1 and following[1].lower() in ("your", "my", "our", "their"))


def check_unsourced_statistic(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Finds statistics with no source in the same sentence or the next.
    Statistics are percentages, money amounts and ranges, multipliers ("3x", "three times
    more"), "N in M" and "doubled"; each one is its own finding.

    Why it matters:
    An unsourced number is the first thing a sceptical reader, an editor or a search
    quality rater distrusts; a number with a source is the reason to read the article.
    A source is a link, a footnote or citation marker, "(Source: …)", "according to
    <Name>" or "<Name> reports/found/estimates". Years, dates, versions, step numbers and
    "24/7" are not statistics.

    Example:
    "RAG now appears in 65% of LLM job listings." — cite it: "… listings, according to
    [LinkedIn's 2026 Jobs Report](https://…)."
    """
    for block, match in _unsupported(document, _statistic_patterns(document), next_counts=True):
        span = Span(match.start(), match.end(), match.group())
        if not _is_idiom(block.text, span):
            yield Hit(block, span.start, span.end,
                      f"'{span.text}' has no source in this sentence or the next; cite it "
                      "with a link, a footnote or '(Source: …)'")


_VAGUE_RE = re.compile(
    r"\b(?:our|my|internal|proprietary)\s+(?:[\w\-]+\s+){0,6}?(?:data|analysis|research"
    r"|survey|surveys|study|studies|findings|numbers|figures|insights?|experience)\s+"
    r"(?:(?:consistently|clearly|also|often|repeatedly|now)\s+)?(?:shows?|showed|suggests?"
    r"|suggested|finds|found|indicates?|reveals?|revealed|confirms?|proves?)\b"
    r"|\b(?:recent\s+)?(?:studies|research|surveys|reports|analysts|experts|statistics|the\s+data)"
    r"\s+(?:have\s+|has\s+)?(?:shows?|shown|suggests?|say|says|agree|indicates?|confirms?"
    r"|proves?|proven|predict|believe)\b"
    r"|\bit(?:\s+is|['’]s)\s+(?:widely|commonly|generally|well)\s+(?:known|accepted|believed|agreed"
    r"|understood)\b|\bit\s+has\s+been\s+(?:shown|reported|proven)\b"
    r"|\bmany\s+(?:[a-z]+\s+)?(?:believe|agree|say|think)\b|\bsome\s+say\b"
    r"|\baccording\s+to\s+(?:our|internal|an?|recent|some|many|one)\s+(?:[\w\-]+\s+){0,4}?"
    r"(?:data|analysis|research|survey|surveys|study|studies|findings|numbers|figures"
    r"|experience|experts|analysts|reports?)\b",
    re.IGNORECASE,
)


# Every match of _VAGUE_RE holds one of its verbs and one of the words that name who says
# it ("according" is both), each a whole word ("\b" or a space on either side).
_VAGUE_VERBS = indexed_words(
    "show", "shows", "showed", "shown", "suggest", "suggests", "suggested", "finds", "found",
    "indicate", "indicates", "reveal", "reveals", "revealed", "confirm", "confirms", "prove",
    "proves", "proven", "say", "says", "agree", "agreed", "predict", "believe", "believed",
    "known", "accepted", "understood", "reported", "think", "according")
_VAGUE_SAYERS = indexed_words(
    "our", "my", "internal", "proprietary", "studies", "research", "surveys", "reports",
    "analysts", "experts", "statistics", "data", "it", "many", "some", "according")


# Every match begins with one of these words (case aside), whole.
_VAGUE_OPENERS = indexed_words(
    "our", "my", "internal", "proprietary", "recent", "studies", "research", "surveys",
    "reports", "analysts", "experts", "statistics", "the", "it", "many", "some", "according")


# The words that end a match opening with "it" ("it is widely known", "it has been
# shown"), each whole: without one of them, no match opens there.
_IT_VERBS = frozenset({"known", "accepted", "believed", "agreed", "understood", "shown",
                       "reported", "proven"}) & _VAGUE_VERBS


def _vague_openers(document: Document, verbs: frozenset[str],
                   sayers: frozenset[str]) -> frozenset[str]:
    """Those of _VAGUE_OPENERS a match may open with in the document: held by it, less
    "the" without "data" (it opens only "the data shows") and "it" without one of
    _IT_VERBS. Both are in most blocks, inside other words too ("other", "with"), and
    trying the pattern at each was most of the rule's time."""
    openers = words_in(document, _VAGUE_OPENERS)
    if "data" not in sayers:
        openers -= {"the"}
    if not verbs & _IT_VERBS:
        openers -= {"it"}
    return openers


def _vague_patterns(texts: JoinedTexts, verbs: Iterable[str], sayers: Iterable[str],
                    openers: frozenset[str]) -> dict[str, Scannable]:
    """The pattern for each of ``texts`` (a document's blocks) where it may match, not
    without one of ``verbs`` and one of ``sayers`` (those of _VAGUE_VERBS and
    _VAGUE_SAYERS that the document holds). The verbs are asked of the whole document at
    once: most blocks have none. The pattern is tried where one of ``openers`` (those of
    _VAGUE_OPENERS the document holds) begins: a block was searched for all seventeen,
    most of the rule's time."""
    with_verbs = texts.containing(verbs)
    scan = WordAnchoredPattern(_VAGUE_RE, tuple(sorted(openers)))
    return {text: scan for text in with_verbs if may_contain(text, sayers)}


def _reference_patterns(texts: JoinedTexts) -> dict[str, Scannable]:
    """The pattern for each of ``texts`` (a document's blocks) that holds "our", asked of
    all the texts at once (a substring test of each block cost more than the rule)."""
    return dict.fromkeys(texts.containing(("our",)), _REFERENCE_SCAN)


def check_vague_attribution(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Finds claims credited to no one in particular, such as "our data shows".
    Also "our … market analysis consistently shows", "studies show", "experts say",
    "research suggests", "it is widely known", "many believe" — when the same sentence has
    no link or citation.

    Why it matters:
    Vague attribution borrows authority it cannot show; readers and editors read it as
    "trust me". Name the data (what, whose, when) and link it, or state the claim as opinion.

    Example:
    "In 2026, our data shows a huge increase in requests." — "Requests for LLM specialists
    rose 40% in 2026 across our 300 open roles ([method](…))."
    """
    # Which of the words the document holds, asked of its word index: most pages hold a
    # few of the verbs, and each verb searched for in the text cost 5 µs.
    verbs, sayers = words_in(document, _VAGUE_VERBS), words_in(document, _VAGUE_SAYERS)
    if not (verbs and sayers):
        return
    patterns = _vague_patterns(joined_blocks(document), verbs, sayers,
                               _vague_openers(document, verbs, sayers))
    for block, match in _unsupported(document, patterns):
        yield Hit(block, match.start(), match.end(),
                  f"'{match.group()}' credits a claim to an unnamed source; name and link "
                  "the data (whose, what, when) or cut the claim")


_QUALIFIER = (r"(?:previous|recent|latest|earlier|last|other|dedicated|full|complete|detailed"
              r"|new|annual|quarterly|monthly|weekly|\d{4})")
_NOUN_ONLY = (r"(?:blog|articles?|whitepapers?|white\s+papers?|e-?books?|case\s+stud(?:y|ies)"
              r"|write-ups?|webinars?|podcasts?|checklists?)")
# "our blog discussing …", "our 2026 salary guide", "our previous post". "guide", "report"
# and "post" are verbs too ("our clients report", "our team guides you"), so after "our"
# they need no word in between or a qualifier first; a bare "our post" is not matched.
_REFERENCE_RE = re.compile(
    rf"\bour\s+(?:blog\s+posts?|(?:{_QUALIFIER}\s+)?(?:[\w\-]+\s+)?{_NOUN_ONLY}"
    rf"|(?:{_QUALIFIER}\s+(?:[\w\-]+\s+)?)?(?:guides?|reports?)"
    rf"|{_QUALIFIER}\s+(?:[\w\-]+\s+)?posts?)"
    r"\b(?:\s+(?:on|about|discussing|covering|explaining|into|titled|called|for|where|to)\b"
    r"[^.,;:!?()\n]{0,60})?",
    re.IGNORECASE,
)
_REFERENCE_SCAN = WordAnchoredPattern(_REFERENCE_RE, ("our",))  # every match opens with it
_REFERENCE_WORDS = indexed_words("our")  # whole in every match


def check_unlinked_reference(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Finds references to your own content ("our blog discussing …") with no link.
    Also "our guide on …", "our 2026 salary report", "our previous post"; a link in the
    same sentence settles it.

    Why it matters:
    The reader is sent to a page they cannot reach, and the site loses an internal link
    that would help both navigation and search.

    Example:
    "…as outlined in our blog discussing semiconductor funding." — link it: "…in [our
    post on semiconductor funding](/blog/semiconductor-funding/)."
    """
    # Most pages never say "our": asked of the word index, they are done.
    if not words_in(document, _REFERENCE_WORDS):
        return
    patterns = _reference_patterns(joined_blocks(document))
    for block, match in _unsupported(document, patterns, links_only=True):
        phrase = match.group().rstrip()
        yield Hit(block, match.start(), match.start() + len(phrase),
                  f"'{phrase}' refers the reader to your own content without a link; "
                  "link the page")


RULES: tuple[Rule, ...] = (
    Rule("CD201", "unsourced-statistic", Severity.ERROR, check_unsourced_statistic),
    Rule("CD202", "vague-attribution", Severity.WARNING, check_vague_attribution),
    Rule("CD203", "unlinked-reference", Severity.WARNING, check_unlinked_reference),
)
