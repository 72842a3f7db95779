"""CD5xx mechanics: missing end punctuation, stray artifact lines, repeated words.

The structure rules of the same family (headings, FAQ questions) live in
``copydesk.lint.rules.structure``, mixed UK/US spelling in ``copydesk.lint.rules.spelling``.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import accumulate

from copydesk.lint.document import Block, Document
from copydesk.lint.finding import Fix, Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.rules._words import (
    alike_in_a_row,
    any_alike_in_a_row,
    block_words,
    lowered_words,
)
from copydesk.lint.rules.markup import (
    block_source,
    end_position,
    hidden_tail,
    introduces_code,
    is_link_only,
    source_between,
)
from copydesk.lint.text import Span, lower_words, words

_CLOSERS = "\"'”’)]*_ \t\n"  # trailing quotes, brackets and masked emphasis
_TERMINAL = frozenset(".!?…:;")
# Fewer words than this is a label ("Key takeaways", "Contact us today"), not a sentence.
_MIN_SENTENCE_WORDS = 6
# A line with these is a byline, breadcrumb or footer ("By Ann · 2 May 2026", "Home › Roles").
_SEPARATORS = tuple("·|•›»")
_URL_PREFIXES = ("http://", "https://", "www.", "mailto:")


def _prose(block: Block) -> str:
    """The block's text without a citation marker at its very end ("strong.[^1]", "<sup>")."""
    if block.citations:
        marker = max(block.citations)
        if len(block.text[marker:].split()) <= 1:
            return block.text[:marker].rstrip()
    return block.text.rstrip()


def _ending(text: str) -> str:
    """The last character that matters for punctuation, past closing quotes and brackets."""
    stripped = text.rstrip(_CLOSERS)
    return stripped[-1] if stripped else ""


def _judged(document: Document, block: Block) -> bool:
    """A block whose ending says something: a real sentence, not a label, link or URL, and
    not one that ends in code the reader hid ("the default is `500`")."""
    if (len(lower_words(block.text)) < _MIN_SENTENCE_WORDS or is_link_only(block)
            # A search for each separator, in C: set.isdisjoint(text) made a string of
            # every character (12 µs for a paragraph, 0.5 µs this way).
            or any(map(block.text.__contains__, _SEPARATORS))):
        return False
    # The last token alone split off (the same as split()[-1]): splitting the whole
    # paragraph made a string of each of its words.
    last_token = block.text.rsplit(None, 1)[-1].lower()
    return (not last_token.startswith(_URL_PREFIXES) and "@" not in last_token
            and not hidden_tail(document, block, len(block.text.rstrip()))
            and not introduces_code(document, block))


def _is_open(ending: str) -> bool:
    return ending.isalnum() or ending == "%"


def _missing_punctuation_in(document: Document, blocks: Sequence[Block],
                            noun: str) -> Iterator[Hit]:
    endings = [(block, _ending(_prose(block))) for block in blocks]
    # Only an open ending judged is reported, so the other blocks are judged (the costly
    # part) only when there is one; a site name or a short label alone is not judged.
    open_ended = [block for block, ending in endings
                  if _is_open(ending) and _judged(document, block)]
    if not open_ended:
        return
    others = [ending for block, ending in endings
              if not _is_open(ending) and _judged(document, block)]
    closed = sum(1 for ending in others if ending in _TERMINAL)
    judged = len(open_ended) + len(others)
    # Only a minority is a slip: a list of bare fragments is a style, not a defect.
    if closed < 2 or closed <= len(open_ended):
        return
    for block in open_ended:
        last = words(_prose(block))[-1]
        yield Hit(block, last.start, last.end,
                  f"{noun} ends without punctuation after {last.text!r} while {closed} of "
                  f"{judged} {noun}s here have it; add a full stop",
                  _full_stop_fix(document, block))


def _full_stop_fix(document: Document, block: Block) -> Fix | None:
    """Insert "." after the last visible character, past any closing quote or bracket."""
    end = len(_prose(block))
    line, col = end_position(block, end)
    if document.source_line(line)[col - 2:col - 1] != block.text[end - 1]:
        return None  # the reader could not map the end back to the source exactly
    return Fix(line, col, line, col, ".", "insert a full stop")


