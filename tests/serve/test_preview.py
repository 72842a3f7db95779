"""The preview build: drafts in, into .copydesk/preview/site, never into site/."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.config import Config, load_config
from copydesk.serve import preview as preview_module
from copydesk.serve.preview import PREVIEW_OUTPUT, Previewer, preview_config
from copydesk.site.build import BuildResult
from copydesk.site.lock import build_lock

ARTICLE = Path("content/articles/most-in-demand-machine-learning-roles-2026.md")
GENAI_ROLE = "roles/generative-ai-infrastructure-engineer/index.html"


def test_the_preview_builds_into_its_own_folder_with_the_site_ignores(project: Path) -> None:
    config = load_config(project)
    preview = preview_config(config)
    assert preview.output_path == project / PREVIEW_OUTPUT
    ignores = preview.lint.per_file_ignores
    assert ignores[f"{PREVIEW_OUTPUT}/{GENAI_ROLE}"] == ("CD201",)
    assert dict(ignores.items() - {(f"{PREVIEW_OUTPUT}/{GENAI_ROLE}", ("CD201",))}) == dict(
        config.lint.per_file_ignores)
    assert preview.content_path == config.content_path


def test_the_site_ignores_hold_on_the_preview_pages(example: tuple[Config, BuildResult]) -> None:
    _config, result = example
    role = (result.output_dir / GENAI_ROLE).resolve()
    assert not [f for f in result.findings if f.code == "CD201" and Path(f.path).resolve() == role]


def test_a_draft_is_built_and_marked_and_site_stays_untouched(project: Path) -> None:
    article = project / ARTICLE
    article.write_text(article.read_text().replace("---\n", "---\ndraft: true\n", 1))
    snapshot = Previewer(project).build(3)
    assert snapshot.failure is None and snapshot.number == 3 and snapshot.seconds > 0
    assert snapshot.folder == project / PREVIEW_OUTPUT
    assert (snapshot.folder / "most-in-demand-machine-learning-roles-2026/index.html").is_file()
    drafts = [name for name, report in snapshot.pages.items() if report.draft]
    assert drafts == ["most-in-demand-machine-learning-roles-2026/index.html"]
    assert snapshot.findings
    assert not (project / "site").exists()


def test_a_broken_file_gives_a_failure_and_keeps_the_last_good_files(project: Path) -> None:
    previewer = Previewer(project)
    assert previewer.build(1).failure is None
    roles = project / "content/data/roles.yaml"
    roles.write_text(roles.read_text().replace("  title:", "\ttitle:", 1))
    snapshot = previewer.build(2)
    assert snapshot.failure is not None
    assert snapshot.failure.location == "content/data/roles.yaml:6"
    assert "invalid YAML" in snapshot.failure.message and snapshot.failure.hint
    assert snapshot.pages == {} and snapshot.findings == ()
    assert (snapshot.folder / "index.html").is_file()


def test_a_broken_config_is_a_failure_too(project: Path) -> None:
    (project / "copydesk.toml").write_text("[site\n")
    failure = Previewer(project).build(1).failure
    assert failure is not None and failure.location == str(project / "copydesk.toml")
    assert "invalid TOML" in failure.message


def test_copydesk_build_output_has_no_preview_scripts(project: Path) -> None:
    Previewer(project).build(1)
    result = CliRunner().invoke(main, ["build", "-C", str(project)])
    assert result.exit_code == 0, result.output
    for folder in (project / "site", project / PREVIEW_OUTPUT):
        files = [path for path in folder.rglob("*") if path.is_file()]
        assert len(files) > 5
        for path in files:
            text = path.read_text(encoding="utf-8")
            assert "__copydesk" not in text and "copydesk-preview" not in text, path


def test_an_unexpected_exception_in_a_build_becomes_a_failure(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(config: Config, *, drafts: bool = False) -> BuildResult:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(preview_module, "build_site", broken)
    failure = Previewer(project).build(1).failure
    assert failure is not None
    assert failure.message == "internal error: RuntimeError: disk on fire"


def test_an_undefined_template_variable_names_the_template_line(project: Path) -> None:
    template = project / "templates/role.html"
    template.write_text(template.read_text().replace(
        "<h1>{{ role.title }}</h1>", "<h1>{{ role.headline_typo }}</h1>", 1))
    failure = Previewer(project).build(1).failure
    assert failure is not None
    assert failure.location.endswith("templates/role.html:5")
    assert "headline_typo" in failure.message


def test_the_preview_waits_for_the_build_lock(project: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview_module, "LOCK_WAIT_SECONDS", 0.1)
    with build_lock(project, 0):  # a `copydesk build` of the project is running
        failure = Previewer(project).build(1).failure
    assert failure is not None
    assert failure.message.startswith("another copydesk build is running on this project")
    assert Previewer(project).build(2).failure is None  # the lock is free again


def test_leftovers_of_a_killed_preview_build_are_removed(project: Path) -> None:
    leftover = project / ".copydesk/preview/.site-new-killed"
    leftover.mkdir(parents=True)
    assert Previewer(project).build(1).failure is None
    assert not leftover.exists()
