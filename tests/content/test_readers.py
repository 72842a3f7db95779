"""The format readers keep the line of every key and item."""

from __future__ import annotations

from decimal import Decimal

import pytest

from copydesk.content.csv_reader import parse_csv
from copydesk.content.json_reader import parse_json
from copydesk.content.toml_reader import parse_toml
from copydesk.content.yaml_reader import parse_yaml
from copydesk.errors import ContentError, Location


def test_yaml_keeps_key_and_item_lines_and_offsets_them() -> None:
    data = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml", first_line=10)
    assert (data.line, data.key_lines) == (10, {"a": 10, "b": 11})
    assert data["b"].item_lines == [12, 13]
    assert data["b"][1].key_lines == {"c": 13}


def test_yaml_merge_keys_may_be_overridden_but_own_keys_not_repeated() -> None:
    data = parse_yaml("base: &b {k: 1, j: 2}\nm:\n  <<: *b\n  k: 3\n", "f.yaml")
    assert data["m"] == {"k": 3, "j": 2}


def test_yaml_never_constructs_python_objects() -> None:
    with pytest.raises(ContentError) as caught:
        parse_yaml("a: !!python/object/apply:os.system ['true']\n", "f.yaml")
    assert caught.value.location == Location("f.yaml", 1)


def test_yaml_control_characters_are_located() -> None:
    with pytest.raises(ContentError) as caught:
        parse_yaml("a: 1\nb: \x07\n", "f.yaml")
    assert str(caught.value) == (
        "f.yaml:2: invalid YAML: the control character U+0007 is not allowed")


def test_json_keeps_lines_and_exact_decimals() -> None:
    data = parse_json('{\n  "a": 135.8,\n  "b": [\n    1,\n    {"c": null}\n  ]\n}', "f.json")
    assert data == {"a": Decimal("135.8"), "b": [1, {"c": None}]}
    assert data.key_lines == {"a": 2, "b": 3}
    assert data["b"].item_lines == [4, 5]


@pytest.mark.parametrize(("text", "expected"), [
    ('{"a": 1, "a": 2}', "f.json:1:10: invalid JSON: the key 'a' appears twice in this object"),
    ("[1,\n 2\n 3]", "f.json:3:2: invalid JSON: Expecting ',' delimiter"),
    ("[1] [2]", "f.json:1:5: invalid JSON: Extra data"),
    ("[" * 100_000, "f.json:1:101: the data is nested more than 100 levels deep"),
])
def test_json_errors_are_located(text: str, expected: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse_json(text, "f.json")
    assert str(caught.value) == expected


def test_toml_finds_lines_of_tables_keys_and_inline_tables() -> None:
    text = ('title = "x"\n\n[[roles]]\nslug = "a"\nsource = { name = "n" }\n\n'
            '[[roles]]\nslug = "b"\n[roles.salary]\nmin = 1\n')
    data = parse_toml(text, "f.toml")
    first, second = data["roles"]
    assert data.key_lines == {"title": 1, "roles": 3}
    assert data["roles"].item_lines == [3, 7]
    assert first.key_lines == {"slug": 4, "source": 5}
    assert first["source"].key_lines == {"name": 5}
    assert second["salary"].key_lines == {"min": 10}


def test_toml_dotted_keys_are_located() -> None:
    data = parse_toml('[[roles]]\nslug = "a"\nsalary.min = 1\nsalary.max = 2\n', "f.toml")
    assert data["roles"][0].key_lines == {"slug": 2, "salary": 3}
    assert data["roles"][0]["salary"].key_lines == {"min": 3, "max": 4}


def test_toml_error_at_the_end_of_the_document_points_at_the_last_line() -> None:
    with pytest.raises(ContentError) as caught:
        parse_toml('a = 1\nb = "open\n', "f.toml")
    assert caught.value.location is not None
    assert caught.value.location.line == 2


def test_csv_rows_are_located_at_their_first_line_and_lists_split() -> None:
    rows = parse_csv('slug,skills,salary.min\n\na,"x; y ;",1\nb,"multi\nline",\n', "f.csv",
                     {"skills"})
    assert rows.item_lines == [3, 4]
    assert rows[0] == {"slug": "a", "skills": ["x", "y"], "salary": {"min": "1"}}
    assert rows[1] == {"slug": "b", "skills": ["multi\nline"]}


def test_csv_without_rows_is_an_empty_list() -> None:
    assert parse_csv("", "f.csv") == []
    assert parse_csv("slug,title\n", "f.csv") == []
