"""CD704: FAQPage markup checked against the questions and answers the page shows.

Google stopped showing FAQ rich results in 2026. FAQPage stays valid schema.org that other
consumers read, so copydesk checks it for correctness only (see ``structured_data``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from copydesk.lint.document import Block, Document
from copydesk.lint.rule import Hit, RuleContext
from copydesk.lint.rules._jsonld import (
    as_list,
    entities,
    line_hit,
    normalise_space,
    types_of,
    visible_text,
)
from copydesk.lint.rules.markup import end_position

# Where an answer may end before the next heading: a wrapping element opens or closes.
_CONTAINER_EDGE_RE = re.compile(
    r"</?(?:div|section|article|aside|details|main|header|footer|nav|form)\b", re.IGNORECASE)


def _source_gap(document: Document, before: Block, after: Block) -> str:
    """The source between the end of ``before``'s text and the start of ``after``'s."""
    line, col = end_position(before, len(before.text)) if before.text else before.position(0)
    end_line, end_col = after.position(0)
    lines = document.lines[line - 1:end_line]
    if not lines or (end_line, end_col) < (line, col):
        return ""
    lines[-1] = lines[-1][:end_col - 1]
    lines[0] = lines[0][col - 1:] if len(lines) > 1 else lines[0][col - 1:end_col - 1]
    return "\n".join(lines)


def _question_text(heading: Block) -> str:
    """The heading's wording without permalink anchors ("¶", "#") that generators such as
    MkDocs and Hugo append: a link within the page whose text has no letter or digit."""
    text = heading.text
    if not heading.links:  # most headings: nothing to strip
        return normalise_space(text)
    for link in sorted(heading.links, key=lambda link: link.start, reverse=True):
        if link.href.startswith("#") and not any(
                char.isalnum() for char in text[link.start:link.end]):
            text = text[:link.start] + text[link.end:]
    return normalise_space(text)


def _answers_by_heading(document: Document, questions: set[str]
                        ) -> dict[str, list[tuple[Block, tuple[Block, ...]]]]:
    """Normalised heading text -> each such heading with the blocks under it (up to the
    next heading). Only headings that ask one of ``questions``: the answers under the
    others are never compared (and made a third of the rule's time)."""
    found: dict[str, list[tuple[Block, tuple[Block, ...]]]] = {}
    for heading, blocks in document.sections():
        if heading is None or (question := _question_text(heading)) not in questions:
            continue
        found.setdefault(question, []).append((heading, blocks))
    return found


def _shows_answer(document: Document, blocks: tuple[Block, ...], answer: str) -> bool:
    """Whether ``answer`` is the text of ``blocks`` (a heading's), spacing collapsed: of
    all of them, or of those before a container boundary (a page may close the FAQ's
    <div> or <section> and show a call to action before the next heading).

    ``answer`` has its spacing collapsed already (``visible_text`` makes it so). Only
    the blocks whose text joined is as long as the answer are compared with it, and
    only then is the source before the next block searched for a boundary: searching
    the source between every two blocks was most of the rule's time."""
    if blocks and blocks[0].text == answer:
        # Most answers: the first block's text as it is, whose spacing is collapsed then
        # (as the answer's is): not looked at again (isprintable() reads ~37 instructions
        # a character, ~13 K an answer).
        return len(blocks) == 1 or _CONTAINER_EDGE_RE.search(
            _source_gap(document, blocks[0], blocks[1])) is not None
    texts: list[str] = []  # normalised as the walk reaches them: the last question's
    # heading has the rest of the page under it, and its answer is in its first block
    joined = -1  # the length of the first ``count`` texts joined by spaces
    for count, block in enumerate(blocks, start=1):
        texts.append(text := normalise_space(block.text))
        joined += len(text) + 1
        if joined >= len(answer):  # longer with every text: no later count matches
            return joined == len(answer) and " ".join(texts) == answer and (
                count == len(blocks) or _CONTAINER_EDGE_RE.search(
                    _source_gap(document, blocks[count - 1], blocks[count])) is not None)
    return False


def check_faq_mismatch(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a FAQPage whose questions and answers are not exactly the ones the page shows:
    each Question's ``name`` must be the text of a heading on the page, and its
    ``acceptedAnswer.text`` (markup stripped, spacing collapsed) the text between that
    heading and the next, or up to the end of the element that wraps the answer; and a
    Question with no name or no ``acceptedAnswer.text``. When a question is asked by
    several headings, the answer under any of them will do.

    Why it matters:
    Google stopped showing FAQ rich results in 2026, but FAQPage stays valid schema.org
    that assistants and other search engines read. Markup that says what the page does
    not is spam in every search engine's guidelines; copydesk checks FAQPage for
    correctness only and does not promise a rich result.

    Example:
    The page answers "Which roles are hardest to fill?" but the JSON-LD still carries
    last year's answer: rebuild the markup from the visible FAQ.
    """
    if document.page is None:
        return
    faq_pages = [entity for entity in entities(document) if "FAQPage" in entity.types]
    asked = [(entity.line, question) for entity in faq_pages
             for question in as_list(entity.data.get("mainEntity"))]
    names = {normalise_space(name) for _, question in asked
             if isinstance(question, dict) and isinstance(name := question.get("name"), str)}
    visible = _answers_by_heading(document, names) if names else {}
    for line, question in asked:
        yield from _question_problems(document, line, question, visible)


def _question_problems(document: Document, line: int, question: Any,
                       visible: Mapping[str, list[tuple[Block, tuple[Block, ...]]]]
                       ) -> Iterator[Hit]:
    if not isinstance(question, dict) or "Question" not in types_of(question):
        yield line_hit(line, "FAQPage mainEntity holds something that is not a Question; "
                       "list only {\"@type\": \"Question\", ...} objects")
        return
    name = question.get("name")
    texts = [answer.get("text") if isinstance(answer, dict) else None
             for answer in as_list(question.get("acceptedAnswer"))]
    answers = [text for text in texts if isinstance(text, str) and text.strip()]
    if not isinstance(name, str) or not name.strip():
        yield line_hit(line, "FAQPage has a Question without a name; add the question's text")
        return
    if not answers or len(answers) != len(texts):
        yield line_hit(line, f"Question {name!r} has no acceptedAnswer.text; add the answer "
                       "the page shows")
        return
    shown = visible.get(normalise_space(name))
    if not shown:
        yield line_hit(line, f"Question {name!r} is not a heading on the page; FAQ markup "
                       "must repeat the visible questions word for word")
        return
    answer = visible_text(answers[0])
    if not any(_shows_answer(document, blocks, answer) for _, blocks in shown):
        yield line_hit(line, f"the answer to {name!r} differs from the text under the heading at "
                       f"line {shown[0][0].line}; make the markup repeat the visible answer")
