"""CD620-CD626 keyphrase: title, introduction, description, slug, subheadings, density."""

from __future__ import annotations

import pytest

from copydesk.config import Thresholds
from copydesk.lint.readers import read_document
from copydesk.lint.rules.keyphrase import contains, content_forms, keyphrase_density, word_form
from tests.lint.rules.helpers import RuleExamples, lint_snippet
from tests.lint.rules.seo_pages import FILLER, html_page, markdown_page

OFF_TOPIC = "Teams hire people who understand cloud infrastructure and data pipelines well."
STUFFED = "An MLOps specialist is the MLOps specialist every MLOps specialist team needs. "

EXAMPLES: dict[str, RuleExamples] = {
    "CD620": RuleExamples(
        kind="auto",
        failing=(html_page(title="Who to Hire for Production AI in 2026"),
                 markdown_page(title="Who to Hire for Production AI in 2026")),
        passing=(html_page(), html_page(title="MLOps Specialists: What They Do and Earn"),
                 html_page(title="Who to Hire in 2026", keyphrase=None),
                 html_page(title="Who to Hire in 2026", robots="noindex")),
    ),
    "CD621": RuleExamples(
        kind="auto",
        failing=(html_page(introduction=OFF_TOPIC),
                 markdown_page(body=f"{OFF_TOPIC}\n\n## The MLOps specialist\n\n{FILLER}\n")),
        passing=(html_page(),
                 # a byline is not the introduction
                 html_page(introduction="By Ada Lovelace, 15 January 2026",
                           subheading="Introduction", body="Every MLOps specialist " + FILLER),
                 markdown_page(body="No paragraph is long enough.\n")),
    ),
    "CD622": RuleExamples(
        kind="auto",
        failing=(html_page(description="What the role pays in 2026 and which skills hiring "
                                       "managers test for, with figures from a salary survey "
                                       "of two thousand teams."),
                 markdown_page(description="What this role pays.")),
        passing=(html_page(), markdown_page(description="What MLOps specialists earn.")),
    ),
    "CD623": RuleExamples(
        kind="auto",
        failing=(html_page(canonical="https://example.com/roles/post-1234/"),
                 markdown_page(front_matter="slug: post-1234"),
                 markdown_page(front_matter="")),  # the file name: snippet.md
        passing=(html_page(), markdown_page(),
                 html_page(canonical="https://example.com/specialist-mlops.html"),
                 html_page(canonical="https://example.com/"),  # the home page
                 markdown_page(front_matter="slug: mlops-specialists-2026")),
    ),
    "CD624": RuleExamples(
        kind="auto",
        failing=(html_page(subheading="Pay and skills"),
                 markdown_page(body=f"The MLOps specialist.\n\n## Pay\n\n{FILLER}\n")),
        passing=(html_page(), html_page(subheading="What MLOps specialists do"),
                 markdown_page(body=f"An MLOps specialist. {FILLER}\n")),
    ),
    "CD625": RuleExamples(
        kind="auto",
        failing=(html_page(body=FILLER * 40), markdown_page(body=FILLER * 30)),
        passing=(html_page(), html_page(body=FILLER * 40, keyphrase=None)),
    ),
    "CD626": RuleExamples(
        kind="auto",
        failing=(html_page(body=STUFFED * 8 + FILLER * 3), markdown_page(body=STUFFED * 5)),
        passing=(html_page(), markdown_page()),
    ),
}


@pytest.mark.parametrize(("word", "form"), [
    ("Roles", "role"), ("role's", "role"), ("roles’", "role"), ("specialties", "specialty"),
    ("searches", "search"), ("boxes", "box"), ("class", "class"), ("status", "status"),
    ("analysis", "analysis"), ("ML", "ml"),
])
def test_word_forms(word: str, form: str) -> None:
    assert word_form(word) == form


@pytest.mark.parametrize(("text", "expected"), [
    ("The most in-demand machine learning roles in 2026", True),
    ("Which machine-learning roles are most in demand?", True),  # any order, hyphens split
    ("most-in-demand-machine-learning-roles-2026", True),  # a slug
    ("The most in-demand machine learning jobs", False),
    ("Roles in machine learning", False),
])
def test_contains_matches_content_words_in_any_form(text: str, expected: bool) -> None:
    wanted = content_forms("most in-demand machine learning roles")
    assert contains(text, wanted) is expected


def test_a_keyphrase_of_stop_words_keeps_them() -> None:
    assert content_forms("how to") == frozenset({"how", "to"})


def test_density_counts_sentences_per_hundred_words() -> None:
    text = "An MLOps specialist ships models. " + "Teams deploy trained models daily. " * 19
    document = read_document("page.md", text, "markdown")
    assert keyphrase_density(document, content_forms("MLOps specialist")) == pytest.approx(1.0)


def test_density_thresholds_are_configurable_and_reported() -> None:
    page = html_page(body=FILLER * 40)
    [low] = lint_snippet(page, "CD625", "html")
    assert "density is 0.4%, under 0.5%" in low.message  # 3 sentences in about 700 words
    assert low.line == page.splitlines().index(
        '<meta name="copydesk:keyphrase" content="MLOps specialist">') + 1
    assert lint_snippet(page, "CD625", "html", Thresholds(keyphrase_density_min=0.2)) == []
    assert lint_snippet(html_page(), "CD626", "html", Thresholds(keyphrase_density_max=0.5))


def test_markdown_findings_sit_on_their_front_matter_lines() -> None:
    page = markdown_page(title="Who to Hire for Production AI", front_matter="slug: post-1")
    [title] = lint_snippet(page, "CD620")
    [slug] = lint_snippet(page, "CD623")
    assert (title.line, slug.line) == (2, 5)
    assert "'post-1'" in slug.message
