"""CD612-CD614, CD619 what a page tells browsers and crawlers: canonical URL, language,
Open Graph share card, slug.

All warnings: the page works and ranks without them, but shares, duplicates and
translations go wrong. Only pages search engines may list are checked for canonical, Open
Graph and slug; ``lang`` is checked on every HTML page, since screen readers need it.
"""

from __future__ import annotations

from collections.abc import Iterator

from copydesk.lint.document import Document
from copydesk.lint.finding import Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.rules._page import at, is_indexed, is_page, page_hit, slug


def check_slug_too_long(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a slug (last part of the URL) longer than ``slug-max-chars`` (75) characters.
    The slug is the canonical URL's last segment for HTML, the front matter ``slug`` or
    the file name for Markdown.

    Why it matters:
    Long URLs are cut in search results and shared links, and usually carry stop words
    that say nothing.

    Example:
    "the-most-in-demand-machine-learning-roles-in-2026-managing-the-ai-talent-frontier":
    "machine-learning-roles-2026".
    """
    if not is_indexed(document):
        return
    found = slug(document)
    maximum = context.thresholds.slug_max_chars
    if len(found.value) > maximum:
        yield at(found, f"slug is {len(found.value)} characters, over {maximum}: keep the "
                        "words that matter and drop stop words")


def check_missing_canonical(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags an HTML page search engines may list that has no <link rel="canonical">.

    Why it matters:
    The same page is often reachable under several URLs (with and without a trailing
    slash, with tracking parameters); the canonical URL tells search engines which one
    to list and where to count links.

    Example:
    Add <link rel="canonical" href="https://example.com/roles/llm-engineer/">.
    """
    page = document.page
    if page is not None and is_indexed(document) and not (page.canonical or "").strip():
        yield page_hit(document, 'page has no canonical URL: add <link rel="canonical" '
                              'href="..."> with its absolute URL')


def check_missing_lang(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags an HTML page whose <html> element has no ``lang`` attribute.

    Why it matters:
    Screen readers choose their pronunciation from it (WCAG 3.1.1), and browsers and
    search engines use it to offer translation and to serve the right language.

    Example:
    <html>: write <html lang="en">.
    """
    page = document.page
    if page is not None and is_page(document) and not (page.lang or "").strip():
        yield page_hit(document, 'page has no language: write <html lang="en"> (or its language)')


_OPEN_GRAPH = ("og:title", "og:description", "og:url")


def check_missing_open_graph(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags an HTML page search engines may list that lacks og:title, og:description or
    og:url (one finding for each missing property).

    Why it matters:
    Social networks and chat apps build the share card from Open Graph; without it they
    guess, often showing the site name and no description.

    Example:
    Add <meta property="og:title" content="..."> with og:description and og:url.
    """
    page = document.page
    if page is None or not is_indexed(document):
        return
    for key in _OPEN_GRAPH:
        if not page.meta.get(key):
            yield page_hit(document, f'page has no {key}: add <meta property="{key}" '
                                  'content="..."> for share cards')


RULES: tuple[Rule, ...] = (
    Rule("CD612", "missing-canonical-url", Severity.WARNING, check_missing_canonical),
    Rule("CD613", "missing-lang", Severity.WARNING, check_missing_lang),
    Rule("CD614", "missing-open-graph", Severity.WARNING, check_missing_open_graph),
    Rule("CD619", "slug-too-long", Severity.WARNING, check_slug_too_long),
)
