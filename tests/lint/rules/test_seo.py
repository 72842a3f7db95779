"""CD601-CD610 page SEO: title, meta description, H1, text length."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.config import Thresholds, load_config
from copydesk.lint.rules.seo import pixel_width
from tests.lint.rules.helpers import RuleExamples, lint_snippet
from tests.lint.rules.seo_pages import (
    DESCRIPTION,
    FILLER,
    html_page,
    kind_of,
    markdown_page,
)

LONG_TITLE = "The Most In-Demand Machine Learning Roles in 2026: Managing the AI Frontier"
WIDE_TITLE = "WWW MMM: WIDE WORDS MAKE WIDE TITLES, EVEN SHORT ONES"  # 53 chars, ~650 px

FRAGMENT = "<p>A theme partial, not a page.</p>\n"  # no <html>, <head>, <title>

EXAMPLES: dict[str, RuleExamples] = {
    "CD601": RuleExamples(
        kind="auto",
        failing=(html_page(title=None), html_page(title="  "),
                 markdown_page(title=None)),
        passing=(FRAGMENT, html_page(), markdown_page(),
                 "# A README\n\nNo front matter: not a page.\n"),
    ),
    "CD602": RuleExamples(
        kind="auto",
        failing=(html_page(title="ML Roles"), markdown_page(title="MLOps jobs")),
        passing=(html_page(), html_page(title="ML Roles", robots="noindex"),
                 html_page(title=None)),
    ),
    "CD603": RuleExamples(
        kind="auto",
        failing=(html_page(title=LONG_TITLE), markdown_page(title=LONG_TITLE)),
        passing=(html_page(), html_page(title="x" * 60)),
    ),
    "CD604": RuleExamples(
        kind="auto",
        failing=(html_page(title=WIDE_TITLE), markdown_page(title=WIDE_TITLE)),
        passing=(html_page(), html_page(title="illicit little lists fill it all in " * 2)),
    ),
    "CD605": RuleExamples(
        kind="auto",
        failing=(html_page(description=None), markdown_page(description=None),
                 html_page(description="")),
        passing=(html_page(), html_page(description=None, robots="noindex, follow")),
    ),
    "CD606": RuleExamples(
        kind="auto",
        failing=(html_page(description="ML roles in 2026."),
                 markdown_page(description="ML roles in 2026.")),
        passing=(html_page(), html_page(description="x" * 120)),
    ),
    "CD607": RuleExamples(
        kind="auto",
        failing=(html_page(description=DESCRIPTION * 2), markdown_page(description="y" * 157)),
        passing=(html_page(), markdown_page(description="y" * 156)),
    ),
    "CD608": RuleExamples(
        kind="auto",
        failing=(html_page(h1='<p class="title">Roles</p>'), html_page(h1="<h2>Roles</h2>")),
        passing=(FRAGMENT, html_page(), markdown_page(body="Text without any heading.\n")),
    ),
    "CD609": RuleExamples(
        kind="auto",
        failing=(html_page(extra="<h1>Salaries</h1>\n"),
                 markdown_page(body="# Roles\n\nText about roles.\n")),
        passing=(html_page(), "# Roles\n\nNo front matter: this H1 is the title.\n"),
    ),
    "CD610": RuleExamples(
        kind="auto",
        failing=(html_page(body=FILLER * 10), markdown_page(body=FILLER * 5),
                 markdown_page(front_matter="type: role", body=FILLER * 8)),
        passing=(html_page(), markdown_page(front_matter="type: role", body=FILLER * 10),
                 html_page(body=FILLER, robots="noindex")),
    ),
}


@pytest.mark.parametrize(("text", "low", "high"), [
    ("iiii", 17, 18),  # narrow letters: 4.44 px each
    ("MMMM", 66, 67),
    ("What an MLOps Specialist Does and Earns", 380, 420),
    ("", 0, 0),
])
def test_pixel_width_uses_character_classes(text: str, low: float, high: float) -> None:
    assert low <= pixel_width(text) <= high


def test_sixty_capitals_are_too_wide_where_sixty_narrow_letters_fit() -> None:
    assert pixel_width("M" * 40) > 600 > pixel_width("il" * 30)


def test_title_findings_sit_on_the_title_line_and_give_the_numbers() -> None:
    html = html_page(title=LONG_TITLE)
    [finding] = lint_snippet(html, "CD603", "html")
    assert finding.line == html.splitlines().index(f"<title>{LONG_TITLE}</title>") + 1
    assert f"title is {len(LONG_TITLE)} characters, over 60" in finding.message
    [width] = lint_snippet(html, "CD604", "html")
    assert width.line == finding.line and "px wide" in width.message


def test_markdown_findings_sit_on_the_front_matter_line() -> None:
    [finding] = lint_snippet(markdown_page(description="short"), "CD606")
    assert finding.line == 3  # "---", title, description
    assert "5 characters, under 120" in finding.message


def test_thresholds_are_configurable() -> None:
    loose = Thresholds(title_min_chars=5, title_max_chars=100, title_max_pixels=900,
                       description_min_chars=10)
    assert lint_snippet(html_page(title="ML Roles"), "CD602", "html", loose) == []
    assert lint_snippet(html_page(title=LONG_TITLE), "CD603", "html", loose) == []
    assert lint_snippet(html_page(title=WIDE_TITLE), "CD604", "html", loose) == []
    short = markdown_page(description="ML roles in 2026.")
    assert lint_snippet(short, "CD606", thresholds=loose) == []


def test_word_minimum_depends_on_the_page_type() -> None:
    body = FILLER * 15  # about 280 words on the page
    for article in (html_page(body=body), html_page(body=body, og_type="article"),
                    markdown_page(front_matter="type: post", body=body)):
        [finding] = lint_snippet(article, "CD610", kind_of(article))
        assert "under 300" in finding.message
    website = html_page(body=body, og_type="website")
    assert lint_snippet(website, "CD610", "html") == []
    [other] = lint_snippet(website, "CD610", "html", Thresholds(min_words_page=400))
    assert "under 400" in other.message


def test_every_extra_h1_is_reported_on_its_line() -> None:
    html = html_page(extra="<h1>Salaries</h1>\n<h1>Skills</h1>\n")
    lines = html.splitlines()
    found = lint_snippet(html, "CD609", "html")
    assert [f.line for f in found] == [lines.index("<h1>Salaries</h1>") + 1,
                                       lines.index("<h1>Skills</h1>") + 1]


def test_cd6_thresholds_are_read_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "copydesk.toml").write_text(
        "[thresholds]\ntitle-max-chars = 70\ntitle-max-pixels = 650\nmin-words-page = 50\n"
        "keyphrase-density-max = 4\nslug-max-chars = 90\n", encoding="utf-8")
    thresholds = load_config(tmp_path).lint.thresholds
    assert (thresholds.title_max_chars, thresholds.title_max_pixels, thresholds.min_words_page,
            thresholds.keyphrase_density_max, thresholds.slug_max_chars) == (70, 650.0, 50, 4.0, 90)
    assert thresholds.min_words == 300  # not set: the default