def check_missing_end_punctuation(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a paragraph or list item that ends without punctuation while most of its
    siblings have it. Paragraphs are compared with the document's other paragraphs, list
    items with the items of the same list. Labels of fewer than six
    words, bylines, breadcrumbs and footers (lines with "·", "|", "›"), link-only lines,
    lines ending in a URL, a code span or a colon, and lines introducing a code block are
    left alone.

    Why it matters:
    A sentence that just stops looks like a paste that lost its ending; readers notice,
    and editors reviewing on a phone often do not.

    Example:
    "...rules out most candidates before the first CV is reviewed" among paragraphs that
    all end with a full stop: insert "." after "reviewed".
    """
    yield from _missing_punctuation_in(
        document, [block for block in document.blocks if block.kind == "paragraph"], "paragraph")
    lists: dict[int, list[Block]] = defaultdict(list)
    for block in document.blocks:
        if block.kind == "list_item":
            lists[block.group].append(block)
    for items in lists.values():
        yield from _missing_punctuation_in(document, items, "list item")


_ARTIFACT_MAX_CHARS = 8
# A lone "5" or "12" is a leftover list or footnote number; "2026" or "$49" may be content.
_ARTIFACT_MAX_DIGITS = 2
_ARTIFACT_KINDS = frozenset({"paragraph", "heading", "quote"})


def _is_artifact(text: str) -> bool:
    if text.isdigit():
        return len(text) <= _ARTIFACT_MAX_DIGITS
    # Emoji and other pictographs (category So) are decoration someone chose, not debris.
    return (0 < len(text) <= _ARTIFACT_MAX_CHARS
            and not any(char.isalnum() or unicodedata.category(char) == "So" for char in text))


def _alphanumerics(text: str) -> str:
    return "".join(char for char in text if char.isalnum())


def check_stray_artifact_line(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a lone number or symbol standing as a paragraph or heading ("5", "*", "—").
    Only one- or two-digit numbers and punctuation count. Table cells and
    list items are not checked (a number alone is normal there), nor are emoji, years
    ("2026") or amounts ("$49"), which can be content.

    Why it matters:
    These lines are debris from copy-pasting out of an editor, a slide or a CMS (a
    footnote number, a rating widget, a table border); published, they look broken.

    Example:
    The title, then a line with just "5", then the first paragraph: delete the "5".
    """
    for block in document.blocks:
        if block.kind not in _ARTIFACT_KINDS:
            continue
        stripped = block.text.strip()
        # Longer lines (most) told in C, before a call of _is_artifact for each;
        # "### `-c`, `--check`" shows only "," once its code is hidden: not debris.
        if (len(stripped) <= _ARTIFACT_MAX_CHARS and _is_artifact(stripped)
                and _alphanumerics(block_source(document, block)) == _alphanumerics(stripped)):
            start = block.text.index(stripped)
            yield Hit(block, start, start + len(stripped),
                      f"stray line {stripped!r}: a lone number or symbol between paragraphs "
                      "is usually left over from a paste; delete it")


# Grammatical doubles ("he said that that was fine", "she had had enough") and common
# reduplications ("bye bye", "very very"); a doubled word in this set is never flagged.
_ALLOWED_DOUBLES = frozenset({"that", "had", "bye", "ha", "blah", "very", "no", "so", "really",
                              "knock", "chop", "ho", "yada", "tut", "tsk", "far"})


def _is_name_double(first: Span, second: Span) -> bool:
    return (first.text.lower() == second.text.lower()
            and first.text[0].isupper() and second.text[0].isupper())


def _is_repeat(first: Span, second: Span, block: Block, link_edges: Sequence[int]) -> bool:
    if first.text.lower() != second.text.lower() or first.text.lower() in _ALLOWED_DOUBLES:
        return False
    if any(char.isdigit() for char in first.text):
        return False  # "10 10" is data (a score, a table row), not a typo
    if _is_name_double(first, second):
        return False  # "Walla Walla", "The The": names that double on purpose
    # A link boundary between the words means markup separates them in the source.
    next_edge = bisect.bisect_left(link_edges, first.end)
    return (block.text[first.end:second.start].isspace()
            and not (next_edge < len(link_edges) and link_edges[next_edge] <= second.start))


def _equal_pairs(document: Document) -> Iterator[tuple[Block, list[int]]]:
    """Each block holding two equal words in a row (case aside), with the index of the
    first word of each such pair, in order. Found in the lower-case words of the whole
    document (each block's words, one block after another), at once: most documents have
    no such pair, and a document that has one had each block's words lowered and
    compared again."""
    every = lowered_words(document)
    if not any_alike_in_a_row(every):
        return  # most documents
    alike = alike_in_a_row(every)
    at = alike.find(1)
    blocks = document.blocks
    ends = list(accumulate(map(len, block_words(document))))  # in ``every``
    found: dict[int, list[int]] = {}  # block position -> the pairs' first words, in order
    while at >= 0:
        position = bisect.bisect_right(ends, at)  # the block of the pair's first word
        if at + 1 < ends[position]:  # a pair across two blocks is none
            found.setdefault(position, []).append(at - (ends[position - 1] if position else 0))
        at = alike.find(1, at + 1)
    for position, pairs in found.items():
        yield blocks[position], pairs


def check_repeated_word(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags the same word twice in a row ("the the", "to To").
    Case does not matter; only whitespace may separate the two words in the source, a
    line break included. Not flagged: numbers ("10 10"), names written twice with
    capitals ("Walla Walla"), grammatical doubles ("that that", "had had"),
    reduplications ("bye bye", "very very"), and words separated by markup (a link or
    emphasis boundary: "the [the report](url)").

    Why it matters:
    A doubled word is the most common typo that a spell checker lets through, and readers
    take it as a sign that nobody proofread the page.

    Example:
    "connect with the the right talent": delete the second "the".
    """
    for block, candidates in _equal_pairs(document):
        spans = words(block.text)
        link_edges = sorted(edge for link in block.links for edge in (link.start, link.end))
        for index in candidates:
            first, second = spans[index], spans[index + 1]
            after = spans[index + 2] if index + 2 < len(spans) else None
            # "the The The" is "the" before the name "The The": deleting a "The" would leave
            # "the The", still a repeat.
            if ((after is not None and _is_name_double(second, after))
                    or not _is_repeat(first, second, block, link_edges)):
                continue
            source_gap = source_between(document, block, first.end, second.start)
            if source_gap is not None and source_gap.strip():
                continue  # markup sits between the words in the source
            line, col = block.position(first.end)
            end_line, end_col = block.position(second.end)
            located = document.source_line(end_line)[end_col - len(second.text) - 1:end_col - 1]
            fix = (Fix(line, col, end_line, end_col, "", f"delete the second {second.text!r}")
                   if source_gap is not None and located == second.text else None)
            yield Hit(block, first.start, second.end,
                      f"repeated word {second.text!r}: delete one of them", fix)


RULES: tuple[Rule, ...] = (
    Rule("CD501", "missing-end-punctuation", Severity.WARNING, check_missing_end_punctuation),
    Rule("CD503", "stray-artifact-line", Severity.WARNING, check_stray_artifact_line),
    Rule("CD504", "repeated-word", Severity.WARNING, check_repeated_word),
)
