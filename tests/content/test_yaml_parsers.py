"""libyaml (the fast path) and PyYAML's own parser give the same located values."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copydesk.content import yaml_reader
from copydesk.content.limits import MAX_DEPTH, MAX_YAML_NODES
from copydesk.content.located import LocatedMap, LocatedSeq
from copydesk.errors import ContentError

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                    st.dates())
DATA = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.text(min_size=1, max_size=8), inner, max_size=4),
    max_leaves=20)


def located(value: Any) -> Any:
    """The value with every line it carries, for comparing two parses."""
    if isinstance(value, LocatedMap):
        return ("map", value.line, {key: (value.line_of(key), located(item))
                                    for key, item in value.items()})
    if isinstance(value, LocatedSeq):
        return ("seq", value.line, [(value.line_of(index), located(item))
                                    for index, item in enumerate(value)])
    return value


def both(text: str) -> tuple[Any, Any]:
    fast, _, exact = yaml_reader._LOADERS  # the environment's PyYAML is built with libyaml
    return (located(yaml_reader._load(fast, text, "f.yaml", 3)),
            located(yaml_reader._load(exact, text, "f.yaml", 3)))


@settings(max_examples=200, deadline=None)
@given(DATA, st.sampled_from([None, True, False]))
def test_both_parsers_agree_on_values_and_lines(data: Any, flow: bool | None) -> None:
    fast, exact = both(yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True))
    assert fast == exact


def test_anchors_merges_and_block_scalars_agree() -> None:
    text = ("base: &base {currency: GBP}\nrole:\n  <<: *base\n  summary: >-\n    Runs models\n"
            "    in production.\n  tags: [a, b]\nlist:\n- *base\n- |\n  two\n  lines\n")
    fast, exact = both(text)
    assert fast == exact


def test_an_error_reads_as_pyyaml_says_it() -> None:
    with pytest.raises(Exception) as caught:
        yaml_reader.parse_yaml("roles: [one, two\n", "f.yaml")
    assert str(caught.value).startswith("f.yaml:2: invalid YAML: expected ',' or ']'")


def outcome(text: str, loaders: list[Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    """What parse_yaml_counted gives with ``loaders``: the located value and its count of
    values, or the error as users read it."""
    with monkeypatch.context() as patched:
        patched.setattr(yaml_reader, "_LOADERS", loaders)
        try:
            value, count = yaml_reader.parse_yaml_counted(text, "f.yaml", 3)
        except ContentError as error:
            return str(error), error.hint
        return located(value), count


# Texts of YAML's own punctuation, anchors and aliases, mostly invalid, some nested.
YAMLISH = st.lists(st.sampled_from(["-", "? ", ": ", "[", "]", "{", "}", ", ", "\n", "  ",
                                    "a", "1", "&x ", "*x", "<<: ", "'", "\"", "#", "!!int ",
                                    "2026-13-01", "\t"]), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(YAMLISH)
@example("&x \t[*x")  # an alias inside its node, then a tab: the alias is told, as before
def test_any_text_reads_the_same_with_libyaml_composing(text: str) -> None:
    # Compared with libyaml's events composed in Python (the fast path before libyaml
    # composed): libyaml and PyYAML's own parser disagree on some invalid texts (a tab
    # after "--", "{-? }"), whichever composes.
    fast, events, exact = yaml_reader._LOADERS
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert (outcome(text, [fast, events, exact], monkeypatch)
                == outcome(text, [events, exact], monkeypatch))


@pytest.mark.parametrize("text", [
    "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),  # too deep
    "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n" + "".join(  # a billion laughs
        f"{chr(98 + level)}: &{chr(98 + level)} [{', '.join(['*' + chr(97 + level)] * 9)}]\n"
        for level in range(6)),
    "- &a [1, *a]\n",  # an alias inside the node it names
    "- &a 1\n- &a 2\n",  # an anchor given twice
    "a: *missing\n",
    "[" + "1, " * (MAX_YAML_NODES // 4) + "]",  # too long for libyaml to compose
])
def test_a_document_near_a_bound_is_read_by_the_bounded_composer(
        text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, events, exact = yaml_reader._LOADERS
    with pytest.raises(yaml.YAMLError):
        yaml_reader._load(fast, text, "f.yaml", 1)
    read = outcome(text, [fast, exact], monkeypatch)
    assert read == outcome(text, [exact], monkeypatch)
    assert read == outcome(text, [events, exact], monkeypatch)


def test_libyaml_composes_and_the_nodes_are_counted_as_the_exact_composer_does(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: &a [1, {b: 2}]\nc: [*a, *a]\nd:\n"
    fast, _, exact = yaml_reader._LOADERS

    def refuse(*_: object) -> None:
        raise AssertionError("composed in Python")

    expected = yaml_reader._load(exact, text, "f.yaml", 1)
    monkeypatch.setattr(yaml_reader._Locating, "compose_node", refuse)
    assert yaml_reader._load(fast, text, "f.yaml", 1) == expected
    assert expected[1] == 11  # the mapping, 3 keys, 3 values, the list's 2 and {b: 2}'s 2


def _constructed_in_general(loader: Any, node: yaml.Node) -> Any:
    return loader.construct_object(node, deep=False)


STRINGY = st.lists(st.sampled_from(["a: ", "- ", "text", "!!str ", "12", "&s ", "*s", "<<: ",
                                    "{k: v}", "[x, 'y']", "? ", "\n", "  ", "|\n  ", "yes",
                                    "2026-03-01", "~", "\"q\""]), max_size=24).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(DATA.map(lambda data: yaml.safe_dump(data, allow_unicode=True)), STRINGY))
@example("a: !!str 12\nb: &s text\nc: *s\nd:\n  <<: {e: f}\n  g: [*s, h]\n? !!str k\n: v\n")
def test_a_string_taken_from_its_node_is_what_the_constructor_makes(text: str) -> None:
    # Every loader, with the strings' shortcut and with every node constructed by PyYAML.
    with pytest.MonkeyPatch.context() as monkeypatch:
        for loader in yaml_reader._LOADERS:
            taken = outcome(text, [loader, yaml_reader._ExactLoader], monkeypatch)
            monkeypatch.setattr(yaml_reader, "_constructed", _constructed_in_general)
            assert outcome(text, [loader, yaml_reader._ExactLoader], monkeypatch) == taken
            monkeypatch.undo()
