"""CD5xx structure: duplicated headings, FAQ questions asked twice, skipped heading levels."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from copydesk.lint.document import Block, Document
from copydesk.lint.finding import Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.rules._words import block_words
from copydesk.lint.rules.markup import block_source, is_link_only
from copydesk.lint.text import find_words, lower_words, sentences

# "1. ", "Q: ", "Q3. ", "Question: " in front of a heading or question: numbering, not wording.
# Two digits at most: "2026: The Year of AI" starts with a year, not a number.
_ENUMERATOR_RE = re.compile(r"^\s*(?:q(?:uestion)?\s*\d{0,2}\s*[:.)]|\d{1,2}\s*[:.)])\s*",
                            re.IGNORECASE)
_MAX_QUESTION_WORDS = 30
# The most words _ENUMERATOR_RE takes off the front of a text: "question 12".
_ENUMERATED_WORDS = 2


# Remembered: a built page's headings are mostly a site's own ("Key takeaways", "Sources")
# or its articles' shared questions, normalised again on every page (~3 µs each).
@lru_cache(maxsize=256)
def normalised(text: str) -> str:
    """Wording only: case, punctuation, spacing and a leading enumerator do not count."""
    body = _ENUMERATOR_RE.sub("", text, count=1)
    return " ".join(find_words(body.casefold()))  # words() without their offsets


def _span(block: Block) -> tuple[int, int]:
    stripped = block.text.strip()
    start = block.text.index(stripped) if stripped else 0
    return start, start + len(stripped)


def _is_question(block: Block) -> bool:
    """A heading, line or list item that is a single question and nothing else."""
    return block.kind in ("heading", "paragraph", "list_item") and _asks_one_question(block.text)


# Remembered: CD502 and CD505 ask it of each text with a "?", and a site's questions
# (its FAQ) are asked again on page after page.
@lru_cache(maxsize=256)
def _asks_one_question(text: str) -> bool:
    rest = text.rstrip(" \t\n\"'”’)*_")
    # Tested before the enumerator goes: removing a prefix without a "?" in it cannot
    # change how the text ends.
    if not rest.endswith("?"):
        return False
    text = _ENUMERATOR_RE.sub("", rest, count=1)
    return len(sentences(text)) == 1 and len(lower_words(text)) <= _MAX_QUESTION_WORDS


def _parents(headings: list[Block]) -> list[int]:
    """For each heading, the index of the nearest earlier heading of a higher rank (-1: none)."""
    parents: list[int] = []
    stack: list[int] = []
    for index, heading in enumerate(headings):
        while stack and headings[stack[-1]].level >= heading.level:
            stack.pop()
        parents.append(stack[-1] if stack else -1)
        stack.append(index)
    return parents


def check_duplicate_heading(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a heading or title that appears twice in one document.
    A heading counts when it repeats an earlier heading under the same parent section
    (so "Pros" under each of two products is fine) or repeats its own parent ("# Title"
    then "## Title"), and a one-line paragraph that repeats the title (the page title or
    the first heading) word for word, as a title pasted twice does. Case, punctuation and
    numbering do not count. A front matter or <title> title repeated once by the page's
    H1 is normal and not flagged; questions repeated are left to CD505.

    Why it matters:
    A doubled title or section heading is a copy-paste slip that makes the page look
    unedited, and search engines see two sections competing for the same words.

    Example:
    "The Most In-Demand Machine Learning Roles in 2026" as the first line and again two
    lines later: delete the second.
    """
    # "?" looked for first, in C: a call of _is_question for each block cost more.
    headings = [block for block in document.headings()
                if "?" not in block.text or not _is_question(block)]
    keys = [normalised(block_source(document, heading)) for heading in headings]
    first_seen: dict[tuple[int, str], Block] = {}
    for heading, key, parent in zip(headings, keys, _parents(headings), strict=True):
        if not key:
            continue
        earlier = first_seen.setdefault((parent, key), heading)
        if parent >= 0 and keys[parent] == key:
            earlier = headings[parent]  # "# Title" then "## Title": the title pasted twice
        if earlier is not heading:
            yield Hit(heading, *_span(heading),
                      f"duplicate heading: line {earlier.line} has the same heading; "
                      "delete one or reword it")
    first_known = (headings[0], keys[0]) if headings else (None, "")
    titles = _title_keys(document, *first_known)
    title_words = [key.split(" ") for key in titles]
    # A line that normalises to a title has no more words than its source, which has at
    # most _ENUMERATED_WORDS more than the title ("Question 12: ..."): every word of the
    # text is in the source, tags and entities only add words there. Told by the word
    # count the page's blocks have already (most paragraphs are far longer than a title),
    # before the block's lines are read and searched for the title's words.
    most_words = max(map(len, title_words), default=-_ENUMERATED_WORDS) + _ENUMERATED_WORDS
    counted = block_words(document)
    for index, block in enumerate(document.blocks):
        if (block.kind != "paragraph" or len(counted[index]) > most_words
                or "\n" in block.text.strip()):
            continue
        # The block's source lies within its lines, and removing tags only splits words:
        # asked of the lines first, which is cheaper than finding the source in them (or
        # than telling whether the block is only links).
        if not _has_title_words(_lines_of(document, block).casefold(), title_words):
            continue
        if is_link_only(block):
            continue  # a logo or menu link naming the page is navigation, not a pasted title
        source = block_source(document, block)
        if not _has_title_words(source.casefold(), title_words):
            continue  # a line missing a word of every title cannot normalise to one
        title = titles.get(normalised(source))
        if title is not None and title[0] < index:
            yield Hit(block, *_span(block),
                      f"duplicate title: this line repeats {title[1]}; delete it")


