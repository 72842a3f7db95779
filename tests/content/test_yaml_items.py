"""A YAML list of records parsed item by item gives what a whole parse gives, or nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copydesk.content import yaml_items
from copydesk.content.yaml_items import parse_items, split_items
from copydesk.content.yaml_reader import parse_yaml
from copydesk.errors import ContentError
from tests.content.test_yaml_parsers import DATA, located

RECORDS = st.lists(st.dictionaries(st.sampled_from(["id", "value", "claim", "source", "x"]),
                                   DATA, min_size=1, max_size=4), min_size=1, max_size=5)
# Lines that may break a file, tie two items together or be harmless.
NOISE = st.sampled_from(["", "# a comment", "  # indented comment", "---", "...", "- \"open",
                         "  more: [1,", "'", "\tx: 1", "key: value", "- &a {x: 1}", "- *a",
                         "- <<: *a", "%YAML 1.1", "  - nested", "-", "- |", "  text",
                         "-x", "- a: b: c", "  claim: \"two", "lines\"", "- y: 1\n  y: 2"])


def whole(text: str) -> Any:
    try:
        return located(parse_yaml(text, "f.yaml"))
    except ContentError as error:
        return error


@st.composite
def texts(draw: st.DrawFn) -> str:
    lines = yaml.safe_dump(draw(RECORDS), default_flow_style=False,
                           allow_unicode=True).split("\n")
    for _ in range(draw(st.integers(0, 3))):
        lines.insert(draw(st.integers(0, len(lines))), draw(NOISE))
    return "\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(texts(), texts())
@example("-\n  text\n- id: null\n", "")  # the first item's value on the line after its "-"
def test_items_give_the_whole_parse_or_nothing(text: str, before: str) -> None:
    expected = whole(text)
    earlier = parse_items(before, "f.yaml", {})
    for kept in ({}, earlier[1] if earlier else {}):
        found = parse_items(text, "f.yaml", kept)
        if found is not None:
            assert not isinstance(expected, ContentError)
            assert located(found[0]) == expected


def test_only_the_changed_item_is_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(f"- id: s{n}\n  value: {n}\n  claim: \"Claim {n}.\"\n" for n in range(50))
    first = parse_items(text, "f.yaml", {})
    assert first is not None
    parsed: list[int] = []
    real = yaml_items.parse_yaml_counted

    def counting(chunk: str, path: str, line: int) -> tuple[Any, int]:
        parsed.append(line)
        return real(chunk, path, line)

    monkeypatch.setattr(yaml_items, "parse_yaml_counted", counting)
    edited = text.replace("value: 7\n", "value: 8\n")
    again = parse_items(edited, "f.yaml", first[1])
    assert again is not None and parsed == [22]  # the eighth record starts on line 22
    assert located(again[0]) == located(parse_yaml(edited, "f.yaml"))


@pytest.mark.parametrize("text", [
    "roles:\n- a\n",  # a mapping at the top
    "---\n- a\n",  # a document marker
    "  - a\n- b\n",  # an indented first line
    "- &first a\n- *first\n",  # an alias ties two items
    "# only a comment\n",
    "- id: a\n  claim: 'one\x85two'\n- id: b\n",  # YAML counts NEL as a line break
])
def test_files_that_do_not_qualify(text: str) -> None:
    assert split_items(text) is None


def test_an_item_that_does_not_parse_alone_leaves_the_error_to_the_whole_parse() -> None:
    text = "- id: a\n  claim: \"open\n- id: b\n"
    assert parse_items(text, "f.yaml", {}) is None
    assert isinstance(whole(text), (ContentError, tuple, str))


def test_the_bound_on_values_counts_the_whole_file(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(f"- id: s{n}\n" for n in range(10))  # 1 + 10 x 3 values
    monkeypatch.setattr(yaml_items, "MAX_YAML_NODES", 31)
    assert parse_items(text, "f.yaml", {}) is not None
    monkeypatch.setattr(yaml_items, "MAX_YAML_NODES", 30)
    assert parse_items(text, "f.yaml", {}) is None


@pytest.mark.parametrize("text", [
    "- id: null\n- |\n  value: null\n- id: null\n",  # a block scalar ends an item
    "- |+\n  kept\n\n- b\n",  # its kept trailing blank line
    "- >\n  folded\n- |\n  last\n",
])
def test_an_item_keeps_the_line_break_that_ends_it(text: str) -> None:
    found = parse_items(text, "f.yaml", {})
    assert found is not None and located(found[0]) == whole(text)


def split_by_lines(text: str) -> list[tuple[int, str]] | None:
    """split_items as first written, line by line (with each item's final line break)."""
    lines = text.split("\n")
    starts: list[int] = []
    for index, line in enumerate(lines):
        if line.startswith("- ") or line == "-":
            starts.append(index)
        elif line and not line.startswith("#") and not (starts and line.startswith(" ")):
            return None
    if (not starts or re.search(r"(?:^|[\s,\[{])[&*][^\s,\[\]{}]", text, re.MULTILINE)
            or re.search("[\r\x85\u2028\u2029]", text)):
        return None
    ends = [*starts[1:], len(lines)]
    return [(start + 1, "\n".join(lines[start:end]) + ("\n" if end < len(lines) else ""))
            for start, end in zip(starts, ends, strict=True)]


PIECES = st.lists(st.sampled_from(["- ", "-", "--", "#", " ", "  x", "\n", "\t", "a: 1", "&a",
                                   "*b", "**", "[&c]", "{*d}", ",&", "\u00a0*e", "\x85",
                                   "- |", "\r"]), max_size=20).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(PIECES, texts()))
def test_split_items_splits_as_it_did_line_by_line(text: str) -> None:
    assert split_items(text) == split_by_lines(text)
