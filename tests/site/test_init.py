from pathlib import Path

from click.testing import CliRunner

from copydesk.cli import main


def test_init_then_build_works(tmp_path: Path) -> None:
    project = tmp_path / "new-project"
    runner = CliRunner()
    created = runner.invoke(main, ["init", str(project)])
    assert created.exit_code == 0, created.output
    assert (project / "copydesk.toml").is_file()
    assert (project / "templates/base.html").is_file()
    assert (project / "content/articles/most-in-demand-machine-learning-roles-2026.md").is_file()
    built = runner.invoke(main, ["build", "-C", str(project)])
    assert built.exit_code == 0, built.output
    assert (project / "site/most-in-demand-machine-learning-roles-2026/index.html").is_file()


def test_init_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert f"error: {tmp_path}: {tmp_path} is not an empty directory" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
