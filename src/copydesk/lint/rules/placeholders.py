"""CD1xx: placeholders and template residue — text that was never meant to be published.

Every check reads ``Block.text`` (and the front matter fields readers see). With the
Markdown reader, inline code is masked and link syntax is reduced to its visible text (the
href goes to ``Block.links``); the plain-text reader keeps both literally, so the checks
also skip backtick spans and Markdown link syntax found in the text itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain

from copydesk.lint.document import Block, Document
from copydesk.lint.finding import Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.rules._surfaces import (
    Excluded,
    code_spans,
    hidden_matches,
    may_hide,
    needles_by_block,
    prose_blocks,
    prose_text,
)
from copydesk.lint.rules._words import block_texts, indexed_words, words_in
from copydesk.lint.scanning import AnchoredPattern, CharAnchoredPattern, texts_matching
from copydesk.lint.text import Span, iter_matches, may_contain, words

_BRACKETED_RE = re.compile(r"\[([^\[\]\n]{1,80})\]|<([^<>\n]{1,80})>")
# Tried where a bracket opens, each found by str.find: re tested every character of a
# block holding one against the two (~70 instructions a character), and a paragraph with
# a statistic holds its citation marker ("56%[1]").
_BRACKETED_SCAN = CharAnchoredPattern(_BRACKETED_RE, "[<", "")
_LINE_START_RE = re.compile(r"\s*(?:[-*+]|\d{1,3}[.)])?\s*")

# Verbs that open an instruction to the writer: "[Insert %]", "<add company name>".
_INSTRUCTION_VERBS = frozenset({
    "insert", "add", "enter", "fill", "replace", "include", "put", "paste", "update", "choose",
    "pick", "write",
})
# Words that alone mark a placeholder wherever they sit inside the brackets.
_MARKER_WORDS = frozenset({
    "tbd", "tbc", "todo", "tk", "placeholder", "url", "urls", "link", "links", "citation",
    "citations", "x", "xx", "xxx", "n", "nn",
})
# Nouns a template leaves for the writer; brackets holding only these (and "your")
# are a placeholder: "[Company Name]", "[your company]", "[Date]", "[source needed]".
_SLOT_WORDS = frozenset({
    "your", "company", "company's", "client", "customer", "name", "first", "last", "full",
    "brand", "product", "date", "year", "number", "title", "image", "photo", "keyword", "cta",
    "author", "city", "location", "email", "phone", "amount", "percentage", "stat", "statistic",
    "figure", "here", "headline", "quote", "job", "role", "salary", "needed", "source",
    "business", "website", "industry", "contact", "details", "organisation", "organization",
})
_TASK_BOXES = frozenset({" ", "x", "X"})


@lru_cache(maxsize=256)
def _is_placeholder_content(content: str, angle: bool) -> bool:
    tokens = [word.text.lower() for word in words(content)]
    if not tokens:
        return "%" in content
    if tokens[0] in _INSTRUCTION_VERBS:
        return True
    has_digit = any(char.isdigit() for char in content)
    # Capitals and one-letter markers mean something else beside digits or as single
    # letters: "[RFC 7540]", "<T, P>", "[12.x, 14.x]".
    capital_words = [token for token in tokens if token.isalpha() and len(token) >= 2]
    all_caps = content.isupper() and len(capital_words) >= 2 and not has_digit
    all_slots = all(token in _SLOT_WORDS for token in tokens)
    # "[Consultant Name]", "[Client Logo Here]": a short Title Case label naming a slot.
    slot_label = (len(tokens) <= 4 and any(token in _SLOT_WORDS for token in tokens)
                  and all(word[:1].isupper() for word in content.split()))
    if angle:  # a single word in angle brackets is too often an HTML tag: <title>, <source>
        return all_caps or (all_slots and len(tokens) >= 2)
    has_marker = any(token in _MARKER_WORDS and (len(token) > 2 or not has_digit)
                     for token in tokens)
    bare_percent = "%" in content and not has_digit
    return has_marker or bare_percent or all_caps or all_slots or slot_label


def _is_markdown_syntax(text: str, match: re.Match[str]) -> bool:
    """Link text, reference links and definitions, footnotes, wiki links, task boxes."""
    start, end = match.span()
    content = match.group(1)
    after = text[end:end + 1]
    if after in ("(", "[", ":") or content.startswith("^") or text[start - 1:start].isalnum():
        return True
    if text[start - 1:start] == "[" and after == "]":
        return True  # "[[var]]" is template residue (CD105), not a bracketed instruction
    if content not in _TASK_BOXES:
        return False
    # A task box opens its line after at most a short list marker; look back only that far.
    window_start = max(0, start - 12)
    window = text[window_start:start]
    newline = window.rfind("\n")
    if newline < 0 and window_start > 0:
        return False
    return _LINE_START_RE.fullmatch(window[newline + 1:]) is not None


def _is_angle_placeholder(content: str) -> bool:
    if "=" in content or "://" in content or "@" in content or content.startswith(("/", "!", "?")):
        return False  # an HTML tag, comment, autolink or e-mail address
    return _is_placeholder_content(content, angle=True)


def _placeholder_spans(block: Block) -> Iterator[Span]:
    if "[" not in block.text and "<" not in block.text:
        return
    code: Excluded | None = None  # made for a placeholder found: most brackets are none
    for match in _BRACKETED_SCAN.finditer(block.text):
        angle = match.group(2) is not None
        wanted = (_is_angle_placeholder(match.group(2)) if angle
                  else not _is_markdown_syntax(block.text, match)
                  and _is_placeholder_content(match.group(1), angle=False))
        if not wanted:
            continue
        if code is None:
            code = Excluded.of(code_spans(block.text))
        if not code.covers(*match.span()):
            yield Span(match.start(), match.end(), match.group())


def _masked_angle_spans(document: Document, block: Block) -> Iterator[Span]:
    for offset, match in hidden_matches(document, block, _BRACKETED_RE, "<"):
        if match.group(2) is not None and _is_angle_placeholder(match.group(2)):
            yield Span(offset + match.start(), offset + match.end(), match.group())


def check_bracketed_placeholder(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Finds bracketed instructions left for the writer, such as "[Insert %]".
    Also "[INSERT COMPANY NAME]", "[Company Name]", "[link]", "[citation needed]", "[TBC]"
    and "<insert client name>".

    Why it matters:
    A template slot that was never filled tells every reader the page was not checked.
    The content decides: an instruction verb, a slot noun, a marker word or ALL CAPS.
    Markdown link text, footnotes ("[^1]"), task boxes ("[ ]"), numeric citations
    ("[1]") and code are not placeholders.

    Example:
    "As regulations tighten, [Insert %] of enterprises are adding this role." — write the
    figure (with its source) or rewrite the sentence.
    """
    # What both kinds of span need, asked once: most blocks of a page have neither a
    # bracket nor hidden HTML, and starting two scans of each cost more than the rule.
    hidden = may_hide(document, "<")
    for block in prose_blocks(document):
        if not hidden and "[" not in block.text and "<" not in block.text:
            continue
        for span in chain(_placeholder_spans(block), _masked_angle_spans(document, block)):
            yield Hit(block, span.start, span.end,
                      f"'{span.text}' is an unfilled placeholder; replace it with the real "
                      "content or remove it before publishing")


