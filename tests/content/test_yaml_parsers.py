"""libyaml (the fast path) and PyYAML's own parser give the same located values."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.content import yaml_reader
from copydesk.content.located import LocatedMap, LocatedSeq

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
    fast, exact = yaml_reader._LOADERS  # the environment's PyYAML is built with libyaml
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
