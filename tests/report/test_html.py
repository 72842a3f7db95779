"""The HTML report: structure read back with BeautifulSoup, escaping, no network, the CLI."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner

from copydesk import __version__
from copydesk.cli import main
from copydesk.config import Config, Thresholds
from copydesk.lint.finding import Finding, Severity
from copydesk.lint.runner import CheckResult, check_paths
from copydesk.report import html as html_report
from copydesk.report import render
from copydesk.report.html import BAR_AREA, readability_scores
from tests.report.test_formats import RESULT, assert_snapshot

GENERATED = datetime(2026, 3, 4, 5, 6, tzinfo=UTC)

# Short words in short sentences: a high score. Long words in one long sentence: a low one.
EASY = " ".join(["The team hires fast. We pay well and we train new staff."] * 12)
DENSE = " ".join(["Organisational transformation initiatives necessitate comprehensive "
                  "interdisciplinary collaboration, sophisticated infrastructure "
                  "considerations, and considerable institutional commitment."] * 8)


def _finding(path: str, line: int, code: str, name: str, severity: Severity, message: str,
             source: str, col: int = 1, end_col: int = 2) -> Finding:
    return Finding(path, line, col, line, end_col, code, name, severity, message,
                   source_line=source)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three checked files in the working folder: easy prose, dense prose, a short note."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "easy.md").write_text(f"# Hiring\n\n{EASY}\n", encoding="utf-8")
    (tmp_path / "dense.md").write_text(f"# Strategy\n\n{DENSE}\n", encoding="utf-8")
    (tmp_path / "note.txt").write_text("Call me back. It is short.\n", encoding="utf-8")
    return tmp_path


FINDINGS = (
    _finding("dense.md", 3, "CD101", "bracketed-placeholder", Severity.ERROR,
             "unfilled placeholder", "A share of [Insert %] firms.", 12, 22),
    _finding("dense.md", 3, "CD404", "overlong-sentence", Severity.WARNING,
             "sentence has 52 words", "A share of [Insert %] firms."),
    _finding("easy.md", 1, "CD102", "template-placeholder", Severity.ERROR,
             "unfilled placeholder", "# Hiring", 3, 9),
    _finding("easy.md", 3, "CD301", "stale-year", Severity.INFO, "2025 reads as current",
             "The team hires fast."),
)
FILES = ("dense.md", "easy.md", "note.txt")


def _soup(result: CheckResult, thresholds: Thresholds | None = None) -> BeautifulSoup:
    return BeautifulSoup(render(result, "html", thresholds=thresholds), "html.parser")


def _tag(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select_one(selector)
    assert isinstance(found, Tag), selector
    return found


def test_totals_by_severity_and_by_family(project: Path) -> None:
    soup = _soup(CheckResult(FINDINGS, FILES, ()))
    totals = {tag["data-total"]: tag.get_text() for tag in soup.select("[data-total]")}
    assert totals == {"error": "2", "warning": "1", "info": "1"}
    rows = {row["data-family"]: [cell.get_text() for cell in row.find_all(["th", "td"])]
            for row in soup.select("table.families tr[data-family]")}
    assert rows == {"CD1": ["CD1xx placeholders", "2", "0", "0", "2"],
                    "CD3": ["CD3xx dates", "0", "0", "1", "1"],
                    "CD4": ["CD4xx readability", "0", "1", "0", "1"]}


def test_one_bar_per_prose_file_with_the_linters_own_score(project: Path) -> None:
    files = [Path("dense.md"), Path("easy.md"), Path("note.txt")]
    result = check_paths(files, Config(project, None), select=["CD401"])
    (low,) = result.findings  # only the dense file is below the default floor of 30
    linted = re.search(r"Flesch reading ease (-?[\d.]+)", low.message)
    assert linted is not None
    bars = {_tag(group, "text.file-label").get_text(): group
            for group in _soup(result).select("svg.chart g.bar")}
    assert sorted(bars) == ["dense.md", "easy.md", "note.txt"]
    assert _tag(bars["dense.md"], "text.score").get_text() == linted.group(1)
    assert bars["dense.md"]["class"] == ["bar", "fail"]
    assert bars["easy.md"]["class"] == ["bar", "pass"]
    assert bars["note.txt"]["class"] == ["bar", "short"]  # under 100 words: not judged
    easy = float(_tag(bars["easy.md"], "text.score").get_text())
    assert float(str(_tag(bars["easy.md"], "rect")["width"])) == pytest.approx(
        min(easy, 100) * BAR_AREA / 100, abs=0.1)
    label = bars["dense.md"]["aria-label"]
    assert bars["dense.md"]["role"] == "img" and _tag(bars["dense.md"], "title").get_text() == label
    assert label == f"dense.md: Flesch reading ease {linted.group(1)}, below the threshold " \
                    f"({len(DENSE.split())} words)"


def test_threshold_line_follows_the_configured_floor(project: Path) -> None:
    soup = _soup(CheckResult((), FILES, ()), Thresholds(flesch_min=45))
    line = _tag(soup, "svg.chart line.threshold")
    assert line["x1"] == line["x2"] == str(45 * BAR_AREA / 100)
    assert _tag(soup, "svg.chart text.threshold-label").get_text() == "threshold 45"
    chart = _tag(soup, "svg.chart")
    assert chart["role"] == "group" and chart["aria-labelledby"] == "chart-title chart-desc"
    assert _tag(soup, "#chart-desc").get_text() == "3 files against a threshold of 45."


def test_a_file_gone_or_without_prose_has_no_bar(project: Path) -> None:
    (project / "empty.md").write_text("# Only a heading\n", encoding="utf-8")
    scores = list(readability_scores(["easy.md", "gone.md", "empty.md"]))
    assert [score.path for score in scores] == ["easy.md"]


def test_findings_grouped_by_file_with_the_column_marked(project: Path) -> None:
    soup = _soup(CheckResult(FINDINGS, FILES, ()))
    groups = soup.select("section.file")
    assert [group["data-path"] for group in groups] == ["dense.md", "easy.md"]
    assert [_tag(group, ".file-count").get_text() for group in groups] == ["2", "2"]
    first = _tag(groups[0], "li.finding")
    assert (first["data-severity"], first["data-code"]) == ("error", "CD101")
    assert _tag(first, "mark").get_text() == "[Insert %]"
    assert _tag(first, "pre.source").get_text() == "3A share of [Insert %] firms."
    options = [option.get_text() for option in soup.select("#rule-filter option")]
    assert options == ["every rule (4)", "CD101 bracketed-placeholder (1)",
                       "CD102 template-placeholder (1)", "CD301 stale-year (1)",
                       "CD404 overlong-sentence (1)"]


def test_a_long_line_is_shown_around_its_column(project: Path) -> None:
    line = "x" * 5000 + " [Insert %] " + "y" * 5000
    finding = _finding("easy.md", 1, "CD101", "p", Severity.ERROR, "m", line, 5002, 5012)
    source = _tag(_soup(CheckResult((finding,), ("easy.md",), ())), "pre.source")
    assert _tag(source, "mark").get_text() == "[Insert %]"
    assert len(source.get_text()) < 200


def test_user_text_is_escaped(project: Path) -> None:
    evil = _finding("<b>x</b>.md", 1, "CD101", "p", Severity.ERROR,
                    "<script>alert(1)</script> in the copy",
                    '<img src=x onerror="alert(2)"> and "[Insert %]"', 1, 5)
    page = render(CheckResult((evil,), ("<b>x</b>.md",), ()), "html")
    soup = BeautifulSoup(page, "html.parser")
    assert len(soup.find_all("script")) == 1  # the report's own filter script
    assert soup.find("img") is None and soup.find("b") is None
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert _tag(soup, ".message").get_text() == "<script>alert(1)</script> in the copy"
    assert _tag(soup, "section.file")["data-path"] == "<b>x</b>.md"


def test_nothing_is_loaded_from_the_network(project: Path) -> None:
    soup = _soup(CheckResult(FINDINGS, FILES, ()))
    references = [tag.get(attribute) for tag in soup.find_all(True)
                  for attribute in ("src", "href", "action", "xlink:href") if tag.get(attribute)]
    assert references == ["data:,"]  # the inline favicon, so no browser asks for one
    page = str(soup)
    assert not re.search(r"https?://|url\(|@import", page)
    policy = _tag(soup, 'meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "default-src 'none'" in policy


def test_version_date_and_a_clean_run(project: Path) -> None:
    page = render(CheckResult((), ("easy.md",), ()), "html")
    soup = BeautifulSoup(page, "html.parser")
    assert f"copydesk {__version__}" in _tag(soup, ".meta").get_text()
    assert str(_tag(soup, ".meta time")["datetime"]).startswith(str(datetime.now(UTC).year))
    assert _tag(soup, "p.clean").get_text() == "No findings in 1 file."
    assert soup.select("form.filters") == []


def test_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "roles 2026.md").write_text(f"# Roles\n\n{EASY}\n", encoding="utf-8")
    assert_snapshot("report.html", html_report.render(RESULT, Thresholds(), GENERATED))


def test_cli_writes_the_report_to_stdout_and_to_a_file(project: Path) -> None:
    (project / "copydesk.toml").write_text("[thresholds]\nflesch-min = 50\n", encoding="utf-8")
    (project / "easy.md").write_text(f"# Hiring\n\nWe grew [Insert %] this year.\n\n{EASY}\n",
                                     encoding="utf-8")
    runner = CliRunner()
    printed = runner.invoke(main, ["check", "easy.md", "--format", "html"])
    assert printed.exit_code == 1, printed.output
    soup = BeautifulSoup(printed.stdout, "html.parser")
    assert _tag(soup, "svg.chart text.threshold-label").get_text() == "threshold 50"
    assert "CD101" in [item["data-code"] for item in soup.select("li.finding")]
    written = runner.invoke(main, ["check", "easy.md", "--format", "html", "-o", "out.html"])
    assert written.exit_code == 1 and written.stdout == ""
    assert "Report written to out.html." in written.stderr
    assert (project / "out.html").read_text(encoding="utf-8").count('class="finding ') == len(
        soup.select("li.finding"))
