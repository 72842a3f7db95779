"""Templates are read from the templates folder only: not through ``..``, an absolute
name, a symbolic link pointing outside, or a front matter ``template:`` naming one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.helpers import ARTICLE, assert_refused, cli, example

SECRET = "top secret, outside the project"


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.html"
    path.write_text(SECRET)
    return path


@pytest.mark.parametrize("name", ["../../secret.html", "../copydesk.toml", "/etc/passwd",
                                  "partials\\\\..\\\\..\\\\secret.html"])
def test_an_include_cannot_leave_the_templates_folder(tmp_path: Path, secret: Path,
                                                     name: str) -> None:
    project = example(tmp_path / "p")
    (project / "templates/404.html").write_text(f'<p>Lost</p>\n{{% include "{name}" %}}\n')
    result = cli("build", "-C", str(project))
    assert_refused(result, "templates/404.html:2", "leaves the templates folder")
    assert not (project / "site").exists()


def test_a_template_linked_to_a_file_outside_is_not_followed(tmp_path: Path,
                                                            secret: Path) -> None:
    project = example(tmp_path / "p")
    (project / "templates/partials/evil.html").symlink_to(secret)
    (project / "templates/404.html").write_text('<p>Lost</p>\n{% include "partials/evil.html" %}\n')
    result = cli("build", "-C", str(project))
    assert_refused(result, "templates/404.html:2", "is a link to a file outside the templates")
    assert SECRET not in result.output
    assert not (project / "site").exists()


def test_a_link_inside_the_templates_folder_is_fine(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    (project / "templates/partials/lost.html").write_text("<p>Lost here</p>\n")
    (project / "templates/404.html").unlink()
    (project / "templates/404.html").symlink_to("partials/lost.html")
    result = cli("build", "-C", str(project), "--future")
    assert result.exit_code == 0, result.output
    assert (project / "site/404.html").read_text() == "<p>Lost here</p>\n"


def test_front_matter_cannot_name_a_template_outside(tmp_path: Path, secret: Path) -> None:
    project = example(tmp_path / "p")
    article = project / ARTICLE
    article.write_text(article.read_text().replace("---\n", "---\ntemplate: ../../secret.html\n",
                                                   1))
    result = cli("build", "-C", str(project), "--future")
    assert_refused(result, f"{ARTICLE}:2", "leaves the templates folder")
    assert SECRET not in result.output
    assert not (project / "site").exists()
