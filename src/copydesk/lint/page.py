"""What an HTML page declares about itself: head metadata, headings, links, images, JSON-LD.

Read once from the parsed soup by the HTML reader (``Document.page``) so that the SEO,
structured-data and site-wide rules never parse the page again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag


@dataclass(frozen=True)
class PageHeading:
    level: int
    text: str
    line: int
    id: str = ""


@dataclass(frozen=True)
class PageLink:
    href: str
    text: str
    line: int
    rel: str = ""
    # Inside <header>, <nav> or <footer>: the site's menus, repeated on every page, not
    # links the page's own text makes.
    navigation: bool = False


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


def _line(tag: Tag) -> int:
    return tag.sourceline or 0


def _attr(tag: Tag, name: str) -> str | None:
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value


_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


def extract_page(soup: BeautifulSoup) -> PageInfo:
    # One walk over the tree, grouped by tag name (document order kept): a find_all per
    # kind of tag walked the whole page nine times, most of the time reading a page took.
    tags = soup.find_all(True)
    named: dict[str, list[Tag]] = {}
    for tag in tags:
        named.setdefault(tag.name, []).append(tag)
    title_tag = next(iter(named.get("title", ())), None)
    html_tag = next(iter(named.get("html", ())), None)
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    for tag in named.get("meta", ()):
        key = _attr(tag, "name") or _attr(tag, "property")
        content = _attr(tag, "content")
        if key and content is not None and key.lower() not in meta:
            meta[key.lower()] = content.strip()
            meta_lines[key.lower()] = _line(tag)
    canonical = next((_attr(tag, "href") for tag in named.get("link", ())
                      if "canonical" in (_attr(tag, "rel") or "").lower().split()), None)
    headings = tuple(
        PageHeading(int(tag.name[1]), " ".join(tag.get_text(" ").split()), _line(tag),
                    _attr(tag, "id") or "")
        for tag in tags if tag.name in _HEADINGS)
    links = tuple(
        PageLink(_attr(tag, "href") or "", " ".join(tag.get_text(" ").split()), _line(tag),
                 (_attr(tag, "rel") or "").lower(),
                 tag.find_parent(("header", "nav", "footer")) is not None)
        for tag in named.get("a", ()) if tag.has_attr("href"))
    images = tuple(PageImage(_attr(tag, "src") or "", _attr(tag, "alt"), _line(tag))
                   for tag in named.get("img", ()))
    # str(): a bs4 string keeps its whole tree alive (and in a pickle, deep recursion)
    json_ld = tuple(JsonLdBlock(str(tag.string or tag.get_text()), _line(tag))
                    for tag in named.get("script", ())
                    if (_attr(tag, "type") or "").lower() == "application/ld+json")
    ids = frozenset(value for tag in tags
                    for value in (_attr(tag, "id"), _attr(tag, "name") if tag.name == "a" else None)
                    if value)
    times = tuple((_attr(tag, "datetime") or "", _line(tag))
                  for tag in named.get("time", ()) if tag.has_attr("datetime"))
    return PageInfo(
        title=" ".join(title_tag.get_text().split()) if isinstance(title_tag, Tag) else None,
        title_line=_line(title_tag) if isinstance(title_tag, Tag) else 0,
        description=meta.get("description"),
        description_line=meta_lines.get("description", 0),
        canonical=canonical,
        lang=_attr(html_tag, "lang") if isinstance(html_tag, Tag) else None,
        meta=meta, meta_lines=meta_lines, headings=headings, links=links, images=images,
        json_ld=json_ld, ids=ids, times=times,
    )
