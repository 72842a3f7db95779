"""``[site] sandbox = true``: the example builds exactly as without it, and a template
reaching for Python internals or mutating a value stops the build with a located error."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from copydesk.config import load_config
from copydesk.errors import RenderError
from copydesk.site.build import build_site
from tests.security.helpers import ARTICLE, assert_refused, cli, example
from tests.site.helpers import snapshot
from tests.site.test_golden import GOLDEN, NOW


def test_the_example_builds_identically_in_the_sandbox(tmp_path: Path) -> None:
    project = example(tmp_path / "example", sandbox=True)
    assert load_config(project).site.sandbox
    build_site(load_config(project), now=NOW)
    built, golden = snapshot(project / "site"), snapshot(GOLDEN)
    assert sorted(built) == sorted(golden)
    for name, content in built.items():
        assert content == golden[name], name


ESCAPES = {
    "__class__": '{{ "".__class__ }}',
    "__subclasses__": "{{ ().__class__.__base__.__subclasses__() }}",
    "__globals__": "{{ stat.__globals__ }}",
    "mro()": '{{ "".__class__.mro() }}',
    "mutating method": "{% set seen = [] %}{{ seen.append(1) }}",
    "dict update": "{% set seen = {} %}{{ seen.update(a=1) }}",
    "format string": '{{ "{0.__class__.__mro__}".format("") }}',
    "attr filter": '{{ ""|attr("__class__") }}',
}


@pytest.mark.parametrize("source", ESCAPES.values(), ids=list(ESCAPES))
def test_the_sandbox_refuses_with_the_template_line(tmp_path: Path, source: str) -> None:
    project = example(tmp_path / "p", sandbox=True)
    (project / "templates/404.html").write_text(f"<p>Lost</p>\n{source}\n")
    with pytest.raises(RenderError) as caught:
        build_site(load_config(project), now=datetime(2026, 11, 1))
    assert str(caught.value.location) == "templates/404.html:2"
    assert "sandbox refused" in caught.value.message
    assert not (project / "site").exists()


def test_the_cli_reports_a_sandbox_escape_in_one_line(tmp_path: Path) -> None:
    project = example(tmp_path / "p", sandbox=True)
    (project / "templates/404.html").write_text('{{ "".__class__.__mro__ }}\n')
    result = cli("build", "-C", str(project), "--future")
    assert_refused(result, "templates/404.html:1", "sandbox refused: access to attribute "
                   "'__class__' of 'str' object is unsafe")
    assert not (project / "site").exists()


def test_without_the_sandbox_templates_are_plain_jinja(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    (project / "templates/404.html").write_text('{{ "".__class__.__name__ }}\n')
    build_site(load_config(project), now=datetime(2026, 11, 1))
    assert (project / "site/404.html").read_text() == "str\n"


BODY_ESCAPE = "{{ cycler.__init__.__globals__.os.getcwd() }}"


def with_body_line(project: Path, line: str) -> int:
    """Append ``line`` to the example article; its line number in the file."""
    article = project / ARTICLE
    lines = article.read_text().splitlines()
    article.write_text("\n".join([*lines, "", line]) + "\n")
    return len(lines) + 2


def test_article_bodies_are_always_sandboxed(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    line = with_body_line(project, BODY_ESCAPE)
    result = cli("build", "-C", str(project), "--future")
    assert_refused(result, f"{ARTICLE}:{line}", "sandbox refused: access to attribute "
                   "'__init__' of 'type' object is unsafe")
    assert not (project / "site").exists()


def test_a_trusted_project_renders_bodies_as_plain_jinja(tmp_path: Path) -> None:
    project = example(tmp_path / "p", trusted=True)
    with_body_line(project, "Built in {{ cycler.__init__.__globals__.os.sep }}root.")
    build_site(load_config(project), now=datetime(2026, 11, 1))
    page = project / "site/most-in-demand-machine-learning-roles-2026/index.html"
    assert "Built in /root." in page.read_text()


def test_a_template_a_sandboxed_body_includes_is_still_a_page_dependency(
        tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    (project / "templates/partials/note.html").write_text("<p>First note.</p>\n")
    with_body_line(project, '{% include "partials/note.html" %}')
    page = "most-in-demand-machine-learning-roles-2026/index.html"
    build_site(load_config(project), now=NOW)
    (project / "templates/partials/note.html").write_text("<p>Second note.</p>\n")
    rebuilt = build_site(load_config(project), now=NOW)
    assert page in rebuilt.rendered
    assert "Second note." in (project / "site" / page).read_text()
