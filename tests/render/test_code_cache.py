import os
from pathlib import Path

import pytest

from copydesk.config import Config
from copydesk.errors import Location, RenderError
from copydesk.render.code_cache import FOLDER
from copydesk.render.environment import Renderer
from copydesk.render.helpers import LEDGER_VARIABLE
from copydesk.render.ledger import PageLedger

PAGE = Location("content/articles/post.md", 1)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{% include 'part.html' %}<p>{{ title }}</p>\n")
    (templates / "part.html").write_text("<h1>{{ title|upper }}</h1>")
    (templates / "broken.html").write_text("<p>ok</p>\n\n<p>{{ missing }}</p>\n")
    return tmp_path


def renderer(root: Path, *, compiling: bool = True) -> Renderer:
    made = Renderer(Config(root=root, source=None), {}, keep_compiled=True)
    if not compiling:
        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("compiled again")

        setattr(made.environment, "compile", refuse)  # noqa: B010
    return made


def render(made: Renderer, name: str = "page.html") -> str:
    return made.template(name, {"title": "Pay", LEDGER_VARIABLE: PageLedger("/p/")}, PAGE)


def test_the_next_build_renders_templates_without_compiling_them(project: Path) -> None:
    first = render(renderer(project))
    assert first == "<h1>PAY</h1><p>Pay</p>\n"
    assert render(renderer(project, compiling=False)) == first
    [code] = (project / FOLDER).iterdir()
    assert sorted(path.name for path in code.iterdir()) == ["Environment"]
    assert len(list((code / "Environment").iterdir())) == 2  # page.html and part.html


def test_an_edited_template_is_compiled_again(project: Path) -> None:
    render(renderer(project))
    (project / "templates" / "part.html").write_text("<h2>{{ title }}</h2>")
    with pytest.raises(RenderError, match="compiled again"):
        render(renderer(project, compiling=False))
    assert render(renderer(project)) == "<h2>Pay</h2><p>Pay</p>\n"


def test_an_error_in_a_kept_template_points_at_its_line(project: Path) -> None:
    with pytest.raises(RenderError):
        render(renderer(project), "broken.html")
    with pytest.raises(RenderError) as caught:
        render(renderer(project, compiling=False), "broken.html")
    assert caught.value.location == Location("templates/broken.html", 3)


def test_code_of_another_copydesk_is_removed(project: Path) -> None:
    stale = project / FOLDER / "0123456789abcdef" / "Environment"
    stale.mkdir(parents=True)
    (stale / "__jinja2_x.cache").write_bytes(b"old")
    render(renderer(project))
    assert not stale.parent.exists()
    assert len(list((project / FOLDER).iterdir())) == 1


def test_a_damaged_file_or_a_folder_that_cannot_be_made_only_costs_the_compile(
        project: Path) -> None:
    render(renderer(project))
    for kept in (project / FOLDER).rglob("*.cache"):
        kept.write_bytes(kept.read_bytes()[:20])
    assert render(renderer(project)) == "<h1>PAY</h1><p>Pay</p>\n"
    other = project / "other"
    (other / "templates").mkdir(parents=True)
    (other / "templates" / "page.html").write_text("<p>{{ title }}</p>")
    (other / ".copydesk").write_text("a file where the folder would be")
    assert render(renderer(other)) == "<p>Pay</p>"


def test_a_builds_renderer_reads_each_template_file_once(project: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    made = renderer(project)
    render(made)
    looked: list[str] = []
    getmtime = os.path.getmtime

    def noting(path: str) -> float:
        looked.append(path)
        return getmtime(path)

    monkeypatch.setattr(os.path, "getmtime", noting)
    (project / "templates" / "part.html").write_text("<h2>{{ title }}</h2>")
    assert render(made) == "<h1>PAY</h1><p>Pay</p>\n"  # the build's templates, as first read
    assert looked == []
    assert render(Renderer(Config(root=project, source=None), {})) == "<h2>Pay</h2><p>Pay</p>\n"
