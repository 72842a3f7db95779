"""Whatever YAML a user writes, loading either works or fails with a located ContentError."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.errors import ContentError
from tests.content.helpers import ROLES_YAML, load

# Field names the validators know, so random records get past the unknown-field check.
KNOWN_KEYS = ["slug", "title", "summary", "id", "value", "unit", "claim", "as-of", "roles",
              "source", "name", "kind", "url", "salary", "min", "max", "currency", "period",
              "year", "question", "answer", "skills", "date", "description", "author", "faq",
              "data", "draft", "tags", "updated", "published"]

scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
           | st.dates() | st.sampled_from(["%", "USD", "year", "external", "llm-engineer"]))
keys = st.sampled_from(KNOWN_KEYS) | st.text(max_size=6) | st.integers()


def values() -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda children: st.lists(children, max_size=4)
        | st.dictionaries(keys, children, max_size=6),
        max_leaves=20,
    )


@settings(max_examples=150, deadline=None)
@given(stem=st.sampled_from(["roles", "statistics", "faq", "authors", "extras"]),
       value=values())
def test_random_data_files_load_or_fail_with_a_location(stem: str, value: Any) -> None:
    files: dict[str, str | bytes] = {f"content/data/{stem}.yaml": yaml.safe_dump(value)}
    if stem != "roles":
        files["content/data/roles.yaml"] = ROLES_YAML
    _load_or_located_error(files, f"content/data/{stem}.yaml")


@settings(max_examples=100, deadline=None)
@given(value=st.dictionaries(keys, values(), max_size=8))
def test_random_front_matter_loads_or_fails_with_a_location(value: dict[Any, Any]) -> None:
    front_matter = {"title": "T", "description": "D", "date": date(2026, 1, 1), **value}
    text = f"---\n{yaml.safe_dump(front_matter)}---\nbody\n"
    _load_or_located_error({"content/post.md": text, "content/data/roles.yaml": ROLES_YAML},
                           "content/")


def _load_or_located_error(files: dict[str, str | bytes], where: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        try:
            load(Path(directory), files)
        except ContentError as error:
            assert error.location is not None
            assert error.location.path.startswith(where)
            assert error.hint
