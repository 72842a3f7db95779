"""A small project built from records directly, so the build is tested apart from loading."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from copydesk.config import Config, SiteConfig
from copydesk.content.models import (
    Article,
    Author,
    DataCollection,
    FaqEntry,
    Project,
    Role,
    SalaryRange,
    Source,
    Statistic,
)
from copydesk.errors import Location

REPOSITORY = Path(__file__).resolve().parents[2]
DATA = "content/data/statistics.yaml"
SURVEY = Source("Hiring Survey 2026", url="https://survey.example.org/2026",
                published=date(2026, 1, 5))

ARTICLE_BODY = """\
Intro with {{ stat("rag-share") }} and {{ stat("unsourced") }}.

## Roles

{% for role in roles %}
### {{ role.title }}

{{ render_body(role) }}

{% endfor %}
{% for step in steps %}
- {{ step }}
{% endfor %}
"""


def make_config(root: Path) -> Config:
    shutil.copytree(REPOSITORY / "templates", root / "templates", dirs_exist_ok=True)
    site = SiteConfig(title="Test Site", base_url="https://test.example", language="en-GB",
                      description="A test site.")
    return Config(root=root, source=None, site=site)


def make_project(root: Path, **article_changes: object) -> Project:
    statistics = {
        "rag-share": Statistic("rag-share", Decimal("65"), "%", "RAG in LLM job listings",
                               Location(DATA, 1), source=SURVEY, roles=("llm-engineer",)),
        "unsourced": Statistic("unsourced", Decimal("3"), "x", "growth", Location(DATA, 8)),
        "missing": Statistic("missing", None, "%", "adoption", Location(DATA, 14),
                             roles=("llm-engineer",)),
    }
    role = Role(
        slug="llm-engineer", title="LLM Engineer", summary="Fine-tunes foundation models.",
        location=Location("content/data/roles.yaml", 2), question="What do they do?",
        skills=("RAG", "vector databases"), responsibilities=("fine-tuning",),
        salary=SalaryRange(Decimal(180000), Decimal(260000), "USD", "year", 2026),
        body='RAG appears in {{ stat("rag-share") }} of listings; {{ stat("missing") }} adopt.',
    )
    author = Author("jo", "Jo Writer", Location("content/data/authors.yaml", 1), bio="Writes.")
    faq = {"q1": FaqEntry("q1", "What is RAG?", "Retrieval-augmented *generation*.",
                          Location("content/data/faq.yaml", 1))}
    article = Article(
        path=root / "content/articles/post.md", slug="post", title="A Post",
        description="A post about roles.", date=datetime(2026, 1, 15), body=ARTICLE_BODY,
        body_line=12, location=Location(str(root / "content/articles/post.md"), 1),
        author="jo", roles=("llm-engineer",), faq=("q1",), data=("steps",))
    article = replace(article, **article_changes)  # type: ignore[arg-type]
    steps = DataCollection("steps", ["Audit the stack.", "Publish pay bands."],
                           Location("content/data/steps.yaml", 1))
    return Project(root=root, roles=(role,), statistics=statistics, faq=faq,
                   authors={"jo": author}, articles=(article,), data={"steps": steps})
