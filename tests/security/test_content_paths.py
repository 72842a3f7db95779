"""Content cannot reach outside the project: a data file, article or folder that is a
symbolic link to elsewhere is refused (not followed); a slug cannot climb or nest."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.config import load_config
from copydesk.content import load_project
from copydesk.errors import ContentError
from tests.security.helpers import ARTICLE, assert_refused, cli, example

SECRET = "password: hunter2\n"


@pytest.fixture()
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.yaml").write_text(SECRET)
    (folder / "secret.md").write_text("---\ntitle: Secret\ndescription: x\ndate: 2026-01-01\n"
                                      "---\nhunter2\n")
    return folder


@pytest.mark.parametrize(("link", "target"), [
    ("content/data/secret.yaml", "secret.yaml"),
    ("content/articles/secret.md", "secret.md"),
    ("content/articles/more", "."),
])
def test_a_link_out_of_the_project_is_refused(tmp_path: Path, outside: Path, link: str,
                                             target: str) -> None:
    project = example(tmp_path / "p")
    (project / link).symlink_to(outside / target)
    result = cli("build", "-C", str(project))
    assert_refused(result, link, "a link to a place outside the project")
    assert "hunter2" not in result.output
    assert not (project / "site").exists()


def test_a_link_that_climbs_out_with_dots_is_refused(tmp_path: Path, outside: Path) -> None:
    project = example(tmp_path / "p")
    (project / "content/data/secret.yaml").symlink_to(Path("../../../elsewhere/secret.yaml"))
    assert (project / "content/data/secret.yaml").read_text() == SECRET
    assert_refused(cli("build", "-C", str(project)), "content/data/secret.yaml",
                   "outside the project")


def test_a_link_inside_the_project_is_followed(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    (project / "shared").mkdir()
    (project / "shared/stages.yaml").write_text("- apply\n- interview\n")
    (project / "content/data/stages.yaml").symlink_to(project / "shared/stages.yaml")
    assert load_project(load_config(project)).data["stages"].items == ["apply", "interview"]


@pytest.mark.parametrize("slug", ["../../etc", "a/b", "/etc/passwd", "a\\\\b", "a\\u0000b", ".",
                                  "..", "C:"])
def test_a_slug_cannot_name_a_path(tmp_path: Path, slug: str) -> None:
    project = example(tmp_path / "p")
    article = project / ARTICLE
    article.write_text(article.read_text().replace("---\n", f'---\nslug: "{slug}"\n', 1))
    with pytest.raises(ContentError) as caught:
        load_project(load_config(project))
    assert str(caught.value.location) == f"{ARTICLE}:2"
    assert "expected a slug" in caught.value.message
    assert_refused(cli("build", "-C", str(project)), f"{ARTICLE}:2", "expected a slug")
    assert not (project / "site").exists()


def test_a_file_name_that_cannot_be_a_slug_is_refused(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    (project / "content/articles/a\\..\\b.md").write_text(
        "---\ntitle: T\ndescription: D\ndate: 2026-01-01\n---\nBody\n")
    assert_refused(cli("build", "-C", str(project)), "content/articles/a\\..\\b.md:1",
                   "cannot be the page's slug")


@pytest.mark.parametrize("image", ["../../etc/passwd", "javascript:alert(1)",
                                   "file:///etc/passwd", "/images/../../secret.png"])
def test_front_matter_image_must_be_a_web_address_or_site_path(tmp_path: Path,
                                                               image: str) -> None:
    project = example(tmp_path / "p")
    article = project / ARTICLE
    article.write_text(article.read_text().replace("---\n", f'---\nimage: "{image}"\n', 1))
    assert_refused(cli("build", "-C", str(project)), f"{ARTICLE}:2",
                   "is neither a web address nor a path on the site")
    assert not (project / "site").exists()


@pytest.mark.parametrize("image", ["https://cdn.example/a.png?w=600&h=300",
                                   "/images/cover%20photo.png", "images/cover.png"])
def test_front_matter_image_accepts_addresses_and_site_paths(tmp_path: Path,
                                                             image: str) -> None:
    project = example(tmp_path / "p")
    article = project / ARTICLE
    article.write_text(article.read_text().replace("---\n", f'---\nimage: "{image}"\n', 1))
    (loaded,) = load_project(load_config(project)).articles
    assert loaded.extra["image"] == image


@pytest.mark.parametrize(("key", "value"), [
    ("content-dir", "../elsewhere"),
    ("templates-dir", "ABSOLUTE"),
    ("content-dir", "linked"),
])
def test_the_content_and_templates_folders_stay_inside_the_project(
        tmp_path: Path, outside: Path, key: str, value: str) -> None:
    setting = str(outside) if value == "ABSOLUTE" else value
    project = example(tmp_path / "p", **{key.replace("-", "_"): setting})
    (project / "linked").symlink_to(outside)
    result = cli("build", "-C", str(project))
    assert_refused(result, f"{project / 'copydesk.toml'}:4", f"site.{key}: '{setting}' is "
                   "outside the project")
    assert not (project / "site").exists()
