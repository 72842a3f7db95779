"""Articles: front matter fields, defaults, references, and located errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from copydesk.content.articles import article_body, text_body
from copydesk.errors import Location
from tests.content.helpers import ARTICLE, ROLES_YAML, load, load_error

DATA: dict[str, str | bytes] = {
    "content/data/roles.yaml": ROLES_YAML,
    "content/data/faq.yaml": "- id: why-hire\n  question: Why?\n  answer: Because.\n",
    "content/data/authors.yaml": "- id: mat\n  name: Matthew Ferdenzi\n",
    "content/data/steps.yaml": "- text: one\n",
}

FULL = """\
---
title: "Roles in 2026"
description: The roles.
date: 2026-03-01 09:30:00
updated: 2026-03-02T10:00:00+01:00
author: mat
tags: [hiring, ML]
keyphrase: ml roles
draft: true
roles: [llm-engineer, mlops-specialist]
faq:
  - why-hire
data: [steps]
template: long.html
slug: roles-2026
cta: Contact us today.
---
First body line.
{{ stat("x") }}
"""


def article_error(tmp_path: Path, text: str | bytes, name: str = "post.md") -> str:
    error = load_error(tmp_path, {**DATA, f"content/articles/{name}": text})
    assert error.hint
    return str(error)


def test_every_front_matter_field_is_read(tmp_path: Path) -> None:
    (article,) = load(tmp_path, {**DATA, "content/articles/post.md": FULL}).articles
    assert (article.title, article.description, article.slug) == (
        "Roles in 2026", "The roles.", "roles-2026")
    assert article.date == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    assert article.updated == datetime(2026, 3, 2, 10, tzinfo=timezone(timedelta(hours=1)))
    assert (article.author, article.tags, article.keyphrase, article.draft) == (
        "mat", ("hiring", "ML"), "ml roles", True)
    assert (article.roles, article.faq, article.data, article.template) == (
        ("llm-engineer", "mlops-specialist"), ("why-hire",), ("steps",), "long.html")
    assert article.extra == {"cta": "Contact us today."}
    assert article.body == 'First body line.\n{{ stat("x") }}\n'
    assert article.body_line == 18
    assert article.location == Location("content/articles/post.md", 1)


def test_defaults_slug_from_file_name_and_date_at_midnight_utc(tmp_path: Path) -> None:
    (article,) = load(tmp_path, {"content/my-post.md": ARTICLE}).articles
    assert article.slug == "my-post"
    assert article.date == datetime(2026, 3, 1, tzinfo=UTC)
    assert (article.updated, article.author, article.draft, article.template) == (
        None, None, False, "article.html")
    assert (article.tags, article.roles, article.faq, article.data, dict(article.extra)) == (
        (), (), (), (), {})
    assert article.body_line == 6


def test_a_byte_order_mark_and_windows_line_ends_are_fine(tmp_path: Path) -> None:
    text = "\ufeff" + ARTICLE.replace("\n", "\r\n")
    (article,) = load(tmp_path, {"content/post.md": text.encode("utf-8")}).articles
    assert article.title == "A title"
    assert article.body == "Body line one.\n"
    assert article.body_line == 6


def test_an_empty_front_matter_names_the_first_missing_field(tmp_path: Path) -> None:
    assert article_error(tmp_path, "---\n---\nbody\n") == (
        "content/articles/post.md:1: title: required field is missing")


@pytest.mark.parametrize(("front_matter", "expected"), [
    ("author: matt", "content/articles/post.md:5: author: unknown author 'matt'"),
    ("roles: [llm-engineer, nobody]",
     "content/articles/post.md:5: roles[1]: unknown role 'nobody'"),
    ("faq:\n  - why-hire\n  - why-hir",
     "content/articles/post.md:7: faq[1]: unknown FAQ entry 'why-hir'"),
    ("data: [stepz]", "content/articles/post.md:5: data[0]: unknown data collection 'stepz'"),
    ("updated: last week", "content/articles/post.md:5: updated: expected a date, "
     "got 'last week'"),
    ("draft: 'yes'", "content/articles/post.md:5: draft: expected true or false, got 'yes'"),
    ("slug: ../../etc/passwd", "content/articles/post.md:5: slug: expected a slug, "
     "got '../../etc/passwd'"),
    ("tags: [a, [b]]", "content/articles/post.md:5: tags[1]: expected text, got a list"),
])
def test_bad_front_matter_fields(tmp_path: Path, front_matter: str, expected: str) -> None:
    text = ARTICLE.replace("---\nBody", f"{front_matter}\n---\nBody")
    assert article_error(tmp_path, text) == expected


def test_a_misspelt_required_field_gets_a_did_you_mean(tmp_path: Path) -> None:
    error = load_error(tmp_path, {"content/post.md": ARTICLE.replace("title:", "titel:")})
    assert str(error) == "content/post.md:2: titel: unknown field 'titel'"
    assert error.hint == "did you mean 'title'?"


def test_malformed_front_matter_reports_the_line_in_the_file(tmp_path: Path) -> None:
    text = "---\ntitle: A\ndescription: one: two\ndate: 2026-03-01\n---\nbody\n"
    assert article_error(tmp_path, text) == (
        "content/articles/post.md:3: invalid YAML: mapping values are not allowed here")


def test_front_matter_must_be_a_mapping(tmp_path: Path) -> None:
    assert article_error(tmp_path, "---\n- a\n- b\n---\nbody\n") == (
        "content/articles/post.md:1: the front matter must be 'name: value' lines")


@pytest.mark.parametrize(("text", "expected"), [
    ("# Just Markdown\n", "the article has no front matter"),
    ("---\ntitle: A\n", "the front matter is not closed"),
])
def test_missing_or_unclosed_front_matter(tmp_path: Path, text: str, expected: str) -> None:
    assert article_error(tmp_path, text) == f"content/articles/post.md:1: {expected}"


def test_a_file_name_that_cannot_be_a_slug_needs_a_slug_field(tmp_path: Path) -> None:
    assert article_error(tmp_path, ARTICLE, name="My Post.md") == (
        "content/articles/My Post.md:1: the file name 'My Post' cannot be the page's slug")
    (article,) = load(tmp_path, {"content/articles/My Post.md": ARTICLE.replace(
        "---\nBody", "slug: my-post\n---\nBody")}).articles
    assert article.slug == "my-post"


def test_undecodable_bytes_name_the_file_and_byte_offset(tmp_path: Path) -> None:
    text = ARTICLE.encode("utf-8") + b"caf\xe9\n"
    offset = len(ARTICLE.encode("utf-8")) + 3
    assert article_error(tmp_path, text) == (
        f"content/articles/post.md:7: the file is not valid UTF-8 (byte offset {offset})")


@given(text=st.text(alphabet=st.sampled_from(["a", "\n", "\r", " ", "é"])),
       body_line=st.integers(min_value=1, max_value=12))
@example(text="", body_line=1)
@example(text="a\nb\n", body_line=3)
@example(text="a\nb\n", body_line=4)
def test_a_body_found_in_the_text_is_the_one_its_lines_give(text: str, body_line: int) -> None:
    """A kept article's body, read from its file (``text_body``), is what the article's
    parse cuts from the file's lines (``article_body``)."""
    assert text_body(text, body_line) == article_body(text.split("\n"), body_line)
