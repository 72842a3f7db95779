"""CD612 missing-canonical-url, CD613 missing-lang, CD614 missing-open-graph, CD619 slug."""

from __future__ import annotations

import html
from pathlib import PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from copydesk.config import Thresholds
from copydesk.lint.readers import read_document
from copydesk.lint.rules import _page
from copydesk.lint.url_parts import split_url
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


# Paths and URLs made of the parts that matter to pathlib and urlsplit: separators, dots,
# "index", the suffixes, query and fragment marks, what urlsplit removes or checks.
_PATH_PARTS = st.sampled_from(["/", "//", ".", "..", "index", "index.html", ".html", "a.htm",
                               "b.html.", "x.y", "slug", "-", " "])
_URL_PARTS = st.one_of(_PATH_PARTS, st.sampled_from(
    ["https://", "http://", "HTTP://", "?", "#", "q=1", "[", "]", "\t", "\n", "é", ":", "@",
     "example.com", ":8080"]))


@given(path=st.lists(_PATH_PARTS, max_size=6).map("".join))
def test_the_slug_of_a_path_is_the_one_pathlib_gives(path: str) -> None:
    plain = PurePosixPath(path)
    if plain.suffix in (".html", ".htm"):
        plain = plain.parent if plain.stem == "index" else plain.with_suffix("")
    assert _page._last_segment(path) == plain.name


@given(url=st.one_of(st.lists(_URL_PARTS, max_size=8).map("".join), st.text(max_size=30)))
def test_the_canonical_url_is_split_as_split_url_splits_it(url: str) -> None:
    document = read_document("site/page/index.html", html_page(canonical=html.escape(url)))
    assert document.page is not None
    canonical = document.page.canonical
    parts = split_url(canonical) if canonical else split_url("")
    assert _page.canonical_parts(document) == (parts.netloc, parts.path)


@given(lines=st.lists(st.sampled_from(["", "canonical", "<link", "<link rel=canonical>",
                                       "canonical <link", "x"]), max_size=6))
def test_the_canonical_line_is_the_first_with_both_words(lines: list[str]) -> None:
    document = read_document("page.txt", "\n".join(lines))
    first = next((number for number, line in enumerate(document.lines, start=1)
                  if "canonical" in line and "<link" in line), _page.first_line(document))
    assert _page._canonical_line(document) == first
