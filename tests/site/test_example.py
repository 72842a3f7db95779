"""The example project through the real CLI: pages, JSON-LD, the FAQ, warnings, --strict."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.site.init import init_project
from tests.site.helpers import built_example, jsonld_blocks, jsonld_faq, visible_faq

ARTICLE_PAGE = "most-in-demand-machine-learning-roles-2026/index.html"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_example(tmp_path_factory.mktemp("example") / "project")


def test_every_page_carries_jsonld_that_parses(example: Path) -> None:
    pages = sorted((example / "site").rglob("*.html"))
    assert len(pages) == 8
    for page in pages:
        blocks = jsonld_blocks(page.read_text())
        assert blocks or page.name == "404.html", page
        assert all(block["@context"] == "https://schema.org" for block in blocks)


def test_faq_jsonld_equals_the_visible_faq(example: Path) -> None:
    html = (example / "site" / ARTICLE_PAGE).read_text()
    shown = visible_faq(html)
    assert [question for question, _ in shown] == [
        "Which machine learning roles are hardest to recruit for in 2026?",
        "What are the emerging AI job titles for corporate hiring?",
        "How is the demand for MLOps engineers changing compared to data scientists?",
        "What skills are most critical for in-demand ML roles in 2026?"]
    assert jsonld_faq(html) == shown


def test_role_pages_describe_an_occupation_not_a_vacancy(example: Path) -> None:
    html = (example / "site/roles/generative-ai-infrastructure-engineer/index.html").read_text()
    [occupation] = [b for b in jsonld_blocks(html) if b["@type"] == "Occupation"]
    assert occupation["estimatedSalary"] == [{
        "@type": "MonetaryAmountDistribution", "name": "base salary, senior practitioners",
        "currency": "USD", "duration": "P1Y", "minValue": 220000, "maxValue": 350000}]
    assert "$220,000 to $350,000 a year in 2026" in html


def test_the_unfilled_statistic_is_visible_and_reported(tmp_path: Path) -> None:
    init_project(tmp_path / "p")
    runner = CliRunner()
    result = runner.invoke(main, ["build", "-C", str(tmp_path / "p")])
    assert result.exit_code == 0
    data = (tmp_path / "p/content/data/statistics.yaml").read_text().splitlines()
    line = data.index("- id: enterprises-adding-ai-ethics-role") + 1
    assert (f"warning: content/data/statistics.yaml:{line}: statistic "
            "'enterprises-adding-ai-ethics-role' has no value; "
            "/most-in-demand-machine-learning-roles-2026/ shows '[Insert %]'") in result.stderr
    page = (tmp_path / "p/site" / ARTICLE_PAGE).read_text()
    assert "As regulations tighten in 2026, [Insert %] of enterprise organisations" in page
    strict = runner.invoke(main, ["build", "--strict", "-C", str(tmp_path / "p")])
    assert strict.exit_code == 0  # copydesk.toml configures the deliberate defects


@pytest.mark.parametrize(("dated", "flag"), [
    ("date: 2026-01-15\ndraft: true", "--drafts"), ("date: 2999-01-01", "--future")])
def test_drafts_and_future_articles_need_their_flag(tmp_path: Path, dated: str,
                                                    flag: str) -> None:
    project = tmp_path / "p"
    init_project(project)
    article = project / "content/articles/most-in-demand-machine-learning-roles-2026.md"
    article.write_text(article.read_text().replace("date: 2026-01-15", dated, 1))
    runner = CliRunner()
    assert runner.invoke(main, ["build", "-C", str(project)]).exit_code == 0
    assert not (project / "site" / ARTICLE_PAGE).exists()
    assert runner.invoke(main, ["build", flag, "-C", str(project)]).exit_code == 0
    assert (project / "site" / ARTICLE_PAGE).is_file()
