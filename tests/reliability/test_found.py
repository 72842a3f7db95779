"""Inputs the property runs (profile ``fuzz``) once failed on, kept so the fixes stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.config import load_config
from copydesk.content.yaml_reader import parse_yaml
from copydesk.errors import ContentError, Location, RenderError
from copydesk.render.environment import Renderer


@pytest.mark.parametrize(("text", "message"), [
    ("date: !!timestamp 2026-01-01-", "'2026-01-01-' is not a valid date"),
    ("count: !!int x", "'x' is not a whole number, as its !!int tag says"),
    ("count: !!int ''", "'' is not a whole number, as its !!int tag says"),
    ("share: !!float ''", "'' is not a number, as its !!float tag says"),
    ("draft: !!bool maybe", "'maybe' is not true or false, as its !!bool tag says"),
])
def test_an_explicit_tag_on_the_wrong_text_is_a_located_error(text: str, message: str) -> None:
    with pytest.raises(ContentError) as raised:
        parse_yaml(f"title: T\n{text}\n", "content/data/roles.yaml", first_line=3)
    assert raised.value.message == message
    assert raised.value.location == Location("content/data/roles.yaml", 4)
    assert raised.value.hint


def test_explicit_tags_on_the_right_text_still_work() -> None:
    assert parse_yaml("a: !!int 5\nb: !!bool yes\nc: !!float 1.5\n", "f.yaml") == {
        "a": 5, "b": True, "c": 1.5}


def test_a_filter_block_that_makes_a_number_is_a_located_render_error(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    renderer = Renderer(load_config(tmp_path), {})
    with pytest.raises(RenderError) as raised:
        renderer.string("{% filter length %}Hello {% endfilter %}", {},
                        Location("content/articles/post.md", 6))
    assert raised.value.location == Location("content/articles/post.md", 6)
    assert "expected str instance, int found" in raised.value.message
