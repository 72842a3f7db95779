"""``copydesk serve`` in chromium: live reload, the findings overlay, the build error page."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from copydesk.serve.server import Preview
from copydesk.site.init import init_project
from tests.browser.conftest import PageLog

ARTICLE_URL = "most-in-demand-machine-learning-roles-2026/"
ARTICLE = Path("content/articles/most-in-demand-machine-learning-roles-2026.md")
ROLES = Path("content/data/roles.yaml")
OPENING = "The most in-demand machine learning roles in 2026 are driven"
WAIT_MS = 10_000  # a rebuild takes about a second; the machine's cores are shared


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    init_project(root)
    return root


@pytest.fixture
def serve(project: Path) -> Iterator[Preview]:
    preview = Preview(project, port=0)
    preview.start()
    yield preview
    preview.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_article_appears_without_a_manual_reload(
        project: Path, serve: Preview, page: Page, page_log: PageLog) -> None:
    page.goto(serve.url + ARTICLE_URL)
    expect(page.locator("h1")).to_contain_text("The Most In-Demand")
    edited = "Freshly edited opening sentence for the live preview."
    started = time.perf_counter()
    _edit(project / ARTICLE, OPENING, f"{edited} {OPENING}")
    expect(page.get_by_text(edited)).to_be_visible(timeout=WAIT_MS)
    print(f"edit to new text in the browser: {time.perf_counter() - started:.2f} s")
    page_log.assert_clean()


def test_overlay_lists_a_planted_placeholder_and_clicking_marks_it(
        project: Path, page: Page, page_log: PageLog, artifacts_dir: Path) -> None:
    _edit(project / ARTICLE, "---\ntitle:", "---\ndraft: true\ntitle:")
    # At the end of the article, far below the first screen: the click has to scroll to it.
    _edit(project / ARTICLE, "## How to Attract and Retain Top ML Talent in 2026",
          "## How to Attract and Retain Top ML Talent in 2026\n\n"
          "Retention rose by [Insert %] among teams that paid for training.")
    preview = Preview(project, port=0)
    preview.start()
    try:
        page.goto(preview.url + ARTICLE_URL)
        overlay = page.locator("#copydesk-overlay")
        expect(overlay.locator(".badge.draft")).to_have_text("Draft")
        findings = overlay.locator(".finding")
        expect(findings.first).to_be_hidden()  # collapsed until the summary is clicked
        expect(overlay.locator(".count.error")).to_have_text("1 error")
        overlay.locator("summary").click()
        placeholder = findings.filter(has_text="CD101")
        expect(placeholder).to_have_count(1)
        expect(placeholder).to_contain_text(f"{ARTICLE.as_posix()}:")
        placeholder.click()
        mark = page.locator("mark[data-copydesk-highlight]")
        expect(mark).to_have_text("[Insert %]")
        expect(mark).to_be_in_viewport()
        # The role section above says "[Insert %]" too; the mark is on the planted one.
        expect(page.locator("p", has=mark)).to_contain_text("Retention rose by")
        page.screenshot(path=str(artifacts_dir / "serve-overlay.png"))
        page_log.assert_clean()
    finally:
        preview.close()


def test_a_broken_data_file_shows_the_error_page_and_fixing_it_recovers(
        project: Path, serve: Preview, page: Page, page_log: PageLog) -> None:
    page.goto(serve.url + ARTICLE_URL)
    expect(page.locator("h1")).to_contain_text("The Most In-Demand")
    title = "  title: Generative AI Infrastructure Engineer\n"
    # A tab cannot indent YAML: the parser stops on that line, the role's second.
    _edit(project / ROLES, title, f"{title}\tbroken: yes\n")
    error = page.locator("#copydesk-build-error")
    expect(error.locator(".where")).to_have_text(f"{ROLES.as_posix()}:7", timeout=WAIT_MS)
    expect(error).to_contain_text("invalid YAML")
    expect(error.locator(".hint")).to_contain_text("hint:")
    _edit(project / ROLES, f"{title}\tbroken: yes\n", title)
    expect(page.locator("h1")).to_contain_text("The Most In-Demand", timeout=WAIT_MS)
    expect(page.locator("#copydesk-overlay")).to_be_attached()
    assert page_log.page_errors == []
    assert page_log.console_errors() == [] or all(
        "500" in message for message in page_log.console_errors())