_MASK = r"(?:[Xx]{1,4}|N{1,4})(?:[.,](?:[Xx]{1,4}|N{1,4})){0,3}"
_MASKED_NUMBER_RE = re.compile(
    rf"[$£€¥]\s?{_MASK}(?:k|m|bn|\s(?:million|billion|thousand|trillion))?(?![\w%])"
    rf"|(?<![\w$£€¥.,\-]){_MASK}(?:\s?%|\s(?:percent|per cent)\b"
    r"|\s(?:million|billion|thousand|trillion)\b|(?:k|m|bn)\b)"
    r"|(?<![\w$£€¥.,\-])(?:N{2,4}|X\.X|[Xx]{1,3}(?:,[Xx]{3})+|XX)(?![\w%]|[.,]\w)"
)
# Every match starts at a currency sign, or at an X or an N that no letter, digit, sign
# or separator stands before: the pattern is tried there only. One class first, then the
# look-behind, so that re skips to the next candidate in C (an alternation, or the
# look-behind first, made it try every position).
_MASKED_NUMBER_STARTS = re.compile(r"[XxN$£€¥](?<![\w$£€¥.,\-][XxN])")
_MASKED_NUMBER_SCAN = AnchoredPattern(_MASKED_NUMBER_RE, _MASKED_NUMBER_STARTS)
# Every match holds a whole word (a run of \w, lower case) of one to four Xs or Ns,
# alone or with a "k", "m" or "bn" after it: "XX%", "$X,XXX", "£XXk", "NN".
_MASK_WORDS = indexed_words(*(letter * count + suffix for letter in "xn" for count in range(1, 5)
                              for suffix in ("", "k", "m", "bn")))


