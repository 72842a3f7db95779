"""`copydesk build` lints the sources and the built pages: summary, --strict, tracing back."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from copydesk.cli import main
from copydesk.config import load_config
from copydesk.site.build import build_site
from copydesk.site.init import init_project
from tests.site.helpers import snapshot

ARTICLE = "content/articles/most-in-demand-machine-learning-roles-2026.md"


def build(project: Path, *flags: str) -> Result:
    return CliRunner().invoke(main, ["build", *flags, "-C", str(project)])


def example(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    init_project(project)
    return project


def test_the_example_passes_strict_with_its_configuration(tmp_path: Path) -> None:
    project = example(tmp_path)
    result = build(project, "--strict")
    assert result.exit_code == 0, result.stderr
    assert "lint: " in result.stderr and "(0 errors, " in result.stderr
    assert "most in: " in result.stderr
    assert (project / "site/index.html").is_file()


def test_strict_fails_on_a_planted_placeholder_and_leaves_the_site_untouched(
        tmp_path: Path) -> None:
    project = example(tmp_path)
    assert build(project).exit_code == 0
    before = snapshot(project / "site")
    article = project / ARTICLE
    lines = [*article.read_text().splitlines(), "", "Hiring rose by [Insert %] this year."]
    article.write_text("\n".join(lines) + "\n")
    planted = len(lines)
    result = build(project, "--strict")
    assert result.exit_code == 1
    assert f"{ARTICLE}:{planted}:" in result.stderr and "CD101" in result.stderr
    assert "not built: " in result.stderr and "was left as it was" in result.stderr
    assert snapshot(project / "site") == before
    # Without --strict the same errors are reported and the site is written.
    loose = build(project)
    assert loose.exit_code == 0 and "CD101" in loose.stderr
    assert "Hiring rose by [Insert %] this year." in (
        project / "site/most-in-demand-machine-learning-roles-2026/index.html").read_text()


def test_page_findings_point_back_to_the_data_record(tmp_path: Path) -> None:
    project = example(tmp_path)
    (project / "copydesk.toml").write_text(  # the example's config, minus its allowances
        (project / "copydesk.toml").read_text().split("[per-file-ignores]")[0]
        + '[per-file-ignores]\n"content/articles/*.md" = ["CD105"]\n')
    result = build_site(load_config(project), strict=True)
    assert not result.written and result.errors
    statistics = (project / "content/data/statistics.yaml").read_text().splitlines()
    record = statistics.index("- id: enterprises-adding-ai-ethics-role") + 1
    placeholders = [(Path(f.path).name, f.line) for f in result.findings if f.code == "CD101"]
    assert placeholders == [("statistics.yaml", record)]  # once, though two pages show it
    roles = (project / "content/data/roles.yaml").read_text().splitlines()
    salary = next(number for number, line in enumerate(roles, start=1)
                  if line.rstrip().endswith("base salaries ranging from"))
    assert ("roles.yaml", salary) in {(Path(f.path).name, f.line) for f in result.findings
                                      if f.code == "CD201"}


def test_site_wide_findings_of_the_build_point_at_the_markdown_link(tmp_path: Path) -> None:
    project = example(tmp_path)
    article = project / ARTICLE
    lines = [*article.read_text().splitlines(), "", "See [the old guide](/guides/gone/)."]
    article.write_text("\n".join(lines) + "\n")
    result = build_site(load_config(project))
    [broken] = [f for f in result.findings if f.code == "CD801"]
    assert broken.path.endswith(ARTICLE) and broken.line == len(lines)
    assert broken.source_line[broken.col - 1:broken.end_col - 1] == "/guides/gone/"
    assert "link to /guides/gone/ resolves to no file" in broken.message
    assert result.written  # CD801 is an error, but only --strict stops the write


def test_the_library_build_takes_strict_too(tmp_path: Path) -> None:
    import copydesk

    project = example(tmp_path)
    article = project / ARTICLE
    article.write_text(article.read_text() + "\nHiring rose by [Insert %] this year.\n")
    result = copydesk.build(project, strict=True)
    assert not result.written and not (project / "site").exists()
    assert any(f.code == "CD101" and f.path.endswith(ARTICLE) for f in result.findings)
