"""CD6xx page SEO: title, meta description, H1, text length, slug, canonical, lang, Open Graph.

Severities: what a search result cannot be built without (a title, a description, an H1)
is an error; lengths, widths and missing share or canonical metadata are warnings, since
the page still works and the fix is an editorial judgement. Heading levels that skip are
CD506 (structure). Canonical URL, lang, Open Graph and slug are in ``seo_head``, keyphrase
checks in ``keyphrase``, links and images in ``seo_links``.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import repeat

from copydesk.lint.document import Document
from copydesk.lint.finding import Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.rules._page import (
    Field,
    at,
    description,
    is_article,
    is_indexed,
    is_page,
    page_hit,
    title,
    word_count,
)

# Advance widths of Arial at 20px, the font of Google's result titles on desktop, by
# character class (Arial's widths in 1/1000 em times 20). Characters not listed take
# the width of a lower-case "n"; the estimate is for Latin text.
_WIDTHS: tuple[tuple[str, float], ...] = (
    ("ijl'|", 4.44),
    (" ftI.,:;!/\\", 5.56),
    ("r-()[]{}\"*", 6.66),
    ("cksvxyzJ", 10.0),
    ("FTZ", 12.22),
    ("ABEKPSVXY&", 13.34),
    ("CDHNRUw", 14.44),
    ("GOQ", 15.56),
    ("mM", 16.66),
    ("W%@", 18.88),
)
_WIDTH_OF = {char: width for chars, width in _WIDTHS for char in chars}
_DEFAULT_WIDTH = 11.12  # a, b, d, e, g, h, n, o, p, q, u, digits, L, ?
def pixel_width(text: str) -> float:
    """Estimated width of ``text`` in Google's desktop result title (Arial 20px)."""
    # map() in C: a generator expression resumed a frame for each character.
    return sum(map(_WIDTH_OF.get, text, repeat(_DEFAULT_WIDTH)))


