"""Fingerprinted records: a digest of the whole value, taken once and pickled with it."""

from __future__ import annotations

import pickle
from dataclasses import fields, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from copydesk.content.models import Article, FaqEntry, Statistic
from copydesk.errors import Location

ARTICLE = Article(path=Path("/p/content/articles/post.md"), slug="post", title="A Post",
                  description="About roles.", date=datetime(2026, 1, 15),
                  body="Intro — with a dash.\n\n## Roles\n", body_line=6,
                  location=Location("content/articles/post.md", 1), roles=("llm",),
                  extra={"image": "/cover.png"})
CHANGES: dict[str, object] = {
    "path": Path("/p/content/articles/other.md"), "slug": "other", "title": "B",
    "description": "D", "date": datetime(2026, 1, 16), "body": "Intro — with a dash.\n",
    "body_line": 7, "location": Location("content/articles/post.md", 2),
    "updated": datetime(2026, 2, 1), "author": "jo", "tags": ("t",), "keyphrase": "k",
    "draft": True, "roles": (), "faq": ("q",), "data": ("steps",), "template": "other.html",
    "extra": {"image": "/other.png"}}


def test_every_field_of_an_article_is_covered() -> None:
    assert set(CHANGES) == {field.name for field in fields(Article)}


@pytest.mark.parametrize(("name", "value"), CHANGES.items())
def test_an_article_with_any_field_changed_has_another_fingerprint(name: str,
                                                                   value: object) -> None:
    changed = replace(ARTICLE, **{name: value})
    assert changed.fingerprint != ARTICLE.fingerprint
    assert replace(changed, **{name: getattr(ARTICLE, name)}).fingerprint == ARTICLE.fingerprint


def test_equal_records_have_equal_fingerprints_and_others_differ() -> None:
    statistic = Statistic("share", Decimal("65"), "%", "RAG share", Location("s.yaml", 1))
    assert replace(statistic).fingerprint == statistic.fingerprint
    assert replace(statistic, value=Decimal("66")).fingerprint != statistic.fingerprint
    entry = FaqEntry("q1", "What is RAG?", "Retrieval.", Location("faq.yaml", 1))
    assert replace(entry, answer="Retrieval!").fingerprint != entry.fingerprint


def test_the_fingerprint_is_pickled_with_the_record() -> None:
    taken = ARTICLE.fingerprint
    copy = pickle.loads(pickle.dumps(ARTICLE))
    assert vars(copy)["fingerprint"] == taken  # not computed again after the load
    assert copy == ARTICLE and repr(copy) == repr(ARTICLE)  # not a field: equality as before