_ARTICLES = frozenset({"a", "an", "the"})
# Words that introduce a quantity, so the capital they carry is not a name before a numeral.
_QUANTIFIERS = frozenset({"only", "over", "under", "about", "around", "nearly", "almost",
                          "approximately", "roughly", "some", "just", "top", "than", "by"})


def _previous_word(text: str, start: int) -> str:
    before = text[max(0, start - 40):start].split()
    return before[-1] if before else ""


def _is_masked_number(text: str, span: Span) -> bool:
    previous = _previous_word(text, span.start)
    if span.text in ("NN", "XX") and previous.lower() in _ARTICLES:
        return False  # "a NN model": an abbreviation used as a noun, not a number
    if span.text == "XX":
        following = text[span.end:span.end + 2]
        # A capitalised word before "XX" names something: "Chapter XX", "Super Bowl XX".
        roman = previous[:1].isupper() and previous.lower() not in _QUANTIFIERS
        return not roman and len(following) == 2 and following[0] == " " and (
            following[1].islower() or following[1].isdigit())
    return True


def check_masked_number(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Finds numbers masked with X or N: "XX%", "$X,XXX", "NN", "X.X million", "£XXk".

    Why it matters:
    A masked number is a statistic the writer meant to look up and never did. Words that
    merely contain X ("Xbox", "XML", "Series X") and roman numerals are left alone.

    Example:
    "Salaries rose to $X,XXX this year." — put in the real figure and cite its source.
    """
    blocks = prose_blocks(document)
    # Most pages have no candidate at all: none of the words a match holds, asked of the
    # word index (of the document's blocks; the front matter's are looked at anyway), or
    # else looked for in all the blocks at once.
    searched = blocks if words_in(document, _MASK_WORDS) else blocks[len(document.blocks):]
    candidates = texts_matching([block.text for block in searched], _MASKED_NUMBER_STARTS)
    for block in blocks:
        if block.text not in candidates:
            continue
        code: Excluded | None = None
        for span in iter_matches(_MASKED_NUMBER_SCAN, block.text):
            if not _is_masked_number(block.text, span):
                continue
            if code is None:  # made for the few blocks with a masked number only
                code = Excluded.of(code_spans(block.text))
            if not code.covers(span.start, span.end):
                yield Hit(block, span.start, span.end,
                          f"'{span.text}' is a masked number; replace it with the real figure "
                          "and cite its source")


_MARKER_RE = re.compile(r"(?<![\w$£€¥])(?:TBD|TBC|TODO|FIXME|XXX)(?![\w%]|[.,]\w)|"
                        r"(?<![\w?])\?{3,}")
_MARKERS = ("TBD", "TBC", "TODO", "FIXME", "XXX", "???")  # one is in every match
_UNFINISHED_WORDS = indexed_words("tbd", "tbc", "todo", "fixme", "xxx")  # each whole in a match


def _has_question_run(text: str) -> bool:
    """Whether "???" is in ``text``: each "?" (a few a page, found at memory speed) looked
    at, where a search for three characters reads every character (4 µs a page)."""
    at = text.find("?")
    while at >= 0:
        if text.startswith("??", at + 1):
            return True
        at = text.find("?", at + 1)
    return False


def _markers_held(document: Document) -> tuple[str, ...]:
    """The markers the document's blocks may hold: the words of its word index, in
    capitals, and "???" when its text has one (its front matter is not in the index)."""
    words = sorted(word.upper() for word in words_in(document, _UNFINISHED_WORDS))
    return (*words, "???") if _has_question_run(prose_text(document)) else tuple(words)


def check_unfinished_marker(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Finds the markers writers leave for themselves: TBD, TBC, TODO, FIXME, XXX, "???".

    Why it matters:
    They mean "not finished"; a reader who sees one stops trusting the page. The words
    are matched in capitals only, so "a todo list" in prose passes.

    Example:
    "Launch date: TBD." — give the date or remove the sentence.
    """
    # Most pages: no marker, and no front matter shown to readers: nothing to search.
    for block, markers in needles_by_block(document, _markers_held(document), _MARKERS):
        if not any(marker in block.text for marker in markers):
            continue
        skip = Excluded.of([*code_spans(block.text), *_placeholder_spans(block)])
        for span in iter_matches(_MARKER_RE, block.text):
            previous = _previous_word(block.text, span.start)
            roman = (span.text == "XXX" and previous[:1].isupper()
                     and previous.lower() not in _QUANTIFIERS)
            if not roman and not skip.covers(span.start, span.end):
                yield Hit(block, span.start, span.end,
                          f"'{span.text}' marks unfinished text; finish the passage and "
                          "remove the marker")


_LOREM_RE = re.compile(r"\blorem\s+ipsum\b|\bdolor\s+sit\s+amet\b|\bconsectetur\s+adipiscing\b",
                       re.IGNORECASE)
_LOREM_WORDS = indexed_words("lorem", "dolor", "consectetur")  # each whole in a match


def check_lorem_ipsum(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Finds "lorem ipsum" filler text.

    Why it matters:
    Filler stands in for copy that was never written; published, it is an obvious blunder.

    Example:
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit." — write the real copy.
    """
    present = words_in(document, _LOREM_WORDS)
    for block, needles in needles_by_block(document, present, _LOREM_WORDS):
        if not may_contain(block.text, needles):
            continue
        first = _LOREM_RE.search(block.text)
        if first is not None:  # one finding per block: a filler paragraph is one problem
            yield Hit(block, first.start(), first.end(),
                      f"'{first.group()}' is filler text; replace it with the real copy")


_RESIDUE_RE = re.compile(
    r"\{\{[^{}\n]{0,200}\}\}|\{%[^%\n]{0,200}%\}|\{#[^#\n]{0,200}#\}|<%[^%\n]{0,200}%>"
    r"|%%[A-Za-z_][\w.\-]{0,60}%%|\$\{[A-Za-z_][\w.]{0,60}\}"
    r"|\[\[\s?[A-Za-z_][\w.]{0,60}\s?\]\]"
)
# The openers, one of which starts every match, each after the character of it that prose
# holds least ("{" of "${"): a search for one character runs at memory speed, one for two
# reads the text a character at a time (the seven over a page's prose took 50 µs, and
# almost no page has a "{" or a "<").
_RESIDUE_CUES = (("{", "{{"), ("{", "{%"), ("{", "{#"), ("<", "<%"), ("%", "%%"), ("{", "${"),
                 ("[", "[["))
_RESIDUE_OPENERS = tuple(opener for _, opener in _RESIDUE_CUES)


def _may_have_residue(text: str) -> bool:
    """Whether one of _RESIDUE_OPENERS is in ``text``."""
    return any(cue in text and opener in text for cue, opener in _RESIDUE_CUES)


def check_template_residue(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Finds template syntax that was never rendered, such as "{{ name }}".
    Also "{% if %}", "{# #}", "%%placeholder%%", "${var}", "[[var]]" and "<%= var %>",
    outside code.

    Why it matters:
    Residue shows a template variable was missing or a page skipped rendering; readers
    see raw syntax where content should be.

    Example:
    "Hi {{ first_name }}, welcome back." — render the page with the value supplied, or
    put the syntax in code if it is meant to be shown.
    """
    if not _may_have_residue(prose_text(document)):
        return
    for block in prose_blocks(document):
        if not _may_have_residue(block.text):
            continue
        code = Excluded.of(code_spans(block.text))
        for span in iter_matches(_RESIDUE_RE, block.text):
            if not code.covers(span.start, span.end):
                yield Hit(block, span.start, span.end,
                          f"'{span.text}' is unrendered template syntax; render the page with "
                          "its value or put the syntax in code")


_EMPTY_HREFS = frozenset({"", "#", "url", "link", "insert link", "insert url", "link here",
                          "url here", "todo", "tbd", "placeholder"})
# Link syntax the plain-text reader leaves in the text.
_LITERAL_LINK_RE = re.compile(
    r"\[([^\[\]\n]{0,200})\]\(((?:[^()\n]|\([^()\n]{0,20}\)){0,300})\)")


# Raw HTML anchors in Markdown, which the reader blanks without recording a link.
_RAW_ANCHOR_RE = re.compile(r"<a(?:\s[^<>\n]{0,300})?>", re.IGNORECASE)
_HREF_RE = re.compile(r"\bhref\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]*))", re.IGNORECASE)


def _is_empty_href(href: str) -> bool:
    plain = href.strip().strip("<>[]").strip().lower()
    return plain in _EMPTY_HREFS or plain.startswith("javascript:")


def check_empty_link(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Finds links that go nowhere: href "", "#", "javascript:void(0)", "URL" or "link".
    Raw HTML links in Markdown count too; a heading linked to "#" (the top) does not.

    Why it matters:
    The link was a placeholder; the reader clicks and lands nowhere, and search engines
    see a page that promises a reference it does not give.

    Example:
    "[our salary guide](#)" — link the real page or drop the link.
    """
    # Asked once, not of each block: most pages have no link syntax in their text, and no
    # HTML the Markdown reader blanked (a generator started per block cost more).
    literal_links = "](" in block_texts(document)
    hidden = may_hide(document, "<")
    for block in document.blocks:
        # Each kind looked at only where the block may hold one: most blocks have no link
        # at all, and a list, a generator and a loop made for each took most of the rule.
        if block.links:
            yield from _empty_recorded_links(block)
        if literal_links and "](" in block.text:
            yield from _empty_literal_links(block)
        if hidden:
            yield from _empty_raw_anchors(document, block)


def _empty_recorded_links(block: Block) -> Iterator[Hit]:
    for link in block.links:
        # A heading linked to "#" is the page's own top, a common theme pattern.
        if _is_empty_href(link.href) and not (block.kind == "heading" and link.href == "#"):
            yield Hit(block, link.start, max(link.end, link.start + 1),
                      f"link '{block.text[link.start:link.end].strip()}' points to "
                      f"'{link.href}'; give it a real address or remove the link")


def _empty_literal_links(block: Block) -> Iterator[Hit]:
    for match in _LITERAL_LINK_RE.finditer(block.text):
        overlaps = any(link.start < match.end() and match.start() < link.end
                       for link in block.links)
        if _is_empty_href(match.group(2)) and not overlaps:
            yield Hit(block, match.start(), match.end(),
                      f"link '{match.group(1)}' points to '{match.group(2)}'; give it a "
                      "real address or remove the link")


def _empty_raw_anchors(document: Document, block: Block) -> Iterator[Hit]:
    for offset, match in hidden_matches(document, block, _RAW_ANCHOR_RE, "<"):
        href = _HREF_RE.search(match.group())  # no href: an anchor target, not a link
        value = "".join(group or "" for group in href.groups()) if href else ""
        if href is not None and _is_empty_href(value):
            yield Hit(block, offset + match.start(), offset + match.end(),
                      f"HTML link '{match.group()}' points to '{value}'; give it a real "
                      "address or remove the link")


RULES: tuple[Rule, ...] = (
    Rule("CD101", "bracketed-placeholder", Severity.ERROR, check_bracketed_placeholder),
    Rule("CD102", "masked-number", Severity.ERROR, check_masked_number),
    Rule("CD103", "unfinished-marker", Severity.ERROR, check_unfinished_marker),
    Rule("CD104", "lorem-ipsum", Severity.ERROR, check_lorem_ipsum),
    Rule("CD105", "template-residue", Severity.ERROR, check_template_residue),
    Rule("CD106", "empty-link", Severity.ERROR, check_empty_link),
)
