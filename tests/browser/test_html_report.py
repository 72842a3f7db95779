"""The HTML report in chromium: it loads cleanly, its chart draws, its filters hide and show."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page

from copydesk.cli import main
from tests.browser.conftest import PageLog
from tests.site.helpers import built_example

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed.md"


@pytest.fixture(scope="module")
def report_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The report on the example's sources and built site plus the seed post: many findings."""
    project = built_example(tmp_path_factory.mktemp("html-report") / "project")
    runner = CliRunner()
    report = project / "report" / "index.html"
    report.parent.mkdir()
    before = Path.cwd()
    os.chdir(project)  # paths in the report relative to the project, as a CI job shows them
    try:
        checked = runner.invoke(main, ["check", "content", "site", str(SEED),
                                       "--format", "html", "-o", str(report)])
    finally:
        os.chdir(before)
    assert checked.exit_code == 1, checked.output  # the example keeps its defects
    yield report.parent


@pytest.fixture
def report_page(report_folder: Path, static_server: Callable[[Path], str],
                page: Page) -> Page:
    page.goto(f"{static_server(report_folder)}/")
    return page


def _visible(page: Page, selector: str) -> int:
    return page.locator(f"{selector}:visible").count()


def _shown(page: Page) -> int:
    return int(page.locator("#visible-count").inner_text())


def test_report_loads_cleanly_and_its_chart_draws(report_page: Page, page_log: PageLog,
                                                  artifacts_dir: Path) -> None:
    bars = report_page.locator("svg.chart g.bar rect")
    assert bars.count() >= 8  # the article, the seed, the site's pages
    for index in range(bars.count()):
        box = bars.nth(index).bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0
    threshold = report_page.locator("svg.chart line.threshold").bounding_box()
    assert threshold is not None and threshold["height"] > 0
    assert report_page.locator("svg.chart g.bar.fail").count() > 0
    assert _shown(report_page) == report_page.locator("li.finding").count() > 50
    report_page.screenshot(path=str(artifacts_dir / "html-report.png"), full_page=True)
    page_log.assert_clean()


def test_severity_filter_hides_and_shows_findings(report_page: Page, page_log: PageLog) -> None:
    total = report_page.locator("li.finding").count()
    warnings = report_page.locator('li.finding[data-severity="warning"]').count()
    assert 0 < warnings < total
    report_page.uncheck('input[name="severity"][value="warning"]')
    assert _visible(report_page, 'li.finding[data-severity="warning"]') == 0
    assert _visible(report_page, "li.finding") == total - warnings == _shown(report_page)
    file_counts = report_page.locator("section.file:visible .file-count").all_inner_texts()
    assert sum(int(count) for count in file_counts) == total - warnings
    report_page.check('input[name="severity"][value="warning"]')
    assert _visible(report_page, "li.finding") == total == _shown(report_page)
    page_log.assert_clean()


def test_rule_filter_shows_one_rule_and_updates_the_counts(report_page: Page,
                                                           page_log: PageLog) -> None:
    total = report_page.locator("li.finding").count()
    sourceless = report_page.locator('li.finding[data-code="CD201"]')
    chosen = sourceless.count()
    assert 0 < chosen < total
    report_page.select_option("#rule-filter", "CD201")
    assert _visible(report_page, "li.finding") == chosen == _shown(report_page)
    assert _visible(report_page, 'li.finding[data-code="CD201"]') == chosen
    holding = {sourceless.nth(index).evaluate("item => item.closest('section').dataset.path")
               for index in range(chosen)}
    shown_files = report_page.locator("section.file:visible").evaluate_all(
        "groups => groups.map(group => group.dataset.path)")
    assert set(shown_files) == holding
    # the severity boxes count what they would show under the chosen rule
    errors = report_page.locator('li.finding[data-code="CD201"][data-severity="error"]').count()
    assert report_page.locator('[data-severity-count="error"]').inner_text() == str(errors)
    report_page.uncheck('input[name="severity"][value="error"]')
    assert _shown(report_page) == chosen - errors
    report_page.check('input[name="severity"][value="error"]')
    report_page.select_option("#rule-filter", "")
    assert _visible(report_page, "li.finding") == total == _shown(report_page)
    page_log.assert_clean()
