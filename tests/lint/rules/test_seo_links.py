"""CD615 image-missing-alt, CD616/CD617 no internal/outbound link, CD618 vague-link-text."""

from __future__ import annotations

import pytest

from copydesk.lint.rules.seo_links import is_internal, is_outbound
from tests.lint.rules.helpers import RuleExamples, lint_snippet
from tests.lint.rules.seo_pages import html_page, markdown_page

INTERNAL_ONLY = '<p>See the <a href="/roles/llm-engineer/">LLM engineer role</a>.</p>'
OUTBOUND_ONLY = '<p>See the <a href="https://survey.example.org/">2026 survey</a>.</p>'

EXAMPLES: dict[str, RuleExamples] = {
    "CD615": RuleExamples(
        kind="auto",
        failing=(html_page(extra='<img src="chart.png">\n'),
                 html_page(extra='<p><img src="a.png" alt="A chart"><img src="b.png"></p>\n')),
        passing=(html_page(), html_page(extra='<img src="rule.png" alt="">\n'),
                 html_page(extra='<img src="chart.png" alt="Demand for MLOps roles">\n'),
                 markdown_page(body="![](decorative.png)\n")),
    ),
    "CD616": RuleExamples(
        kind="auto",
        failing=(html_page(links=OUTBOUND_ONLY),
                 html_page(links='<p><a href="#skills">Skills</a>, '
                                 '<a href="mailto:jobs@example.com">write to us</a></p>'),
                 markdown_page(body="Only [a survey](https://survey.example.org/).\n")),
        passing=(html_page(), html_page(links=INTERNAL_ONLY),
                 html_page(links='<p><a href="https://example.com/roles/">All roles</a></p>'),
                 markdown_page(body="See [pay](../pay.md).\n"),
                 html_page(links=OUTBOUND_ONLY, robots="noindex")),
    ),
    "CD617": RuleExamples(
        kind="auto",
        failing=(html_page(links=INTERNAL_ONLY),
                 html_page(links='<p><a href="https://example.com/roles/">All roles</a></p>'),
                 markdown_page(body="See [pay](/pay/).\n")),
        passing=(html_page(), html_page(links=OUTBOUND_ONLY),
                 html_page(links='<p><a href="//cdn.example.net/report.pdf">report</a></p>'),
                 markdown_page(body="Only [a survey](https://survey.example.org/).\n"),
                 html_page(links=INTERNAL_ONLY, og_type="website"),
                 markdown_page(front_matter="type: role", body="See [pay](/pay/).\n")),
    ),
    "CD618": RuleExamples(
        kind="auto",
        failing=(html_page(extra='<p>To hire, <a href="/hire/">click here</a>.</p>\n'),
                 html_page(extra='<p><a href="/roles/">Read more…</a></p>\n'),
                 "To hire MLOps engineers, [Learn More](/roles/mlops/).\n",
                 "The full list is [here](/roles/).\n"),
        passing=(html_page(), "To [hire MLOps engineers](/roles/mlops/), write to us.\n",
                 "[Read more about MLOps pay](/roles/mlops/#pay).\n"),
    ),
}


@pytest.mark.parametrize(("href", "internal", "outbound"), [
    ("/roles/", True, False),
    ("../pay.md", True, False),
    ("https://example.com/roles/", True, False),  # the page's own host
    ("https://EXAMPLE.com/", True, False),
    ("https://survey.example.org/", False, True),
    ("//cdn.example.net/a.pdf", False, True),
    ("#skills", False, False),
    ("mailto:jobs@example.com", False, False),
    ("tel:+441234", False, False),
    ("", False, False),
])
def test_link_kinds(href: str, internal: bool, outbound: bool) -> None:
    assert (is_internal(href, "example.com"), is_outbound(href, "example.com")) == (
        internal, outbound)


def test_menu_links_do_not_count() -> None:
    # The header links home and to a social site, the footer to the feed: menus only.
    page = html_page(links="")
    assert lint_snippet(page, "CD616", "html") and lint_snippet(page, "CD617", "html")


def test_findings_point_at_the_link_or_image() -> None:
    html = html_page(extra='<p>To hire, <a href="/hire/">click here</a>.</p>\n'
                           '<img src="chart.png">\n')
    lines = html.splitlines()
    [vague] = lint_snippet(html, "CD618", "html")
    [image] = lint_snippet(html, "CD615", "html")
    assert vague.line == lines.index('<p>To hire, <a href="/hire/">click here</a>.</p>') + 1
    assert image.line == lines.index('<img src="chart.png">') + 1
    assert "'chart.png'" in image.message
    [markdown] = lint_snippet("Intro.\n\nThe list is [here](/roles/).\n", "CD618")
    assert (markdown.line, markdown.col, markdown.end_col) == (3, 14, 18)
