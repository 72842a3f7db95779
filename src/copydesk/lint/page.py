"""What an HTML page declares about itself: head metadata, headings, links, images, JSON-LD.

Read once from the parsed page by the HTML reader (``Document.page``) so that the SEO,
structured-data and site-wide rules never parse the page again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from copydesk.lint.html_tree import Element, ElementIndex, Text


# Their __init__ is written here (init=False): the one dataclass writes sets each field
# through object.__setattr__ (frozen), and a built page makes some fifteen headings and
# links (~0.3 us each saved; a test holds each to the fields it is given).
@dataclass(frozen=True, init=False)
class PageHeading:
    level: int
    text: str
    line: int
    id: str = ""

    def __init__(self, level: int, text: str, line: int, id: str = "") -> None:
        self.__dict__.update(level=level, text=text, line=line, id=id)


@dataclass(frozen=True, init=False)
class PageLink:
    href: str
    text: str
    line: int
    rel: str = ""
    # Inside <header>, <nav> or <footer>: the site's menus, repeated on every page, not
    # links the page's own text makes.
    navigation: bool = False

    def __init__(self, href: str, text: str, line: int, rel: str = "",
                 navigation: bool = False) -> None:
        self.__dict__.update(href=href, text=text, line=line, rel=rel, navigation=navigation)


@dataclass(frozen=True)
class PageImage:
    src: str
    alt: str | None  # None when the attribute is missing; "" is a decorative image
    line: int


@dataclass(frozen=True)
class JsonLdBlock:
    text: str  # the script element's raw content
    line: int  # line of the <script> tag


@dataclass(frozen=True)
class PageInfo:
    title: str | None = None
    title_line: int = 0
    description: str | None = None
    description_line: int = 0
    canonical: str | None = None
    lang: str | None = None
    # <meta name=...>/<meta property=...> content by lower-cased key ("og:title", "robots")
    meta: Mapping[str, str] = field(default_factory=dict)
    meta_lines: Mapping[str, int] = field(default_factory=dict)
    headings: tuple[PageHeading, ...] = ()
    links: tuple[PageLink, ...] = ()
    images: tuple[PageImage, ...] = ()
    json_ld: tuple[JsonLdBlock, ...] = ()
    ids: frozenset[str] = frozenset()  # every id="" and <a name=""> on the page: anchor targets
    # <time datetime=...> values shown on the page, with their lines
    times: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class BodyFacts:
    """What a body read from its renderer's record (``html_body``), not from the page's
    tree, declares: its headings, its links (href, text, line) and its ids."""

    headings: tuple[PageHeading, ...]
    links: tuple[tuple[str, str, int], ...]
    ids: frozenset[str]


def _line(element: Element) -> int:
    return element.line or 0


def _words(element: Element) -> str:
    """The text of ``element`` (not a string container), its words one space apart: an
    element holding one text node alone, as most headings and links do, read without
    gathering its texts (a test holds the two ways to each other)."""
    children = element.children
    if len(children) == 1 and type(children[0]) is Text and children[0][1] == "text":
        return " ".join(children[0][0].split())
    return " ".join(element.get_text(" ").split())


_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


def _anchor_targets(elements: Iterable[Element]) -> Iterator[str]:
    """Every id="" and <a name=""> of ``elements`` (most have no attribute at all)."""
    for tag in elements:
        attrs = tag.attrs
        if attrs:
            if value := attrs.get("id"):
                yield value
            if tag.name == "a" and (value := attrs.get("name")):
                yield value


def extract_page(index: ElementIndex, body: BodyFacts | None = None) -> PageInfo:
    """The page's facts; ``body``: those of the body that ``index.body`` stands for."""
    named = index.named
    title_tag = index.first("title")
    html_tag = index.first("html")
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    for tag in named.get("meta", ()):
        key = tag.attrs.get("name") or tag.attrs.get("property")
        content = tag.attrs.get("content")
        if key and content is not None and key.lower() not in meta:
            meta[key.lower()] = content.strip()
            meta_lines[key.lower()] = _line(tag)
    canonical = next((tag.attrs.get("href") for tag in named.get("link", ())
                      if "canonical" in tag.attrs.get("rel", "").lower().split()), None)
    headings = tuple(
        PageHeading(int(tag.name[1]), _words(tag), _line(tag),
                    tag.attrs.get("id", ""))
        for tag in index.ordered if tag.name in _HEADINGS)
    anchors = named.get("a", [])
    links = tuple(
        PageLink(tag.attrs["href"], _words(tag), _line(tag),
                 tag.attrs.get("rel", "").lower(), id(tag) in index.in_chrome)
        for tag in anchors if "href" in tag.attrs)
    ids = frozenset(_anchor_targets(index.ordered))
    if body is not None and index.body is not None:  # the body's, in their place
        before = index.before_body
        split = sum(1 for tag in anchors[:before.get("a", 0)] if "href" in tag.attrs)
        navigation = id(index.body) in index.in_chrome
        links = (*links[:split], *(PageLink(href, text, line, "", navigation)
                                   for href, text, line in body.links), *links[split:])
        split = sum(before.get(name, 0) for name in _HEADINGS)
        headings = (*headings[:split], *body.headings, *headings[split:])
        ids |= body.ids
    images = tuple(PageImage(tag.attrs.get("src", ""), tag.attrs.get("alt"), _line(tag))
                   for tag in named.get("img", ()))
    json_ld = tuple(JsonLdBlock(tag.string() or tag.get_text(), _line(tag))
                    for tag in named.get("script", ())
                    if tag.attrs.get("type", "").lower() == "application/ld+json")
    times = tuple((tag.attrs.get("datetime", ""), _line(tag))
                  for tag in named.get("time", ()) if "datetime" in tag.attrs)
    # Its fields set in its __dict__ at once, every one of them (a test holds it to
    # PageInfo(...)): the dataclass's __init__ sets each of the fifteen through
    # object.__setattr__ (frozen), ~20 K instructions a page.
    info = _new_object(PageInfo)
    info.__dict__.update(
        title=" ".join(title_tag.get_text().split()) if title_tag is not None else None,
        title_line=_line(title_tag) if title_tag is not None else 0,
        description=meta.get("description"),
        description_line=meta_lines.get("description", 0),
        canonical=canonical,
        lang=html_tag.attrs.get("lang") if html_tag is not None else None,
        meta=meta, meta_lines=meta_lines, headings=headings, links=links, images=images,
        json_ld=json_ld, ids=ids, times=times,
    )
    return info


_new_object = object.__new__
