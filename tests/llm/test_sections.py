"""What each section is given, the numbers it may use, and the prompts rendered from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.config import load_config
from copydesk.content.loader import load_project
from copydesk.content.models import Project
from copydesk.errors import DraftError
from copydesk.llm.prompts import build_messages, prompt_environment
from copydesk.llm.sections import find_article, section_data
from copydesk.site.init import init_project
from tests.llm.conftest import ARTICLE


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Project]:
    root = tmp_path_factory.mktemp("example") / "project"
    init_project(root)
    return root, load_project(load_config(root))


def test_a_role_section_gets_the_role_and_only_its_statistics(
        example: tuple[Path, Project]) -> None:
    _, project = example
    article = find_article(project, ARTICLE)
    data = section_data(project, article, "summary", "generative-ai-infrastructure-engineer")
    assert data.role is not None and data.statistics == ()
    assert data.context["role"]["salary"] == (
        "$220,000 to $350,000 per year in 2026 (base salary, senior practitioners)")
    assert {"220000", "350000", "2026"} <= data.allowed_numbers
    assert "65" not in data.allowed_numbers  # an LLM Engineer statistic, not this role's
    llm = section_data(project, article, "summary", "llm-engineer")
    assert [s.id for s in llm.statistics] == [
        "rag-in-applied-llm-listings", "prompt-engineering-demand-growth",
        "ai-postings-requiring-domain-specialisation"]
    assert {"65", "135.8", "75"} <= llm.allowed_numbers


def test_a_statistic_without_a_value_is_never_given(example: tuple[Path, Project]) -> None:
    _, project = example
    article = find_article(project, ARTICLE)
    data = section_data(project, article, "summary", "ai-ethics-governance-specialist")
    assert data.statistics == ()
    given = section_data(project, article, "faq", None).statistics
    assert given and all(s.value is not None for s in given)
    assert "specialist-firm-time-to-hire-reduction" in {s.id for s in given}  # cited in body


def test_the_faq_prompt_lists_the_questions_and_the_rules(example: tuple[Path, Project]) -> None:
    root, project = example
    article = find_article(project, f"content/articles/{ARTICLE}.md")
    data = section_data(project, article, "faq", None)
    system, user = build_messages(prompt_environment(load_config(root)), data)
    assert "Do not use any number" in system.content
    for faq_id in article.faq:
        assert f"- {project.faq[faq_id].question}" in user.content
    assert "30%: Companies partnering with specialist recruitment firms" in user.content


def test_a_project_template_overrides_the_shipped_one(example: tuple[Path, Project]) -> None:
    root, project = example
    override = root / "templates" / "prompts" / "description.md.j2"
    override.write_text("Describe {{ article.title }} in ten words.", encoding="utf-8")
    try:
        data = section_data(project, find_article(project, ARTICLE), "description", None)
        _, user = build_messages(prompt_environment(load_config(root)), data)
    finally:
        override.unlink()
    assert user.content == f"Describe {project.articles[0].title} in ten words."


def test_a_broken_template_is_a_located_draft_error(example: tuple[Path, Project]) -> None:
    root, project = example
    broken = root / "templates" / "prompts" / "summary.md.j2"
    original = broken.read_text(encoding="utf-8")
    broken.write_text("Line one\n{{ article.nope }}\n", encoding="utf-8")
    try:
        data = section_data(project, find_article(project, ARTICLE), "summary", None)
        with pytest.raises(DraftError, match=r"summary\.md\.j2"):
            build_messages(prompt_environment(load_config(root)), data)
    finally:
        broken.write_text(original, encoding="utf-8")


def test_an_unknown_article_suggests_the_closest_slug(example: tuple[Path, Project]) -> None:
    _, project = example
    with pytest.raises(DraftError) as raised:
        find_article(project, "most-in-demand-ml-roles-2026")
    assert ARTICLE in raised.value.hint
