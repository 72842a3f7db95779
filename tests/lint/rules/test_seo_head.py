"""CD612 missing-canonical-url, CD613 missing-lang, CD614 missing-open-graph, CD619 slug."""

from __future__ import annotations

from copydesk.config import Thresholds
from tests.lint.rules.helpers import RuleExamples, lint_snippet
from tests.lint.rules.seo_pages import html_page, markdown_page

FRAGMENT = "<p>A theme partial, not a page.</p>\n"  # no <html>, <head>, <title>

EXAMPLES: dict[str, RuleExamples] = {
    "CD619": RuleExamples(
        kind="auto",
        failing=(html_page(canonical="https://example.com/" + "a-long-slug-" * 7 + "end/"),
                 markdown_page(front_matter="slug: " + "word-" * 16)),
        passing=(html_page(), markdown_page(front_matter="slug: " + "word-" * 15)),
    ),
    "CD612": RuleExamples(
        kind="auto",
        failing=(html_page(canonical=None), html_page(canonical="")),
        passing=(html_page(), html_page(canonical=None, robots="noindex"), markdown_page()),
    ),
    "CD613": RuleExamples(
        kind="auto",
        failing=(html_page(lang=""), html_page(lang=' lang=""')),
        passing=(FRAGMENT, html_page(), html_page(lang=' lang="de-CH"'), markdown_page()),
    ),
    "CD614": RuleExamples(
        kind="auto",
        failing=(html_page(og=()), html_page(og=("og:title", "og:url"))),
        passing=(html_page(), html_page(og=(), robots="noindex"), markdown_page()),
    ),
}


def test_each_missing_open_graph_property_is_named() -> None:
    found = lint_snippet(html_page(og=("og:url",)), "CD614", "html")
    assert sorted(f.message.split(":", 2)[1] for f in found) == ["description", "title"]


def test_slug_limit_is_configurable_and_the_slug_comes_from_the_canonical_url() -> None:
    page = html_page(canonical="https://example.com/roles/mlops-specialist/")
    [finding] = lint_snippet(page, "CD619", "html", Thresholds(slug_max_chars=10))
    assert "slug is 16 characters, over 10" in finding.message
    assert finding.line == page.splitlines().index(
        '<link rel="canonical" href="https://example.com/roles/mlops-specialist/">') + 1


def test_without_a_canonical_url_the_slug_is_the_file_path() -> None:
    page = html_page(canonical=None)
    assert lint_snippet(page, "CD619", "html", Thresholds(slug_max_chars=7)) == []  # "snippet"
    assert lint_snippet(page, "CD619", "html", Thresholds(slug_max_chars=6))
