"""Never a traceback: hostile YAML, templates, Markdown and HTML either work or fail located.

The library raises a CopydeskError with a Location; the CLI exits 0, 1 or 2 and prints no
traceback and no "internal error" (which would be a bug). Profiles: see ``profiles.py``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from copydesk.cli import main
from copydesk.config import load_config
from copydesk.content import load_project
from copydesk.errors import CopydeskError, Location
from copydesk.render.environment import Renderer
from copydesk.site.init import init_project
from tests.reliability.counts import report_count
from tests.reliability.grammars import markups, templates, yaml_texts
from tests.reliability.profiles import PROFILE, PROFILE_NAME, scaled

CONTEXT = {"title": "T", "n": 3, "items": [1, 2, "x"], "text": "a <b>", "roles": [],
           "page": {"title": "P"}, "none": None}
DATA_FILES = ["roles", "statistics", "faq", "authors", "steps"]
tried: dict[str, int] = {}


def _count(family: str) -> None:
    tried[family] = tried.get(family, 0) + 1


def _assert_located(error: CopydeskError) -> Location:
    assert isinstance(error.location, Location), f"no location: {error!r}"
    assert error.location.path
    return error.location


@contextmanager
def _example_project() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        init_project(root)
        config = root / "copydesk.toml"
        config.write_text('select = ["CD1"]\n' + config.read_text(encoding="utf-8"),
                          encoding="utf-8")
        yield root


@PROFILE
@given(text=yaml_texts, stem=st.sampled_from(DATA_FILES), as_front_matter=st.booleans())
def test_random_yaml_loads_or_fails_with_a_location(text: str, stem: str,
                                                    as_front_matter: bool) -> None:
    _count("YAML into the content loader")
    with _example_project() as root:
        if as_front_matter:
            target = root / "content" / "articles" / "random.md"
            target.write_text(f"---\n{text}\n---\nBody.\n", encoding="utf-8")
        else:
            target = root / "content" / "data" / f"{stem}.yaml"
            target.write_text(text, encoding="utf-8")
        try:
            load_project(load_config(root))
        except CopydeskError as error:
            _assert_located(error)


@PROFILE
@given(data=st.binary(max_size=200))
def test_random_bytes_in_a_data_file_load_or_fail_with_a_location(data: bytes) -> None:
    _count("bytes into the content loader")
    with _example_project() as root:
        (root / "content" / "data" / "faq.yaml").write_bytes(data)
        try:
            load_project(load_config(root))
        except CopydeskError as error:
            _assert_located(error)


@PROFILE
@given(source=templates, sandbox=st.booleans())
def test_random_templates_render_or_fail_with_a_location(source: str, sandbox: bool) -> None:
    _count("Jinja templates into the renderer")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "templates").mkdir()
        (root / "templates" / "base.html").write_text(
            "<main>{% block body %}{% endblock %}</main>", encoding="utf-8")
        (root / "templates" / "random.html").write_text(source, encoding="utf-8")
        (root / "copydesk.toml").write_text(f"[site]\nsandbox = {str(sandbox).lower()}\n",
                                            encoding="utf-8")
        renderer = Renderer(load_config(root), {})
        origin = Location("content/articles/post.md", 5)
        for render in (lambda: renderer.template("random.html", CONTEXT, origin),
                       lambda: renderer.string(source, CONTEXT, origin)):
            try:
                render()
            except CopydeskError as error:
                assert _assert_located(error).line >= 1, error


@PROFILE
@given(source=markups, suffix=st.sampled_from(["md", "html", "htm", "txt"]))
def test_random_markdown_and_html_through_check_never_print_a_traceback(
        source: str, suffix: str) -> None:
    _count("Markdown/HTML through `copydesk check`")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input.{suffix}"
        path.write_text(source, encoding="utf-8", newline="")
        result = CliRunner().invoke(main, ["check", "-C", folder, "--no-cache", str(path)])
    _assert_clean_exit(result.exit_code, result.output)


@scaled(0.25)
@given(body=templates, front=yaml_texts,
       data=st.none() | st.tuples(st.sampled_from(DATA_FILES), yaml_texts))
def test_random_content_through_build_never_prints_a_traceback(
        body: str, front: str, data: tuple[str, str] | None) -> None:
    _count("articles (front matter + Jinja body) and data files through `copydesk build`")
    with _example_project() as root:
        (root / "content" / "articles" / "random.md").write_text(
            f"---\ntitle: R\ndescription: D.\ndate: 2026-01-02\n{front}\n---\n{body}\n",
            encoding="utf-8")
        if data is not None:
            stem, text = data
            (root / "content" / "data" / f"{stem}.yaml").write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["build", "-C", str(root), "--wait", "0"])
    _assert_clean_exit(result.exit_code, result.output)


def _assert_clean_exit(code: int, output: str) -> None:
    assert code in (0, 1, 2), output
    assert "Traceback" not in output
    assert "internal error" not in output, output


def test_report_how_many_inputs_were_tried(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs last in the file (pytest keeps file order): prints the counts for the record."""
    for family, count in tried.items():
        report_count(capsys, f"hypothesis ({PROFILE_NAME}): {family}", count)
    assert tried or PROFILE.max_examples == 0
