"""Whatever YAML a user writes, loading either works or fails with a located ContentError."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.content.json_reader import parse_json
from copydesk.errors import ContentError
from tests.content.helpers import ROLES_YAML, load

# Field names each record kind knows, so random records get past the unknown-field check
# and reach the typed conversions and cross-references.
KIND_KEYS = {
    "roles": ["slug", "title", "summary", "question", "skills", "responsibilities", "body",
              "salary", "min", "max", "currency", "period", "year", "note", "source"],
    "statistics": ["id", "value", "unit", "claim", "as-of", "roles", "source", "name",
                   "kind", "url", "published"],
    "faq": ["id", "question", "answer"],
    "authors": ["id", "name", "bio", "url", "job_title"],
    "extras": ["text", "items"],
}
FRONT_MATTER_KEYS = ["title", "description", "date", "updated", "author", "tags", "keyphrase",
                     "draft", "roles", "faq", "data", "template", "slug"]

scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
           | st.dates() | st.sampled_from(["%", "USD", "year", "external", "first-party",
                                           "llm-engineer", "mlops-specialist", "a-b"]))


def values(names: list[str]) -> st.SearchStrategy[Any]:
    keys = st.sampled_from(names) | st.text(max_size=6) | st.integers()
    return st.recursive(
        scalars,
        lambda children: st.lists(children, max_size=4)
        | st.dictionaries(keys, children, max_size=6),
        max_leaves=20,
    )


def data_files(stem: str) -> st.SearchStrategy[tuple[str, Any]]:
    """Anything at all, or a list of records built mostly from the kind's own field names."""
    record = st.dictionaries(st.sampled_from(KIND_KEYS[stem]), values(KIND_KEYS[stem]),
                             min_size=2, max_size=8)
    return st.tuples(st.just(stem), values(KIND_KEYS[stem]) | st.lists(record, max_size=3))


@settings(max_examples=150, deadline=None)
@given(file=st.sampled_from(sorted(KIND_KEYS)).flatmap(data_files))
def test_random_data_files_load_or_fail_with_a_location(file: tuple[str, Any]) -> None:
    stem, value = file
    files: dict[str, str | bytes] = {f"content/data/{stem}.yaml": yaml.safe_dump(value)}
    if stem != "roles":
        files["content/data/roles.yaml"] = ROLES_YAML
    _load_or_located_error(files, f"content/data/{stem}.yaml")


@settings(max_examples=100, deadline=None)
@given(value=st.dictionaries(st.sampled_from(FRONT_MATTER_KEYS) | st.text(max_size=6),
                             values(FRONT_MATTER_KEYS), max_size=8))
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


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=6), children, max_size=5),
    max_leaves=25,
)


@settings(max_examples=200)
@given(value=json_values, indent=st.none() | st.integers(0, 3))
def test_the_locating_json_reader_reads_what_the_standard_decoder_reads(
        value: Any, indent: int | None) -> None:
    text = json.dumps(value, indent=indent)
    assert parse_json(text, "f.json") == json.loads(text, parse_float=Decimal)
