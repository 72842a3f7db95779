import gc
import json
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from copydesk.config import Config, SiteConfig
from copydesk.content.models import Article, Author, Source
from copydesk.errors import Location
from copydesk.heap import collection_paused
from copydesk.render.jsonld import with_timezone
from copydesk.render.ledger import Claim
from copydesk.site import feeds
from copydesk.site.build import build_project
from copydesk.site.urls import absolute_url
from tests.site.records import make_config, make_project

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def built(tmp_path: Path) -> Path:
    build_project(make_config(tmp_path), make_project(tmp_path), now=datetime(2026, 6, 1))
    return tmp_path / "site"


def test_atom_feed_has_ids_updated_and_entries(tmp_path: Path) -> None:
    feed = etree.parse(str(built(tmp_path) / "feed.xml")).getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "https://test.example/"
    assert feed.findtext(f"{ATOM}updated") == "2026-01-15T00:00:00+00:00"
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == "https://test.example/post/"
    assert entry.findtext(f"{ATOM}title") == "A Post"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Jo Writer"


def test_sitemap_lists_pages_but_not_404_and_robots_points_at_it(tmp_path: Path) -> None:
    site = built(tmp_path)
    urlset = etree.parse(str(site / "sitemap.xml")).getroot()
    assert [url.findtext(f"{SITEMAP}loc") for url in urlset] == [
        "https://test.example/", "https://test.example/post/",
        "https://test.example/roles/llm-engineer/"]
    assert urlset[1].findtext(f"{SITEMAP}lastmod") == "2026-01-15"
    assert "Sitemap: https://test.example/sitemap.xml" in (site / "robots.txt").read_text()


# What sitemap.xml and claims.json were made with before the pages made their parts: the
# files joined from the parts must be these, byte for byte.
def sitemap_by_element_tree(site: SiteConfig, pages: list[tuple[str, datetime | None]]) -> str:
    namespace = SITEMAP[1:-1]
    ElementTree.register_namespace("", namespace)
    root = ElementTree.Element(f"{SITEMAP}urlset")
    for url, lastmod in pages:
        entry = ElementTree.SubElement(root, f"{SITEMAP}url")
        ElementTree.SubElement(entry, f"{SITEMAP}loc").text = absolute_url(site, url)
        if lastmod is not None:
            ElementTree.SubElement(entry, f"{SITEMAP}lastmod").text = with_timezone(
                lastmod, site.timezone).date().isoformat()
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


URLS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
MOMENTS = st.none() | st.datetimes(timezones=st.just(UTC) | st.none())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(URLS.map(lambda text: f"/{text}/"), MOMENTS), max_size=4),
       st.sampled_from(["UTC", "Europe/London", "Pacific/Kiritimati"]))
def test_the_sitemap_joined_from_parts_is_the_element_tree_one(
        pages: list[tuple[str, datetime | None]], timezone: str) -> None:
    site = SiteConfig(title="T", base_url="https://test.example/a&b", timezone=timezone)
    joined = feeds.sitemap(feeds.sitemap_entry(site, url, lastmod) for url, lastmod in pages)
    assert joined == sitemap_by_element_tree(site, pages)


def atom_by_element_tree(site: SiteConfig, articles: list[tuple[str, Article]],
                         authors: dict[str, Author]) -> str:
    """The feed as it was made before feeds.atom wrote it without the tree."""
    ElementTree.register_namespace("", ATOM[1:-1])

    def add(parent: ElementTree.Element, tag: str, text: str | None = None,
            **attributes: str) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{ATOM}{tag}", attributes)
        element.text = text
        return element

    def stamp(moment: datetime) -> str:
        return with_timezone(moment, site.timezone).isoformat()

    entries = sorted(articles, key=lambda pair: with_timezone(pair[1].date, site.timezone),
                     reverse=True)
    changed = [with_timezone(a.updated or a.date, site.timezone) for _, a in entries]
    root = ElementTree.Element(f"{ATOM}feed")
    add(root, "id", absolute_url(site, "/"))
    add(root, "title", site.title)
    add(root, "updated", stamp(max(changed, default=datetime(1970, 1, 1, tzinfo=UTC))))
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
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# Any text but lone surrogates, the marks XML escapes and the whitespace attributes escape
# more often than chance would give them.
TEXTS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",))
                | st.sampled_from('&<>"\r\n\t '), max_size=12)
ARTICLES = st.builds(
    lambda url, title, description, date, updated, author: (f"/{url}/", Article(
        Path("a.md"), "a", title, description, date, "", 1, Location("a.md"), updated, author)),
    TEXTS, TEXTS, TEXTS, st.datetimes(timezones=st.just(UTC) | st.none()),
    st.none() | st.datetimes(timezones=st.just(UTC) | st.none()),
    st.none() | st.sampled_from(["jo", "nobody"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(ARTICLES, max_size=4), TEXTS, TEXTS,
       st.sampled_from(["UTC", "Europe/London", "Pacific/Kiritimati"]))
def test_the_atom_feed_is_the_element_tree_one(
        articles: list[tuple[str, Article]], title: str, author: str, timezone: str) -> None:
    site = SiteConfig(title=title, base_url="https://test.example/a&b", timezone=timezone)
    authors = {"jo": Author("jo", author, Location("authors.yaml"))}
    assert feeds.atom(site, articles, authors) == atom_by_element_tree(site, articles, authors)


CLAIMS = st.builds(
    Claim, page=URLS, statistic=URLS, rendered=URLS, claim=URLS,
    data=st.builds(Location, st.just("content/data/statistics.yaml"), st.integers(0, 99)),
    citation=st.none() | st.integers(1, 9),
    source=st.none() | st.builds(Source, URLS, st.sampled_from(["external", "first-party"]),
                                 st.none() | URLS, st.none() | st.dates()))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(CLAIMS, max_size=3), max_size=4))
def test_claims_json_joined_from_parts_is_the_whole_dump(pages: list[list[Claim]]) -> None:
    config = make_config_in_memory()
    rows = [{"page": claim.page, "statistic": claim.statistic, "rendered": claim.rendered,
             "claim": claim.claim, "data": f"{claim.data.path}:{claim.data.line}",
             "citation": claim.citation,
             "source": None if claim.source is None else {
                 "name": claim.source.name, "kind": claim.source.kind, "url": claim.source.url,
                 "published": claim.source.published.isoformat() if claim.source.published
                 else None}}
            for claims in pages for claim in claims]
    joined = feeds.claims_json(feeds.claims_entry(config, claims) for claims in pages)
    assert joined == json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    assert json.loads(joined) == rows


def test_a_page_s_claims_leave_no_reference_cycle_behind() -> None:
    # Workers collect what each page leaves in a cycle: json.dumps(indent=2) left some.
    claim = Claim("/p/", "s", "5%", "claim \u201c5%\u201d\n", Location("data.yaml", 3), 1,
                  Source("Survey", url="https://s.example"))
    config = make_config_in_memory()
    with collection_paused():
        gc.collect()
        entry = feeds.claims_entry(config, [claim, claim])
        assert gc.collect() == 0
    assert json.loads(f"[{entry}]")[1]["claim"] == "claim \u201c5%\u201d\n"


def make_config_in_memory() -> Config:
    return Config(root=Path("/project"), source=None, site=SiteConfig(title="T"))
