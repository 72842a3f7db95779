"""What the site-wide rules know of one file: a few small strings, made once per file.

A build or a check of 10,000 files keeps one :class:`SiteFacts` per file (in the build
cache, across runs) instead of a Document: the site-wide rules read nothing else, and a
rebuild that renders one page must not unpickle or walk 10,000 documents to run them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

from copydesk.lint.document import Document, Suppression
from copydesk.lint.url_parts import split_url

KEYPHRASE_META = "copydesk:keyphrase"


@dataclass(frozen=True, slots=True)
class SiteFacts:
    """A file as the site-wide rules see it. An HTML page (``page``) has a head and links;
    a Markdown source only its front matter keyphrase."""

    page: bool
    title: str | None = None
    title_line: int = 0
    description: str | None = None
    description_line: int = 0
    canonical: str | None = None
    robots: str = ""  # <meta name="robots"> content
    keyphrase: str | None = None
    keyphrase_line: int = 1
    links: tuple[tuple[str, int], ...] = ()  # (href, line) of every <a href>, in page order
    ids: frozenset[str] = frozenset()  # anchor targets: every id="" and <a name="">
    suppressions: tuple[Suppression, ...] = ()
    line_count: int = 0
    # The text of the lines a site-wide finding can point at (first line, title,
    # description, keyphrase, links), shown in reports.
    lines: Mapping[int, str] = field(default_factory=dict)

    def __reduce__(self) -> tuple[type[SiteFacts], tuple[object, ...]]:
        # As its constructor's arguments: a slotted dataclass otherwise pickles through
        # dataclasses' Python __getstate__ (see copydesk.lint.finding).
        return SiteFacts, (self.page, self.title, self.title_line, self.description,
                           self.description_line, self.canonical, self.robots, self.keyphrase,
                           self.keyphrase_line, self.links, self.ids, self.suppressions,
                           self.line_count, self.lines)

    @property
    def indexable(self) -> bool:
        return "noindex" not in self.robots.lower()

    def line(self, number: int) -> str:
        return self.lines.get(number, "")


def facts_of(document: Document) -> SiteFacts:
    """The site facts of a whole or slim (``site_rule.slim``) document."""
    page = document.page
    lines = document.lines
    if page is None:
        value = document.front_matter.get("keyphrase")
        line = next((number for number, text in enumerate(lines, start=1)
                     if text.startswith("keyphrase:")), 1)
        return SiteFacts(False, keyphrase=value if isinstance(value, str) else None,
                         keyphrase_line=line, suppressions=document.suppressions,
                         line_count=len(lines), lines=_kept(lines, (1, line)))
    keyphrase_line = page.meta_lines.get(KEYPHRASE_META, 1)
    links = tuple((link.href, link.line) for link in page.links)
    # A "#faq" link can only be broken by the page itself: the line of one that works is
    # never shown (citation links sit on the longest lines of an article).
    shown = [line for href, line in links
             if not href.startswith("#") or unquote(split_url(href.strip()).fragment)
             not in page.ids]
    return SiteFacts(
        True, page.title, page.title_line, page.description, page.description_line,
        page.canonical, page.meta.get("robots", ""), page.meta.get(KEYPHRASE_META),
        keyphrase_line, links, page.ids, document.suppressions, len(lines),
        _kept(lines, (1, page.title_line, page.description_line, keyphrase_line, *shown)))


def _kept(lines: list[str], numbers: tuple[int, ...]) -> dict[int, str]:
    return {number: lines[number - 1] for number in sorted(set(numbers))
            if 0 < number <= len(lines)}
