from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from copydesk.errors import BuildError, ConfigError, Location
from copydesk.site.build import build_project
from tests.site.helpers import jsonld_blocks, jsonld_faq, snapshot, visible_faq
from tests.site.records import make_config, make_project

NOW = datetime(2026, 6, 1)


def build(root: Path, **article_changes: object) -> dict[str, bytes]:
    config = make_config(root)
    build_project(config, make_project(root, **article_changes), now=NOW)
    return snapshot(root / "site")


def test_builds_every_page_and_file(tmp_path: Path) -> None:
    assert sorted(build(tmp_path)) == [
        "404.html", "claims.json", "feed.xml", "index.html", "post/index.html",
        "robots.txt", "roles/llm-engineer/index.html", "sitemap.xml"]


def test_two_builds_are_byte_for_byte_identical(tmp_path: Path) -> None:
    first = build(tmp_path)
    assert build(tmp_path) == first


def test_article_cites_sources_in_order_and_warns_about_holes(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    result = build_project(config, make_project(tmp_path), now=NOW)
    html = (tmp_path / "site/post/index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    sources = soup.select("section.sources li")
    assert [(li["id"], li.a["href"]) for li in sources] == [
        ("source-1", "https://survey.example.org/2026")]
    assert "published" in sources[0].get_text()
    assert "[Insert %]" in html
    assert [str(w) for w in result.warnings] == [
        "content/data/statistics.yaml:14: statistic 'missing' has no value; /post/ shows "
        "'[Insert %]'",
        "content/data/statistics.yaml:14: statistic 'missing' has no value; "
        "/roles/llm-engineer/ shows '[Insert %]'"]
    assert [(c.page, c.statistic, c.citation) for c in result.ledger] == [
        ("/post/", "rag-share", 1), ("/post/", "unsourced", None),
        ("/post/", "rag-share", 1), ("/post/", "missing", None),
        ("/roles/llm-engineer/", "rag-share", 1), ("/roles/llm-engineer/", "missing", None),
        ("/roles/llm-engineer/", "rag-share", 1), ("/roles/llm-engineer/", "missing", None)]


def test_only_the_404_page_asks_not_to_be_indexed(tmp_path: Path) -> None:
    files = build(tmp_path)
    noindex = [name for name, content in files.items()
               if b'<meta name="robots" content="noindex">' in content]
    assert noindex == ["404.html"]


def test_a_front_matter_image_becomes_og_image_and_jsonld_image(tmp_path: Path) -> None:
    html = build(tmp_path, extra={"image": "/img/roles.png"})["post/index.html"].decode()
    assert '<meta property="og:image" content="https://test.example/img/roles.png">' in html
    assert jsonld_blocks(html)[0]["image"] == "https://test.example/img/roles.png"
    assert "og:image" not in build(tmp_path)["post/index.html"].decode()


def test_role_page_shows_salary_skills_and_its_statistics(tmp_path: Path) -> None:
    html = build(tmp_path)["roles/llm-engineer/index.html"].decode()
    assert "$180,000 to $260,000 a year in 2026" in html
    assert "<li>vector databases</li>" in html
    assert "RAG in LLM job listings" in html
    [occupation] = [b for b in jsonld_blocks(html) if b["@type"] == "Occupation"]
    assert occupation["estimatedSalary"][0]["minValue"] == 180000
    assert "JobPosting" not in html


def test_every_page_has_parseable_jsonld_and_faq_matches_what_is_shown(tmp_path: Path) -> None:
    files = build(tmp_path)
    for name, content in files.items():
        if name.endswith(".html") and name != "404.html":
            assert jsonld_blocks(content.decode()), name
    article = files["post/index.html"].decode()
    assert visible_faq(article) == jsonld_faq(article) == [
        ("What is RAG?", "Retrieval-augmented generation.")]
    types = [block["@type"] for block in jsonld_blocks(article)]
    assert types == ["BlogPosting", "BreadcrumbList", "FAQPage"]


def test_script_tags_in_data_are_escaped_in_html_and_jsonld(tmp_path: Path) -> None:
    evil = "</script><script>alert('x')</script>"
    html = build(tmp_path, title=evil, description=evil)["post/index.html"].decode()
    assert "<script>alert" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("script")) == 3  # exactly the JSON-LD blocks
    assert soup.h1.get_text() == evil
    assert jsonld_blocks(html)[0]["headline"] == evil


def test_script_tags_in_faq_and_body_are_escaped(tmp_path: Path) -> None:
    evil = "</script><script>alert('x')</script>"
    config = make_config(tmp_path)
    project = make_project(tmp_path, body=f"Body {evil}\n")
    entry = replace(project.faq["q1"], question=evil, answer=evil)
    build_project(config, replace(project, faq={"q1": entry}), now=NOW)
    html = (tmp_path / "site/post/index.html").read_text()
    assert "<script>alert" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("script")) == 3
    assert visible_faq(html) == jsonld_faq(html) == [(evil, evil)]
    assert evil in soup.article.p.find_next("p").get_text()


def test_drafts_and_future_articles_are_left_out_unless_asked(tmp_path: Path) -> None:
    assert "post/index.html" not in build(tmp_path, draft=True)
    assert "post/index.html" not in build(tmp_path, date=datetime(2026, 7, 1))
    config = make_config(tmp_path)
    project = make_project(tmp_path, draft=True, date=datetime(2026, 7, 1))
    result = build_project(config, project, drafts=True, future=True, now=NOW)
    assert "/post/" in [page.path.url for page in result.pages]


def test_index_lists_articles_newest_first(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    project = make_project(tmp_path)
    older = replace(project.articles[0], slug="older", title="Older",
                    date=datetime(2025, 3, 1))
    build_project(config, replace(project, articles=(older, *project.articles)), now=NOW)
    soup = BeautifulSoup((tmp_path / "site/index.html").read_text(), "html.parser")
    assert [a.get_text() for a in soup.select("section.articles h3 a")] == ["A Post", "Older"]


@pytest.mark.parametrize("slug", ["../x", "/etc/x", "a/../../b", ".."])
def test_a_slug_escaping_site_fails_and_keeps_the_old_site(tmp_path: Path, slug: str) -> None:
    before = build(tmp_path)
    with pytest.raises(BuildError, match="would write outside site/") as caught:
        build(tmp_path, slug=slug)
    assert caught.value.location == Location(str(tmp_path / "content/articles/post.md"), 1)
    assert snapshot(tmp_path / "site") == before


def test_two_pages_with_one_url_fail_naming_both(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    project = make_project(tmp_path)
    twin = replace(project.articles[0], location=Location("content/articles/twin.md", 1))
    with pytest.raises(BuildError) as caught:
        build_project(config, replace(project, articles=(*project.articles, twin)), now=NOW)
    assert str(caught.value) == (
        "content/articles/twin.md:1: two pages claim the URL /post/: "
        f"{tmp_path / 'content/articles/post.md'}:1 and content/articles/twin.md:1")
    assert not (tmp_path / "site").exists()


def test_an_output_dir_that_would_replace_sources_is_refused(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    config = replace(config, site=replace(config.site, output_dir="."))
    with pytest.raises(BuildError, match="would replace the project root"):
        build_project(config, make_project(tmp_path), now=NOW)


def test_an_unknown_time_zone_is_a_config_error(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    config = replace(config, site=replace(config.site, timezone="Mars/Olympus"))
    with pytest.raises(ConfigError, match="unknown time zone 'Mars/Olympus'"):
        build_project(config, make_project(tmp_path), now=NOW)
