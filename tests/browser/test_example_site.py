"""The example site in chromium: every page loads cleanly and its JSON-LD parses in the page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import PageLog
from tests.site.helpers import built_example

ARTICLE = "most-in-demand-machine-learning-roles-2026/"


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_example(tmp_path_factory.mktemp("browser-example") / "project") / "site"


def _page_urls(site: Path) -> list[str]:
    urls = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        urls.append(relative.removesuffix("index.html"))
    return urls


def test_every_page_loads_without_errors_and_its_jsonld_parses(
        example_site: Path, static_server: Callable[[Path], str], page: Page,
        page_log: PageLog) -> None:
    base = static_server(example_site)
    urls = _page_urls(example_site)
    assert len(urls) == 8
    for url in urls:
        response = page.goto(f"{base}/{url}")
        assert response is not None and response.ok, url
        # JSON.parse in the page itself: what a crawler's script engine would see
        parsed = page.evaluate("""() => [...document.querySelectorAll(
            'script[type="application/ld+json"]')].map(s => JSON.parse(s.textContent)['@type'])""")
        assert parsed or url == "404.html", url
    page_log.assert_clean()


def test_article_jsonld_types_and_screenshot(
        example_site: Path, static_server: Callable[[Path], str], page: Page,
        page_log: PageLog, artifacts_dir: Path) -> None:
    page.goto(f"{static_server(example_site)}/{ARTICLE}")
    types = page.evaluate("""() => [...document.querySelectorAll(
        'script[type="application/ld+json"]')].map(s => JSON.parse(s.textContent)['@type'])""")
    assert types == ["BlogPosting", "BreadcrumbList", "FAQPage"]
    assert page.locator("h1").inner_text().startswith("The Most In-Demand")
    page.screenshot(path=str(artifacts_dir / "example-article.png"), full_page=True)
    assert (artifacts_dir / "example-article.png").stat().st_size > 10_000
    page_log.assert_clean()
