"""Nothing is written where it should not be: the site's output directory is never the
file system's root, the home directory, the project or its parent, nor a folder of
other files; a ``check`` report never replaces a source; drafts stay in the project."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from copydesk.config import load_config
from copydesk.content import load_project
from copydesk.errors import BuildError, DraftError
from copydesk.llm.draft import plan_drafts
from copydesk.site.writer import check_output_dir
from tests.security.helpers import ARTICLE, assert_refused, cli, example, files_under


def protected(project: Path) -> dict[str, Path]:
    return {"project root": project, "content folder": project / "content"}


def test_the_file_system_root_is_never_the_output(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as caught:
        check_output_dir(Path("/"), protected(tmp_path))
    assert caught.value.message == "the output directory / is the file system's root"
    assert caught.value.location is not None and caught.value.location.path == "/"


def test_the_home_directory_is_never_the_output(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    project = example(tmp_path / "p", output_dir=str(home))
    (home / ".bashrc").write_text("# mine\n")
    assert_refused(cli("build", "-C", str(project)), str(home), "is the home directory")
    assert files_under(home) == {".bashrc"}


def test_a_parent_of_the_project_is_never_the_output(tmp_path: Path) -> None:
    project = example(tmp_path / "p", output_dir="..")
    assert_refused(cli("build", "-C", str(project)), str(project / ".."),
                   "would replace the project root")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["p"]


def test_a_folder_of_other_files_is_not_replaced(tmp_path: Path) -> None:
    project = example(tmp_path / "p", output_dir="docs")
    docs = project / "docs"
    docs.mkdir()
    (docs / "handbook.md").write_text("# Ours\n")
    result = cli("build", "-C", str(project))
    assert_refused(result, str(docs), "holds files that copydesk did not build")
    assert "empty it" in result.stderr
    assert files_under(docs) == {"handbook.md"}


def test_an_output_inside_the_project_is_rebuilt_and_one_outside_is_refused(
        tmp_path: Path) -> None:
    project = example(tmp_path / "p", output_dir="public")  # e.g. a CI job's artefact folder
    for _ in range(2):  # the second build replaces the site the first one wrote
        result = cli("build", "-C", str(project), "--future")
        assert result.exit_code == 0, result.output
        assert {"index.html", "claims.json", "sitemap.xml"} <= files_under(project / "public")
    assert not (project / "site").exists()
    out = tmp_path / "ci-out"
    for setting in (str(out), "../ci-out"):
        outside = example(tmp_path / "q", output_dir=setting)
        shown = setting if setting.startswith("/") else str(outside / setting)
        assert_refused(cli("build", "-C", str(outside)), shown, "outside the project")
        assert not out.exists()
        shutil.rmtree(outside)


def test_a_symbolic_link_does_not_take_the_output_outside(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    project = example(tmp_path / "p", output_dir="public")
    (project / "public").symlink_to(tmp_path / "elsewhere")
    assert_refused(cli("build", "-C", str(project)), str(project / "public"),
                   "outside the project")
    assert files_under(tmp_path / "elsewhere") == set()


def test_a_check_report_never_replaces_a_checked_file(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    article = project / ARTICLE
    before = article.read_bytes()
    result = cli("check", "-C", str(project), str(article), "--format", "json",
                 "--output", str(article))
    assert_refused(result, str(article), "would replace a source file of the project")
    assert article.read_bytes() == before


@pytest.mark.parametrize("name", ["copydesk.toml", "content/data/roles.yaml",
                                  "templates/base.html"])
def test_a_check_report_never_replaces_the_config_or_sources(tmp_path: Path,
                                                             name: str) -> None:
    project = example(tmp_path / "p")
    target = project / name
    before = target.read_bytes()
    result = cli("check", "-C", str(project), str(project / ARTICLE), "--output", str(target))
    assert_refused(result, str(target), "would replace a source file")
    assert target.read_bytes() == before


def test_a_check_report_beside_the_sources_is_written(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    report = project / "report.json"
    result = cli("check", "-C", str(project), str(project / ARTICLE), "--format", "json",
                 "--output", str(report))
    assert result.exit_code in (0, 1), result.output
    assert isinstance(json.loads(report.read_text()), list)


def test_drafts_are_not_written_through_a_link_out_of_the_project(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    config = load_config(project)
    loaded = load_project(config)
    (project / "content/drafts").symlink_to(outside, target_is_directory=True)
    with pytest.raises(DraftError) as caught:
        plan_drafts(config, loaded, ARTICLE, ["summary"], None, force=False)
    location = caught.value.location
    assert location is not None and location.path.startswith("content/drafts/")
    assert "outside the project" in caught.value.message
    result = cli("draft", ARTICLE, "-C", str(project), "--section", "summary", "--dry-run")
    assert_refused(result, "content/drafts", "a link to a place outside the project")
    assert files_under(outside) == set()


def test_build_output_flag_writes_inside_the_project_only(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    result = cli("build", "-C", str(project), "--future", "--output", str(project / "public"))
    assert result.exit_code == 0, result.output
    assert {"index.html", "claims.json", "sitemap.xml"} <= files_under(project / "public")
    assert not (project / "site").exists()
    out = tmp_path / "artefact"
    assert_refused(cli("build", "-C", str(project), "--output", str(out)), str(out),
                   "outside the project")
    assert not out.exists()


def test_check_reports_and_baselines_stay_inside_the_project(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    for flags in (["--output", str(tmp_path / "report.json")],
                  ["--baseline", str(tmp_path / "report.json"), "--update-baseline"]):
        result = cli("check", "-C", str(project), str(project / ARTICLE), *flags)
        assert_refused(result, str(tmp_path / "report.json"), "is outside the project")
    assert not (tmp_path / "report.json").exists()


@pytest.mark.parametrize(("where", "message"), [
    ("project", "would replace the project root"),
    ("parent", "would replace the project root"),
    ("content", "would replace the content folder"),
    ("docs", "holds files that copydesk did not build"),
])
def test_build_output_flag_is_checked_like_the_setting(tmp_path: Path, where: str,
                                                       message: str) -> None:
    project = example(tmp_path / "p")
    (project / "docs").mkdir()
    (project / "docs/keep.md").write_text("# Ours\n")
    target = {"project": project, "parent": tmp_path, "content": project / "content",
              "docs": project / "docs"}[where]
    before = files_under(tmp_path)
    result = cli("build", "-C", str(project), "--output", str(target))
    assert_refused(result, str(target), message)
    assert files_under(tmp_path) - {"p/.copydesk", "p/.copydesk/build.lock"} == before


def test_a_baseline_never_replaces_a_checked_file(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    article = project / ARTICLE
    before = article.read_bytes()
    result = cli("check", "-C", str(project), str(article), "--baseline", str(article),
                 "--update-baseline")
    assert_refused(result, str(article), "--baseline .* would replace a source file")
    assert "--baseline copydesk-baseline.json" in result.stderr
    assert article.read_bytes() == before