def check_missing_title(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a page with no title: an HTML page without a non-empty <title>, or Markdown
    front matter without a ``title``. Markdown without front matter is not a page and is
    not checked.

    Why it matters:
    The title is the link text of the search result and the name of the browser tab;
    without one, search engines make one up from the page.

    Example:
    <head><meta charset="utf-8"></head>: add <title>Machine Learning Roles in 2026</title>.
    """
    if is_page(document) and title(document) is None:
        yield page_hit(document, "page has no title: add a <title> (or a front matter title)")


def _title_length(document: Document) -> Field | None:
    return title(document) if is_indexed(document) else None


def check_title_too_short(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a title shorter than ``title-min-chars`` (30) characters.

    Why it matters:
    A short title leaves room unused in the search result and rarely says enough for a
    reader to choose the page; Yoast and most SEO tools ask for 30 to 60 characters.

    Example:
    <title>ML Roles</title>: say what the page offers, "Machine Learning Roles in Demand in 2026".
    """
    found = _title_length(document)
    minimum = context.thresholds.title_min_chars
    if found is not None and len(found.value) < minimum:
        yield at(found, f"title is {len(found.value)} characters, under {minimum}: "
                        "say what the page offers")


def check_title_too_long(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a title longer than ``title-max-chars`` (60) characters, counting the whole
    <title>, site name included.

    Why it matters:
    Search engines cut long titles with "...", so the end of the title is never read;
    put the words that matter first and keep the total within 60 characters.

    Example:
    "The Most In-Demand Machine Learning Roles in 2026: Managing the AI Talent Frontier"
    (82 characters): "Most In-Demand Machine Learning Roles in 2026".
    """
    found = _title_length(document)
    maximum = context.thresholds.title_max_chars
    if found is not None and len(found.value) > maximum:
        yield at(found, f"title is {len(found.value)} characters, over {maximum}: "
                        "search results cut it; shorten it")


def check_title_too_wide(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a title whose estimated width in a desktop search result (Arial 20px, from a
    table of character widths) is over ``title-max-pixels`` (600).

    Why it matters:
    Google cuts titles by width, not by count: 55 capitals can be cut where 65 narrow
    letters fit.

    Example:
    "WWW MMM: WIDE WORDS MAKE WIDE TITLES EVEN WHEN THEY ARE SHORT" is about 760 px:
    use fewer capitals or fewer words.
    """
    found = _title_length(document)
    maximum = context.thresholds.title_max_pixels
    if found is not None and (width := pixel_width(found.value)) > maximum:
        yield at(found, f"title is about {width:.0f} px wide in search results, over "
                        f"{maximum:.0f} px: shorten it or use fewer capitals")


def check_missing_description(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a page search engines may list that has no meta description (HTML) or no
    front matter ``description`` (Markdown).

    Why it matters:
    The description is the snippet under the title in search results and the text of
    share cards; without it, search engines pick a sentence, often a poor one.

    Example:
    Add <meta name="description" content="Which machine learning roles are hardest to
    hire in 2026, what they pay, and how to attract them.">.
    """
    if is_indexed(document) and description(document) is None:
        yield page_hit(document, "page has no meta description: add one of 120-156 characters "
                              "that says what the reader gets")


def check_description_too_short(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a meta description shorter than ``description-min-chars`` (120) characters.

    Why it matters:
    A short description wastes the snippet and search engines often replace it with
    text from the page.

    Example:
    "ML roles in 2026.": say what the reader learns and why it matters to them.
    """
    found = description(document) if is_indexed(document) else None
    minimum = context.thresholds.description_min_chars
    if found is not None and len(found.value) < minimum:
        yield at(found, f"meta description is {len(found.value)} characters, under "
                        f"{minimum}: say what the reader gets from the page")


def check_description_too_long(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a meta description longer than ``description-max-chars`` (156) characters.

    Why it matters:
    Search engines cut long descriptions, usually mid-sentence; the end is never read.

    Example:
    A 200-character description: cut it to one sentence that ends within 156 characters.
    """
    found = description(document) if is_indexed(document) else None
    maximum = context.thresholds.description_max_chars
    if found is not None and len(found.value) > maximum:
        yield at(found, f"meta description is {len(found.value)} characters, over "
                        f"{maximum}: search results cut it; shorten it")


def check_missing_h1(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags an HTML page with no <h1>. Markdown is not checked: templates usually render
    the front matter title as the H1. Heading levels that skip are CD506.

    Why it matters:
    The H1 is the visible title of the page: readers, screen readers and search engines
    look for it first to learn what the page is about.

    Example:
    <main><p class="title">Roles</p>: make it <h1>Roles</h1>.
    """
    page = document.page
    if page is not None and is_page(document) and not any(
            heading.level == 1 for heading in page.headings):
        yield page_hit(document, "page has no <h1>: give the page one visible main heading")


def check_multiple_h1(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags every <h1> after the first on an HTML page, and every level-1 heading in a
    Markdown page whose front matter has a title (the template makes that the H1).

    Why it matters:
    One H1 names the page; several compete, and usually one of them is a section
    heading at the wrong level, which breaks the outline screen readers navigate by.

    Example:
    <h1>Roles</h1> ... <h1>Salaries</h1>: make the second an <h2>.
    """
    if document.page is not None:
        extra = [heading.line for heading in document.page.headings if heading.level == 1][1:]
        for line in extra:
            yield Hit(None, 0, 0, "second <h1> on the page: make it an <h2>", line=line)
        return
    titled = is_page(document) and title(document) is not None
    for block in document.headings():
        if block.level == 1 and titled:
            yield Hit(block, 0, len(block.text), "level-1 heading under a front matter title, "
                      "which the template shows as the H1: make it a level-2 heading")


def min_words(document: Document, context: RuleContext) -> int:
    """``min-words`` for an article, ``min-words-page`` for any other page type."""
    if is_article(document):
        return context.thresholds.min_words
    return context.thresholds.min_words_page


def check_thin_content(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a page with fewer words than its type's minimum: ``min-words`` (300) for
    articles, ``min-words-page`` (150) for other pages (role, landing, index pages).
    The page type is the front matter ``type`` or ``layout`` of Markdown and og:type of
    HTML; a page that declares none is an article.

    Why it matters:
    Short pages rarely answer a question fully, and search engines rank thin pages
    below fuller ones; Yoast asks for 300 words on a post.

    Example:
    A 120-word post: add what the reader needs (examples, figures with sources, next steps).
    """
    if not is_indexed(document):
        return
    count, minimum = word_count(document), min_words(document, context)
    if count < minimum:
        yield page_hit(document, f"page has {count} words, under {minimum}: "
                              "say more, or merge it into a fuller page")


RULES: tuple[Rule, ...] = (
    Rule("CD601", "missing-title", Severity.ERROR, check_missing_title),
    Rule("CD602", "title-too-short", Severity.WARNING, check_title_too_short),
    Rule("CD603", "title-too-long", Severity.WARNING, check_title_too_long),
    Rule("CD604", "title-too-wide", Severity.WARNING, check_title_too_wide),
    Rule("CD605", "missing-meta-description", Severity.ERROR, check_missing_description),
    Rule("CD606", "meta-description-too-short", Severity.WARNING, check_description_too_short),
    Rule("CD607", "meta-description-too-long", Severity.WARNING, check_description_too_long),
    Rule("CD608", "missing-h1", Severity.ERROR, check_missing_h1),
    Rule("CD609", "multiple-h1", Severity.WARNING, check_multiple_h1),
    Rule("CD610", "thin-content", Severity.WARNING, check_thin_content),
)
