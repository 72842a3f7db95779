"""sitemap.xml, robots.txt, the Atom feed and claims.json, as strings.

Nothing here reads the clock: dates come from the content, so two builds of the same
content are byte-for-byte identical.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree

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


def _xml(root: ElementTree.Element) -> str:
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def sitemap_entry(site: SiteConfig, url: str, lastmod: datetime | None) -> str:
    """A page's ``<url>`` element in :func:`sitemap`, as ElementTree indents it there."""
    lines = [f"    <loc>{_escaped(absolute_url(site, url))}</loc>\n"]
    if lastmod is not None:
        day = with_timezone(lastmod, site.timezone).date().isoformat()
        lines.append(f"    <lastmod>{day}</lastmod>\n")
    return f"  <url>\n{''.join(lines)}  </url>\n"


def sitemap(entries: Iterable[str]) -> str:
    """sitemap.xml of the pages' :func:`sitemap_entry` ("" for a page not listed)."""
    body = "".join(entries)
    start = f"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"{SITEMAP_NS}\""
    return f"{start}>\n{body}</urlset>\n" if body else f"{start} />\n"


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


def claims_entry(config: Config, claims: Sequence[Claim]) -> str:
    """A page's rows of :func:`claims_json`, as ``json.dumps(indent=2)`` writes them there.

    Laid out here, each value encoded alone: with an indent, ``json.dumps`` runs the
    pure-Python encoder, twice as slow, whose closures are left in reference cycles (a
    hundred objects a page for the collector to find in each worker)."""
    return ",\n".join(_indented_row(_claim_row(config, claim)) for claim in claims)


# One value as json.dumps(value, ensure_ascii=False) writes it (the C encoder, no cycles).
_encoded = json.JSONEncoder(ensure_ascii=False).encode


def _indented_row(row: Mapping[str, object]) -> str:
    """A claim's row as an item of claims.json's list: indented by 2, its source by 4."""
    fields = []
    for key, value in row.items():
        if isinstance(value, dict):
            inner = ",\n".join(f"      {_encoded(name)}: {_encoded(item)}"
                               for name, item in value.items())
            fields.append(f"    {_encoded(key)}: {{\n{inner}\n    }}")
        else:
            fields.append(f"    {_encoded(key)}: {_encoded(value)}")
    return "  {\n" + ",\n".join(fields) + "\n  }"


def claims_json(entries: Iterable[str]) -> str:
    """The claims ledger (which number on which page came from which source) from the
    pages' :func:`claims_entry` ("" for a page without claims)."""
    rows = ",\n".join(entry for entry in entries if entry)
    return f"[\n{rows}\n]\n" if rows else "[]\n"


def _claim_row(config: Config, claim: Claim) -> dict[str, object]:
    return {
        "page": claim.page,
        "statistic": claim.statistic,
        "rendered": claim.rendered,
        "claim": claim.claim,
        "data": f"{config.display(claim.data.path)}:{claim.data.line}",
        "citation": claim.citation,
        "source": _source(claim.source),
    }


def _source(source: Source | None) -> dict[str, str | None] | None:
    if source is None:
        return None
    published = source.published.isoformat() if source.published else None
    return {"name": source.name, "kind": source.kind, "url": source.url, "published": published}

