"""sitemap.xml, robots.txt, the Atom feed and claims.json, as strings.

Nothing here reads the clock: dates come from the content, so two builds of the same
content are byte-for-byte identical.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree

from copydesk.config import Config, SiteConfig
from copydesk.content.models import Article, Author, Source
from copydesk.render.jsonld import with_timezone
from copydesk.render.ledger import Claim
from copydesk.site.cache import BuiltPage, digest
from copydesk.site.urls import absolute_url

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
# An empty feed still needs an <updated>; the epoch keeps it deterministic.
_NO_DATE = datetime(1970, 1, 1, tzinfo=UTC)


def _xml(root: ElementTree.Element) -> str:
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def sitemap(site: SiteConfig, pages: Sequence[BuiltPage]) -> str:
    ElementTree.register_namespace("", SITEMAP_NS)
    root = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in pages:
        entry = ElementTree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = absolute_url(
            site, page.path.url)
        if page.lastmod is not None:
            lastmod = with_timezone(page.lastmod, site.timezone).date().isoformat()
            ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = lastmod
    return _xml(root)


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
    """An Atom 1.0 feed of ``(url path, article)`` pairs, newest first."""
    ElementTree.register_namespace("", ATOM_NS)

    def add(parent: ElementTree.Element, tag: str, text: str | None = None,
            **attributes: str) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
        element.text = text
        return element

    def stamp(moment: datetime) -> str:
        return with_timezone(moment, site.timezone).isoformat()

    entries = sorted(articles, key=lambda pair: with_timezone(pair[1].date, site.timezone),
                     reverse=True)
    changed = [with_timezone(a.updated or a.date, site.timezone) for _, a in entries]
    root = ElementTree.Element(f"{{{ATOM_NS}}}feed")
    add(root, "id", absolute_url(site, "/"))
    add(root, "title", site.title)
    add(root, "updated", stamp(max(changed, default=_NO_DATE)))
    add(root, "link", href=absolute_url(site, "/feed.xml"), rel="self")
    add(root, "link", href=absolute_url(site, "/"), rel="alternate")
    add(add(root, "author"), "name", site.title)
    for url, article in entries:
        entry = add(root, "entry")
        add(entry, "id", absolute_url(site, url))
        add(entry, "title", article.title)
        add(entry, "updated", stamp(article.updated or article.date))
        add(entry, "published", stamp(article.date))
        add(entry, "link", href=absolute_url(site, url), rel="alternate")
        add(entry, "summary", article.description)
        author = authors.get(article.author or "")
        if author is not None:
            add(add(entry, "author"), "name", author.name)
    return _xml(root)


def claims_json(config: Config, claims: Sequence[Claim]) -> str:
    """The claims ledger: which number on which page came from which source."""
    rows = [{
        "page": claim.page,
        "statistic": claim.statistic,
        "rendered": claim.rendered,
        "claim": claim.claim,
        "data": f"{config.display(claim.data.path)}:{claim.data.line}",
        "citation": claim.citation,
        "source": _source(claim.source),
    } for claim in claims]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def _source(source: Source | None) -> dict[str, str | None] | None:
    if source is None:
        return None
    published = source.published.isoformat() if source.published else None
    return {"name": source.name, "kind": source.kind, "url": source.url, "published": published}

