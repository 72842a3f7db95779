"""CD7xx structured data: JSON-LD parse errors, article markup, dates, FAQ, breadcrumbs, jobs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.config import Thresholds
from copydesk.lint.readers import read_document
from copydesk.lint.registry import ALL_RULES
from copydesk.lint.rule import RuleContext
from copydesk.lint.runner import lint_document
from tests.lint.rules.helpers import TODAY, RuleExamples, lint_snippet

GOLDEN = Path(__file__).parents[2] / "site" / "golden"

ARTICLE: dict[str, Any] = {
    "@context": "https://schema.org", "@type": "BlogPosting", "headline": "ML roles",
    "author": {"@type": "Person", "name": "Ada"}, "image": "https://e.com/a.png",
    "datePublished": "2026-01-15T09:00:00+00:00"}
CRUMBS: list[dict[str, Any]] = [
    {"@type": "ListItem", "position": 1, "name": "Home", "item": "https://e.com/"},
    {"@type": "ListItem", "position": 2, "name": "Roles", "item": "https://e.com/roles/"}]
BREADCRUMBS: dict[str, Any] = {"@type": "BreadcrumbList", "itemListElement": CRUMBS}
JOB: dict[str, Any] = {
    "@type": "JobPosting", "title": "LLM Engineer", "validThrough": "2026-12-31",
    "hiringOrganization": {"@type": "Organization", "name": "Acme"}}
FAQ_BODY = ("<h2>FAQ</h2>\n<h3>What is MLOps?</h3>\n"
            "<p>Running models in <b>production</b>.</p>\n<p>It pays well.</p>\n")


def faq(answer: str, question: str = "What is MLOps?") -> dict[str, Any]:
    return {"@type": "FAQPage", "mainEntity": [
        {"@type": "Question", "name": question,
         "acceptedAnswer": {"@type": "Answer", "text": answer}}]}


def page(*blocks: Any, body: str = "<p>Text.</p>\n", head: str = "") -> str:
    """An HTML page with each block as one JSON-LD script (a str is written verbatim)."""
    scripts = "".join(
        f'<script type="application/ld+json">'
        f'{block if isinstance(block, str) else json.dumps(block)}</script>\n'
        for block in blocks)
    return f"<html>\n<head>\n{head}{scripts}</head>\n<body>\n{body}</body>\n</html>\n"


def with_(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """``base`` with ``changes`` applied; a value of None removes the key."""
    merged = {**base, **changes}
    return {key: value for key, value in merged.items() if value is not None}


SHOWN = '<p><time datetime="2026-01-15">15 January 2026</time></p>\n'

EXAMPLES: dict[str, RuleExamples] = {
    "CD701": RuleExamples(
        kind="html",
        failing=(
            page('{"@type": "BlogPosting", "headline": "Roles",}'),
            page("{'@type': 'BlogPosting'}"),
            page(""),
            page('"just a string"'),
            page('[{"@type": "Thing"}, 3]'),
        ),
        passing=(
            page(ARTICLE),
            page([ARTICLE, BREADCRUMBS]),
            page({"@context": "https://schema.org", "@graph": [ARTICLE]}),
            "<p>No structured data at all.</p>\n",
        ),
    ),
    "CD702": RuleExamples(
        kind="html",
        failing=(
            page(with_(ARTICLE, image=None)),
            page(with_(ARTICLE, author=None, headline=None)),
            page(with_(ARTICLE, **{"@type": "NewsArticle", "datePublished": None})),
            page(with_(ARTICLE, datePublished="2026-01-15")),
            page(with_(ARTICLE, dateModified="2026-01-16T10:00:00")),
            page(with_(ARTICLE, datePublished="15 January 2026")),
            page({"@graph": [with_(ARTICLE, **{"@type": ["Article", "Review"], "image": ""})]}),
        ),
        passing=(
            page(ARTICLE),
            page(with_(ARTICLE, dateModified="2026-01-16T10:00:00Z")),
            page(with_(ARTICLE, **{"@type": "WebPage", "image": None})),
            page(BREADCRUMBS),
        ),
    ),
    "CD703": RuleExamples(
        kind="html",
        failing=(
            page(with_(ARTICLE, datePublished="2025-01-15T09:00:00+00:00"), body=SHOWN),
            page(with_(ARTICLE, dateModified="2027-03-01T09:00:00+00:00")),
            page(ARTICLE, head='<meta property="article:published_time" '
                               'content="2026-01-15T10:00:00+00:00">\n'),
            page(with_(ARTICLE, dateModified="2026-01-20T09:00:00+00:00"),
                 head='<meta property="article:modified_time" content="2026-02-01">\n'),
        ),
        passing=(
            page(ARTICLE, body=SHOWN),
            page(ARTICLE, body='<p>Updated <time datetime="2026-03-01">1 March</time>, first '
                               'published <time datetime="2026-01-15">15 January</time>.</p>\n'),
            page(ARTICLE, head='<meta property="article:published_time" '
                               'content="2026-01-15T10:00:00+01:00">\n'),
            page(ARTICLE),
        ),
    ),
    "CD704": RuleExamples(
        kind="html",
        failing=(
            page(faq("Running models in production."), body=FAQ_BODY),
            page(faq("Running models in production. It pays well.", "What is DevOps?"),
                 body=FAQ_BODY),
            page({"@type": "FAQPage", "mainEntity": [
                {"@type": "Question", "name": "What is MLOps?"}]}, body=FAQ_BODY),
            page({"@type": "FAQPage", "mainEntity": [
                {"@type": "Question", "name": "What is MLOps?",
                 "acceptedAnswer": {"@type": "Answer"}}]}, body=FAQ_BODY),
            page({"@type": "FAQPage", "mainEntity": "What is MLOps?"}, body=FAQ_BODY),
            page(faq("<p>Yes.</p>", "Is it hard?"),
                 body='<h3>Is it hard? <a href="#hard">Read more</a></h3>\n<p>Yes.</p>\n'),
        ),
        passing=(
            page(faq("<p>Running models in <b>production</b>.</p>\n<p>It pays well.</p>"),
                 body=FAQ_BODY),
            page({"@graph": [faq("Running  models in production.\nIt pays well.")]},
                 body=FAQ_BODY + "<aside><p>Call us today.</p></aside>\n"),
            page(faq("<p>Yes &amp; no.</p>", "Is it hard?"),
                 body="<h3>Is it hard?</h3>\n<p>Yes &amp; no.</p>\n"),
            page(faq("<p>Set <code>retries</code> to 3.</p>", "Is it hard?"),
                 body='<h3>Is it hard? <a class="headerlink" href="#hard">¶</a></h3>\n'
                      "<p>Set <code>retries</code> to 3.</p>\n"),
        ),
    ),
    "CD705": RuleExamples(
        kind="html",
        failing=(
            page(with_(BREADCRUMBS, itemListElement=CRUMBS[:1])),
            page(with_(BREADCRUMBS, itemListElement=[
                {**item, "position": str(item["position"])}
                for item in CRUMBS])),
            page(with_(BREADCRUMBS, itemListElement=CRUMBS[::-1])),
            page(with_(BREADCRUMBS, itemListElement=[
                {**item, "position": 1.0} for item in CRUMBS])),
            page(with_(BREADCRUMBS, itemListElement=None)),
        ),
        passing=(
            page(BREADCRUMBS),
            page([ARTICLE, BREADCRUMBS]),
        ),
    ),
    "CD706": RuleExamples(
        kind="html",
        failing=(
            page(JOB, with_(JOB, title="MLOps Engineer")),
            page([ARTICLE, JOB]),
            page(with_(JOB, validThrough=None)),
            page({"@graph": [with_(JOB, hiringOrganization=None)]}),
            page(JOB, {"@type": "ItemList", "itemListElement": []}),
        ),
        passing=(
            page(JOB),
            page({"@type": "Occupation", "name": "LLM Engineer"}, BREADCRUMBS),
            page(ARTICLE),
        ),
    ),
}


def test_parse_error_points_at_the_line_inside_the_script() -> None:
    text = ('<html>\n<head>\n<title>T</title>\n<script type="application/ld+json">\n'
            '{"@type": "BlogPosting",\n "headline": "Roles",\n}\n</script>\n</head>\n</html>\n')
    [finding] = lint_snippet(text, "CD701", kind="html")
    assert finding.line == 7
    assert "(line 4, column 1 of the script's content)" in finding.message


def test_findings_point_at_the_script_that_holds_the_entity() -> None:
    text = page(BREADCRUMBS, with_(ARTICLE, headline=None))
    [finding] = lint_snippet(text, "CD702", kind="html")
    assert finding.line == 4
    assert "BlogPosting has no headline;" in finding.message


def test_type_lists_graphs_and_prefixed_types_are_read_alike() -> None:
    entity = with_(ARTICLE, **{"@type": ["https://schema.org/BlogPosting"], "author": None})
    for text in (page(entity), page([entity]), page({"@graph": [entity]})):
        [finding] = lint_snippet(text, "CD702", kind="html")
        assert "has no author" in finding.message


def test_markdown_has_no_structured_data_to_check() -> None:
    text = '```html\n<script type="application/ld+json">{,}</script>\n```\n'
    assert all(lint_snippet(text, rule.code) == [] for rule in ALL_RULES
               if rule.family == "CD7")


def test_a_future_date_names_the_property() -> None:
    text = page(with_(ARTICLE, datePublished="2026-12-01T09:00:00+00:00"))
    [finding] = lint_snippet(text, "CD703", kind="html", today=TODAY)
    assert finding.message.startswith("datePublished '2026-12-01T09:00:00+00:00' lies in the "
                                      "future")
    assert lint_snippet(text, "CD703", kind="html", today=TODAY.replace(month=12)) == []


def test_a_date_shown_without_time_compares_by_calendar_day() -> None:
    late = with_(ARTICLE, datePublished="2026-01-15T23:30:00-05:00")
    assert lint_snippet(page(late, body=SHOWN), "CD703", kind="html") == []
    [finding] = lint_snippet(page(late, head='<meta property="article:published_time" '
                                            'content="2026-01-15T23:30:00+00:00">\n'),
                             "CD703", kind="html")
    assert "article:published_time" in finding.message


def test_faq_answer_may_match_any_heading_that_asks_the_question() -> None:
    body = ("<h2>What is MLOps?</h2>\n<p>A long section about MLOps.</p>\n"
            + FAQ_BODY.replace("<h2>FAQ</h2>\n", "<h2>FAQ</h2>\n<div>\n") + "</div>\n")
    text = page(faq("Running models in production. It pays well."), body=body)
    assert lint_snippet(text, "CD704", kind="html") == []


def test_faq_answer_must_not_stop_inside_a_container() -> None:
    body = FAQ_BODY.replace("<h3>What is MLOps?</h3>\n", "<h3>What is MLOps?</h3>\n<div>\n")
    text = page(faq("Running models in production."), body=body + "</div>\n")
    [finding] = lint_snippet(text, "CD704", kind="html")
    assert "differs from the text under the heading at line 7" in finding.message


def test_a_shared_faq_answer_is_compared_with_each_page_it_is_on() -> None:
    """The visible text of an answer is remembered (pages share their data files'
    answers): each page is still held to its own text under the heading."""
    shown = page(faq("Running models in production. It pays well."), body=FAQ_BODY)
    other = shown.replace("It pays well.</p>", "It pays badly.</p>")
    for _ in range(2):
        assert lint_snippet(shown, "CD704", kind="html") == []
        [finding] = lint_snippet(other, "CD704", kind="html")
        assert "differs from the text under the heading" in finding.message


def test_breadcrumb_positions_say_what_they_should_be() -> None:
    items = [{**item, "position": position}
             for item, position in zip(CRUMBS, (2, 3), strict=True)]
    [finding] = lint_snippet(page(with_(BREADCRUMBS, itemListElement=items)), "CD705",
                             kind="html")
    assert "[2, 3] should be [1, 2]" in finding.message


def test_two_job_postings_are_reported_once_at_the_second() -> None:
    findings = lint_snippet(page(JOB, JOB), "CD706", kind="html")
    assert [(f.line, f.message.split(";")[0]) for f in findings] == [
        (4, "2 JobPostings on one page")]


@pytest.mark.parametrize("path", sorted(GOLDEN.rglob("*.html")), ids=lambda p: p.name)
def test_built_example_pages_have_correct_structured_data(path: Path) -> None:
    document = read_document(str(path), path.read_text(encoding="utf-8"), "html")
    rules = [rule for rule in ALL_RULES if rule.family == "CD7"]
    findings = lint_document(document, rules, RuleContext(Thresholds(), TODAY))
    # The example article ships without an image (its front matter has no `image:`);
    # that is the content's gap, reported as a warning, not a markup error.
    assert [(f.code, f.message) for f in findings
            if not (f.code == "CD702" and f.message.startswith("BlogPosting has no image;"))] == []


YOAST_GRAPH: dict[str, Any] = {"@context": "https://schema.org", "@graph": [
    {"@type": "Article", "@id": "https://e.com/roles/#article",
     "isPartOf": {"@id": "https://e.com/roles/"}, "author": {"name": "Ada", "@id": "#ada"},
     "headline": "ML roles", "datePublished": "2026-01-15T09:00:00+00:00",
     "dateModified": "2026-02-01T08:30:00+00:00", "image": {"@id": "#primaryimage"}},
    {"@type": ["WebPage", "FAQPage"], "@id": "https://e.com/roles/",
     "datePublished": "2026-01-15T09:00:00+00:00", "dateModified": "2026-02-01T08:30:00+00:00",
     "mainEntity": [{"@type": "Question", "name": "What is MLOps?", "acceptedAnswer": {
         "@type": "Answer", "text": "Running models in <strong>production</strong>."}}],
     "breadcrumb": {"@id": "#breadcrumb"}},
    {**BREADCRUMBS, "@id": "#breadcrumb"},
    {"@type": "WebSite", "@id": "#website", "url": "https://e.com/", "name": "E"},
]}
YOAST_HEAD = ('<meta property="article:published_time" content="2026-01-15T09:00:00+00:00">\n'
              '<meta property="article:modified_time" content="2026-02-01T08:30:00+00:00">\n')
YOAST_BODY = ('<article>\n<h1>ML roles</h1>\n<p>Posted <time class="entry-date published" '
              'datetime="2026-01-15T09:00:00+00:00">15 January</time>, updated <time '
              'class="updated" datetime="2026-02-01T08:30:00+00:00">1 February</time>.</p>\n'
              '<div class="schema-faq">\n<div class="schema-faq-section">\n'
              '<h3 class="schema-faq-question">What is MLOps?</h3>\n'
              '<p class="schema-faq-answer">Running models in <strong>production</strong>.</p>\n'
              '</div>\n</div>\n<p>Thanks for reading.</p>\n</article>\n')


def test_a_wordpress_page_with_a_yoast_graph_is_clean() -> None:
    text = page(YOAST_GRAPH, head=YOAST_HEAD, body=YOAST_BODY)
    document = read_document("post.html", text, "html")
    rules = [rule for rule in ALL_RULES if rule.family == "CD7"]
    assert lint_document(document, rules, RuleContext(Thresholds(), TODAY)) == []


@pytest.mark.parametrize(("old", "new", "code", "count"), [
    # both the Article and the WebPage carry the modified date
    ('content="2026-02-01T08:30:00+00:00"', 'content="2026-02-02T08:30:00+00:00"', "CD703", 2),
    ("in <strong>production</strong>.</p>", "in production, mostly.</p>", "CD704", 1),
])
def test_the_yoast_page_fails_when_page_and_markup_drift(old: str, new: str, code: str,
                                                        count: int) -> None:
    text = page(YOAST_GRAPH, head=YOAST_HEAD, body=YOAST_BODY).replace(old, new)
    assert len(lint_snippet(text, code, kind="html")) == count


KEYS = st.sampled_from(["@type", "@graph", "name", "headline", "author", "image", "text",
                        "datePublished", "dateModified", "mainEntity", "acceptedAnswer",
                        "itemListElement", "position", "validThrough", "hiringOrganization"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.sampled_from(["BlogPosting", "FAQPage", "Question", "BreadcrumbList",
                                     "JobPosting", "2026-01-15", "2027-01-01T00:00:00Z", "<p>",
                                     "What is MLOps?"]), st.text(max_size=5))
JSON_VALUES = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)), max_leaves=25)


@settings(max_examples=200, deadline=None)
@given(value=JSON_VALUES)
def test_any_json_ld_is_checked_without_crashing(value: Any) -> None:
    text = page(value, body=FAQ_BODY + SHOWN)
    document = read_document("page.html", text, "html")
    rules = [rule for rule in ALL_RULES if rule.family == "CD7"]
    findings = lint_document(document, rules, RuleContext(Thresholds(), TODAY))
    # a rule that raised would be reported as CD902 by the runner
    assert all(f.code.startswith("CD7") and 1 <= f.line <= len(document.lines)
               for f in findings)