def _has_title_words(folded: str, title_words: list[list[str]]) -> bool:
    return any(all(map(folded.__contains__, words)) for words in title_words)


def _lines_of(document: Document, block: Block) -> str:
    """The source lines the block's text comes from, whole."""
    if len(block.line_starts) == 1:  # most blocks: no list of lines made and joined
        return document.source_line(block.line_starts[0].line)
    lines = [start.line for start in block.line_starts]
    return "\n".join(document.source_line(number)
                     for number in range(min(lines), max(lines) + 1))


def _title_keys(document: Document, known: Block | None = None,
                known_key: str = "") -> dict[str, tuple[int, str]]:
    """Normalised title -> (index of its block, -1 for front matter; how to name it): the
    front matter title and the first heading, which plain-text and pasted articles use as
    their title. ``known_key`` is the normalised source of the heading ``known``."""
    titles: dict[str, tuple[int, str]] = {}
    first = next((index for index, block in enumerate(document.blocks)
                  if block.kind == "heading"), None)
    if first is not None:
        heading = document.blocks[first]
        # Most first headings are the first of CD502's keys: not worked out again.
        key = known_key if heading is known else normalised(block_source(document, heading))
        titles[key] = (first, f"the title at line {heading.line}")
    # An HTML <title> is often the site name, which the page header repeats by design.
    if document.title and document.kind != "html":
        titles.setdefault(normalised(document.title), (-1, "the page title"))
    titles.pop("", None)
    return titles


def check_duplicate_faq_question(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a question asked a second time in one document.
    Headings, FAQ entries, bold question lines and list items count; questions are
    compared by wording alone:
    case, punctuation, spacing and numbering ("Q3.", "2.") do not count. A question that
    is only a link (a table of contents entry) is not asked, it points at the real one.

    Why it matters:
    A question answered twice, often with two different answers, confuses readers, and
    FAQ rich results (FAQPage markup) expect each question once per page.

    Example:
    "What are the emerging AI job titles for corporate hiring?" as a section heading and
    again in the FAQ: keep one, or merge the answers.
    """
    first_seen: dict[str, Block] = {}
    for block in document.blocks:
        if "?" not in block.text or not _is_question(block) or is_link_only(block):
            continue  # a linked question is a table of contents entry pointing at the real one
        earlier = first_seen.setdefault(normalised(block_source(document, block)), block)
        if earlier is not block:
            yield Hit(block, *_span(block),
                      f"question asked twice: line {earlier.line} asks it already; keep one "
                      "and merge the answers")


def check_skipped_heading_level(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a heading more than one level deeper than the one before it (h2, then h4).
    A first heading deeper than h2 is flagged too. Going back up any number of levels is
    fine. Plain-text documents have no heading levels and are not checked.

    Why it matters:
    Screen readers and search engines read heading levels as the outline of the page; a
    skipped level breaks that outline (WCAG 1.3.1) and usually means a style was picked
    for its look rather than its meaning.

    Example:
    "## Roles" followed by "#### MLOps Specialist": make the second an h3.
    """
    if document.kind == "text":
        return
    previous = 1
    for heading in document.headings():
        if heading.level > previous + 1:
            expected = previous + 1
            yield Hit(heading, *_span(heading),
                      f"heading level skipped: h{heading.level} follows h{previous}; "
                      f"make it h{expected} or add the missing level")
        previous = heading.level


RULES: tuple[Rule, ...] = (
    Rule("CD502", "duplicate-heading", Severity.WARNING, check_duplicate_heading),
    Rule("CD505", "duplicate-faq-question", Severity.WARNING, check_duplicate_faq_question),
    Rule("CD506", "skipped-heading-level", Severity.WARNING, check_skipped_heading_level),
)
