from datetime import datetime
from pathlib import Path

from lxml import etree

from copydesk.site.build import build_project
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
