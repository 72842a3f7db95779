"""sitemap.xml, robots.txt, the Atom feed and claims.json, as strings.

Nothing here reads the clock: dates come from the content, so two builds of the same
content are byte-for-byte identical.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache

from copydesk.config import Config, SiteConfig
from copydesk.content.models import Article, Author, Source
from copydesk.render.jsonld import with_timezone
from copydesk.render.ledger import Claim
from copydesk.site.cache import digest
from copydesk.site.urls import absolute_url

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
# An empty feed still needs an <updated>; the epoch keeps it deterministic.
_NO_DATE = datetime(1970, 1, 1, tzinfo=UTC)


def sitemap_entry(site: SiteConfig, url: str, lastmod: datetime | None) -> str:
    """A page's ``<url>`` element in :func:`sitemap`, as ElementTree indents it there."""
    lines = [f"    <loc>{_escaped(absolute_url(site, url))}</loc>\n"]
    if lastmod is not None:
        day = with_timezone(lastmod, site.timezone).date().isoformat()
        lines.append(f"    <lastmod>{day}</lastmod>\n")
    return f"  <url>\n{''.join(lines)}  </url>\n"


def sitemap(entries: Iterable[str]) -> str:
    """sitemap.xml of the pages' :func:`sitemap_entry` ("" for a page not listed)."""
    listed = [entry for entry in entries if entry]
    start = f"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"{SITEMAP_NS}\""
    # Joined once with its ends: a body joined first is copied again (1.5 MB at 10,000 posts).
    return "".join((f"{start}>\n", *listed, "</urlset>\n")) if listed else f"{start} />\n"


def _escaped(text: str) -> str:
    """Text as ElementTree writes it in an element."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def robots(site: SiteConfig) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(site, '/sitemap.xml')}\n"


def atom_inputs(articles: Sequence[tuple[str, Article]], authors: Mapping[str, Author]) -> str:
    """The digest of all that :func:`atom` reads of the articles: a feed made from the same
    (with the same site settings) is the same."""
    return digest([(url, article.title, article.date, article.updated, article.description,
                    getattr(authors.get(article.author or ""), "name", None))
                   for url, article in articles])


def atom(site: SiteConfig, articles: Sequence[tuple[str, Article]],
         authors: Mapping[str, Author]) -> str:
    """An Atom 1.0 feed of ``(url path, article)`` pairs, newest first.

    Written as ElementTree indents and writes the feed's tree (the tests hold it to that),
    without making the tree: at 10,000 articles the tree and its serialisation were a
    third of a second of the build's main process, alone on a core."""

    def stamp(moment: datetime) -> str:
        return with_timezone(moment, site.timezone).isoformat()

    entries = sorted(articles, key=lambda pair: with_timezone(pair[1].date, site.timezone),
                     reverse=True)
    changed = [with_timezone(a.updated or a.date, site.timezone) for _, a in entries]
    parts = ["<?xml version='1.0' encoding='utf-8'?>\n", f'<feed xmlns="{ATOM_NS}">\n',
             _element(1, "id", absolute_url(site, "/")),
             _element(1, "title", site.title),
             _element(1, "updated", stamp(max(changed, default=_NO_DATE))),
             _link(1, absolute_url(site, "/feed.xml"), "self"),
             _link(1, absolute_url(site, "/"), "alternate"),
             _author(1, site.title)]
    for url, article in entries:
        address = absolute_url(site, url)
        author = authors.get(article.author or "")
        parts.append(f"  <entry>\n{_element(2, 'id', address)}"
                     f"{_element(2, 'title', article.title)}"
                     f"{_element(2, 'updated', stamp(article.updated or article.date))}"
                     f"{_element(2, 'published', stamp(article.date))}"
                     f"{_link(2, address, 'alternate')}"
                     f"{_element(2, 'summary', article.description)}"
                     f"{'' if author is None else _author(2, author.name)}  </entry>\n")
    parts.append("</feed>\n")
    return "".join(parts)


def _element(depth: int, tag: str, text: str | None) -> str:
    """An element with text alone on a line of its own, as ElementTree writes it."""
    pad = "  " * depth
    return f"{pad}<{tag}>{_escaped(text)}</{tag}>\n" if text else f"{pad}<{tag} />\n"


def _link(depth: int, href: str, rel: str) -> str:
    """A ``<link>`` of the feed, as ElementTree writes it (attributes in their order)."""
    return f'{"  " * depth}<link href="{_escaped_attribute(href)}" rel="{rel}" />\n'


def _author(depth: int, name: str) -> str:
    pad = "  " * depth
    return f"{pad}<author>\n{_element(depth + 1, 'name', name)}{pad}</author>\n"


def _escaped_attribute(text: str) -> str:
    """An attribute's value as ElementTree writes it."""
    return (_escaped(text).replace('"', "&quot;").replace("\r", "&#13;")
            .replace("\n", "&#10;").replace("\t", "&#09;"))


def claims_entry(config: Config, claims: Sequence[Claim]) -> str:
    """A page's rows of :func:`claims_json`, as ``json.dumps(indent=2)`` writes them there.

    Laid out here, each value encoded alone: with an indent, ``json.dumps`` runs the
    pure-Python encoder, twice as slow, whose closures are left in reference cycles (a
    hundred objects a page for the collector to find in each worker). A row is written
    at once, its source's lines made once a source (:func:`_source`): a few sources are
    cited on every page."""
    return ",\n".join(
        f'  {{\n    "page": {_encoded(claim.page)},\n'
        f'    "statistic": {_encoded(claim.statistic)},\n'
        f'    "rendered": {_encoded(claim.rendered)},\n'
        f'    "claim": {_encoded(claim.claim)},\n'
        f'    "data": {_encoded(f"{config.display(claim.data.path)}:{claim.data.line}")},\n'
        f'    "citation": {_encoded(claim.citation)},\n'
        f'    "source": {_source(claim.source)}\n  }}'
        for claim in claims)


# One value as json.dumps(value, ensure_ascii=False) writes it (the C encoder, no cycles).
_encoded = json.JSONEncoder(ensure_ascii=False).encode


@lru_cache(maxsize=256)
def _source(source: Source | None) -> str:
    """A claim's source as the value of its row's "source" (:func:`claims_entry`)."""
    if source is None:
        return "null"
    published = source.published.isoformat() if source.published else None
    fields = (("name", source.name), ("kind", source.kind), ("url", source.url),
              ("published", published))
    inner = ",\n".join(f"      {_encoded(name)}: {_encoded(value)}" for name, value in fields)
    return f"{{\n{inner}\n    }}"


def claims_json(entries: Iterable[str]) -> str:
    """The claims ledger (which number on which page came from which source) from the
    pages' :func:`claims_entry` ("" for a page without claims)."""
    parts = ["[\n"]
    for entry in entries:
        if entry:
            parts += (entry, ",\n")
    if len(parts) == 1:
        return "[]\n"
    # Joined once with its ends: rows joined first are copied again (12 MB at 10,000 posts).
    parts[-1] = "\n]\n"
    return "".join(parts)
