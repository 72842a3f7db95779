"""CD6xx links and images: alt text, internal and outbound links, vague link text.

Only links the page's own text makes count: in HTML, links inside <header>, <nav> and
<footer> are the site's menus, the same on every page, and are left out.

An image without alt is an error (it fails WCAG 1.1.1, and the fix is never a judgement
call); the link checks are warnings, advice on what the page could do better.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from copydesk.lint.document import Block, Document
from copydesk.lint.finding import Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.rules._page import canonical_parts, is_article, is_indexed, page_hit
from copydesk.lint.url_parts import split_url

_VAGUE_TEXT = frozenset({"click here", "read more", "here", "this link", "learn more",
                         "more", "click", "link", "this", "this page", "go", "see more"})
_NOT_A_PAGE_RE = re.compile(r"^(?:#|mailto:|tel:|javascript:|data:)", re.IGNORECASE)


class ContentLink(NamedTuple):
    """A link of the page's own text. A NamedTuple, immutable as a frozen dataclass but
    made without a call per field (six a link, for each link of every page)."""

    href: str
    text: str
    hit_block: Block | None  # Markdown: the block holding the link text
    start: int
    end: int
    line: int  # HTML: the line of the <a> tag

    def hit(self, message: str) -> Hit:
        return Hit(self.hit_block, self.start, self.end, message, line=self.line)


def content_links(document: Document) -> tuple[ContentLink, ...]:
    return document.once(_content_links)  # three rules read them


def _content_links(document: Document) -> tuple[ContentLink, ...]:
    if document.page is not None:
        return tuple(ContentLink(link.href, link.text, None, 0, 0, link.line)
                     for link in document.page.links if not link.navigation)
    return tuple(ContentLink(link.href, block.text[link.start:link.end], block, link.start,
                             link.end, 0)
                 for block in document.blocks for link in block.links)


def _own_host(document: Document) -> str:
    return canonical_parts(document)[0].lower()


def is_outbound(href: str, own_host: str) -> bool:
    host = split_url(href.strip()).netloc.lower()
    return bool(host) and host != own_host


def is_internal(href: str, own_host: str) -> bool:
    """A link to another page of the same site: relative, or absolute on the page's host;
    "#anchors" on the same page, mailto: and tel: are neither internal nor outbound."""
    href = href.strip()
    return bool(href) and not _NOT_A_PAGE_RE.match(href) and not is_outbound(href, own_host)


def check_image_missing_alt(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags an <img> without an ``alt`` attribute. ``alt=""`` marks a decorative image and
    is fine. Markdown images always carry alt text (possibly empty) and are not checked.

    Why it matters:
    Screen readers read the file name when alt is missing (WCAG 1.1.1), and search
    engines understand images through their alt text.

    Example:
    <img src="chart.png">: <img src="chart.png" alt="Demand for MLOps roles, 2024-2026">.
    """
    if document.page is None:
        return
    for image in document.page.images:
        if image.alt is None:
            yield Hit(None, 0, 0, f"image {image.src!r} has no alt attribute: describe it, "
                                  'or write alt="" if it is decorative', line=image.line)


def check_no_internal_link(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a page whose text links to no other page of the same site (relative links,
    or absolute ones on the canonical URL's host). Menus in <header>, <nav> and
    <footer> do not count.

    Why it matters:
    Internal links lead readers to the next useful page and tell search engines which
    pages matter and how they relate; a page without them is a dead end.

    Example:
    An article on MLOps hiring that never links to the MLOps role page: link it.
    """
    if not is_indexed(document):
        return
    host = _own_host(document)
    if not any(is_internal(link.href, host) for link in content_links(document)):
        yield page_hit(document, "page links to no other page of the site: link to a related "
                              "page")


def check_no_outbound_link(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags an article whose text links to no other site. Other page types (og:type
    "website", front matter ``type: role``) are not checked: a home or listing page
    cites nothing.

    Why it matters:
    Linking to sources and further reading lets readers check claims, and is part of
    what makes a page trustworthy; Yoast asks for at least one outbound link.

    Example:
    "A 2025 survey found..." with no link: link the survey.
    """
    if not is_indexed(document) or not is_article(document):
        return
    host = _own_host(document)
    if not any(is_outbound(link.href, host) for link in content_links(document)):
        yield page_hit(document, "page links to no other site: link the sources you cite")


def check_vague_link_text(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a link whose whole text is a vague phrase: "click here", "read more", "here",
    "this link", "learn more" and the like (case and punctuation do not count).

    Why it matters:
    Screen reader users list links out of context (WCAG 2.4.4), and search engines read
    link text to learn what the target is about; "click here" tells neither anything.

    Example:
    "To hire MLOps engineers, [click here](/roles/mlops/)": "[hire MLOps engineers](/roles/mlops/)".
    """
    for link in content_links(document):
        text = " ".join(re.sub(r"[^\w\s]", " ", link.text.casefold()).split())
        if text in _VAGUE_TEXT:
            yield link.hit(f"link text {link.text.strip()!r} says nothing about its target: "
                           "use words that name the page it opens")


RULES: tuple[Rule, ...] = (
    Rule("CD615", "image-missing-alt", Severity.ERROR, check_image_missing_alt),
    Rule("CD616", "no-internal-link", Severity.WARNING, check_no_internal_link),
    Rule("CD617", "no-outbound-link", Severity.WARNING, check_no_outbound_link),
    Rule("CD618", "vague-link-text", Severity.WARNING, check_vague_link_text),
)
