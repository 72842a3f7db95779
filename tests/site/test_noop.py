"""The no-op build: decided from file stamps, without loading the project.

The one change the shortcut cannot see is an edit that keeps a file's size and its
modification time (a tool that restores the time, a clock set back): the stamps are the
same, so the previous result is printed again. ``--no-cache`` is the way out, and
``test_an_edit_that_keeps_size_and_time_needs_no_cache`` pins both halves of that.
"""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copydesk.config import load_config
from copydesk.site import build as build_module
from copydesk.site import noop
from tests.site.helpers import built_example

ARTICLE = Path("content/articles/most-in-demand-machine-learning-roles-2026.md")


class Builds:
    """Counts the full builds the CLI runs (the shortcut runs none)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = build_module.build_site

        def counting(*args: object, **kwargs: object) -> build_module.BuildResult:
            self.count += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(build_module, "build_site", counting)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return built_example(tmp_path / "project")


def cli_build(project: Path, *options: str) -> Result:
    from copydesk.cli import main

    return CliRunner().invoke(main, ["build", "-C", str(project), *options])


def later(path: Path) -> None:
    """The file's bytes kept, its modification time moved on: what ``touch`` does."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


def test_nothing_changed_prints_the_previous_report_and_builds_nothing(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = Builds(monkeypatch)
    first = cli_build(project, "--no-cache")  # renders every page, and leaves a record
    before = (project / "site" / "index.html").stat().st_mtime_ns
    second = cli_build(project)
    assert builds.count == 1
    assert first.exit_code == second.exit_code == 0
    assert first.output.splitlines()[:-1] == second.output.splitlines()[:-1]
    assert "lint: " in second.output and "rendered 0 of 8 pages, 8 unchanged" in second.output
    assert (project / "site" / "index.html").stat().st_mtime_ns == before


@pytest.mark.parametrize("touched", [ARTICLE, Path("content/data/statistics.yaml"),
                                     Path("templates/base.html"), Path("copydesk.toml"),
                                     Path("site/index.html")])
def test_touching_a_source_the_config_or_a_site_file_builds(
        project: Path, monkeypatch: pytest.MonkeyPatch, touched: Path) -> None:
    builds = Builds(monkeypatch)
    later(project / touched)
    assert cli_build(project).exit_code == 0
    assert builds.count == 1
    assert cli_build(project).exit_code == 0  # and the build's own record is then reused
    assert builds.count == 1


def test_a_new_or_removed_file_builds(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = Builds(monkeypatch)
    (project / "templates" / "unused.html").write_text("<p>unused</p>", encoding="utf-8")
    cli_build(project)
    (project / "site" / "404.html").unlink()
    result = cli_build(project)
    assert builds.count == 2
    assert (project / "site" / "404.html").is_file(), result.output


def test_other_options_build(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = Builds(monkeypatch)
    cli_build(project, "--drafts")
    cli_build(project, "--output", str(project / "public"))
    cli_build(project, "--no-cache")
    assert builds.count == 3


def test_another_day_builds(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Date rules judge a year "stale" against today: the lint of yesterday may be wrong."""
    class Tomorrow(date):
        @classmethod
        def today(cls) -> Tomorrow:
            day = date.today() + timedelta(days=1)
            return cls(day.year, day.month, day.day)

    config = load_config(project)
    assert noop.unchanged_build(config, drafts=False, future=False, strict=False) is not None
    monkeypatch.setattr(noop, "date", Tomorrow)
    assert noop.unchanged_build(config, drafts=False, future=False, strict=False) is None


def test_a_build_run_from_another_working_folder_builds(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report's findings show paths from the working folder: printed again from another
    one, they would be shown from where the last build ran."""
    monkeypatch.chdir(project)
    cli_build(project)
    builds = Builds(monkeypatch)
    assert "most in: site/" in cli_build(project).output
    assert builds.count == 0
    monkeypatch.chdir(tmp_path)
    assert "most in: project/site/" in cli_build(project).output
    assert builds.count == 1
    assert cli_build(project).exit_code == 0  # and from there, the shortcut again
    assert builds.count == 1


def test_a_future_article_falling_due_builds(project: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    article = project / ARTICLE
    text = article.read_text(encoding="utf-8")
    article.with_name("later.md").write_text(
        text.replace("date: 2026-01-15", "date: 2099-01-15"), encoding="utf-8")
    assert "rendered" in cli_build(project).output
    config = load_config(project)
    record = noop.unchanged_build(config, drafts=False, future=False, strict=False)
    assert record is not None and record.due is not None
    monkeypatch.setattr(noop.time, "time", lambda: record.due)
    assert noop.unchanged_build(config, drafts=False, future=False, strict=False) is None
    # --future publishes it now, so that build has nothing left to wait for
    cli_build(project, "--future")
    future = noop.unchanged_build(config, drafts=False, future=True, strict=False)
    assert future is not None and future.due is None


def test_strict_with_errors_builds_and_fails(project: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    article = project / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nThis costs [Insert %].\n",
                       encoding="utf-8")
    assert cli_build(project).exit_code == 0
    builds = Builds(monkeypatch)
    strict = cli_build(project, "--strict")
    assert (strict.exit_code, builds.count) == (1, 1)
    assert "not built" in strict.output


def test_an_edit_that_keeps_size_and_time_needs_no_cache(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = project / ARTICLE
    status = article.stat()
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Frontier", "Frontiers", 1).replace("2026", "2027", 1)
                       .replace("Managing", "Managin", 1), encoding="utf-8")
    assert article.stat().st_size == status.st_size
    os.utime(article, ns=(status.st_atime_ns, status.st_mtime_ns))
    cli_build(project)
    assert "Frontiers" not in (project / "site" / "index.html").read_text(encoding="utf-8")
    cli_build(project, "--no-cache")
    assert "Frontiers" in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_an_unreadable_record_builds(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for record in (project / noop.FOLDER).glob("last-build-*.json"):
        record.write_text("{not json", encoding="utf-8")
    builds = Builds(monkeypatch)
    assert cli_build(project).exit_code == 0
    assert builds.count == 1


def test_the_report_is_written_when_it_changed_and_read_for_the_shortcut_only(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(project)
    report = noop._report_file(config)
    first = report.read_bytes()
    later(project / ARTICLE)  # builds, and reports the same
    assert "rendered" in cli_build(project).output
    assert report.read_bytes() == first
    article = project / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nIt costs [Insert %].\n",
                       encoding="utf-8")
    changed = cli_build(project)
    assert report.read_bytes() != first
    builds = Builds(monkeypatch)
    again = cli_build(project)
    assert builds.count == 0 and again.output == changed.output.replace(
        "rendered 1 of 8 pages, 7 unchanged", "rendered 0 of 8 pages, 8 unchanged")
    report.write_bytes(first)  # another record's report: no shortcut
    assert cli_build(project).exit_code == 0 and builds.count == 1


def test_the_stamps_follow_linked_folders_and_end_a_loop(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    (folder / "articles").mkdir(parents=True)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "post.md").write_text("one", encoding="utf-8")
    (folder / "articles/linked").symlink_to(shared)
    (folder / "articles/loop").symlink_to(folder)  # back to the top: walked once more
    before = noop.tree_digest(folder)
    assert noop.tree_digest(folder) == before
    (shared / "post.md").write_text("two!", encoding="utf-8")  # under the linked folder
    assert noop.tree_digest(folder) != before
    changed = noop.tree_digest(folder)
    (folder / "articles/new.md").write_text("x", encoding="utf-8")
    assert noop.tree_digest(folder) != changed


def test_the_stamps_read_once_serve_the_no_op_check_and_the_listing(project: Path) -> None:
    config = load_config(project)
    inputs = noop.read_inputs(config, drafts=False, future=False)
    status = (project / ARTICLE).stat()
    assert inputs.stamps[str(config.content_path / ARTICLE.relative_to("content"))] == (
        status.st_size, status.st_mtime_ns)
    assert noop.unchanged_build(config, drafts=False, future=False, strict=False,
                                inputs=inputs) is not None
    # The record a build leaves holds the digest of the stamps it was given.
    cli_build(project, "--no-cache")
    assert noop.unchanged_build(config, drafts=False, future=False, strict=False,
                                inputs=inputs) is not None


def test_the_record_holds_the_sites_digest_without_walking_it(project: Path) -> None:
    config = load_config(project)
    for edit in ("", "\nOne more line.\n"):
        article = project / ARTICLE
        article.write_text(article.read_text(encoding="utf-8") + edit, encoding="utf-8")
        assert "rendered" in cli_build(project).output
        kept = noop._load(config)
        assert kept is not None and kept[0].site == noop.tree_digest(config.output_path)
        assert noop.unchanged_build(config, drafts=False, future=False, strict=False)


def test_a_build_run_from_a_folder_outside_the_project_ignores_that_folders_changes(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``python -m copydesk build -C project`` puts the working folder first on the path:
    what else happens there (a log written beside the project) changes nothing the build
    reads; a folder packages are installed in still counts."""
    working, packages = tmp_path / "elsewhere", tmp_path / "packages"
    working.mkdir()
    packages.mkdir()
    monkeypatch.chdir(working)
    monkeypatch.setattr(sys, "path", [str(working), str(packages), *sys.path])
    config = load_config(project)
    cli_build(project)
    before = noop.read_inputs(config, drafts=False, future=False)
    (working / "build.log").write_text("a log", encoding="utf-8")
    later(working)
    after = noop.read_inputs(config, drafts=False, future=False)
    assert (after.digest, after.skeleton) == (before.digest, before.skeleton)
    builds = Builds(monkeypatch)
    assert cli_build(project).exit_code == 0
    assert builds.count == 0  # the no-op shortcut
    (packages / "plugin.py").write_text("", encoding="utf-8")
    later(packages)
    assert noop.read_inputs(config, drafts=False, future=False).digest != before.digest


def test_a_package_folder_beside_the_project_that_shares_its_name_counts(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only folders inside the project are left out of the stamps: a folder packages are
    installed in whose name merely begins with the project's (``project-packages`` beside
    ``project``) is stamped like any other."""
    packages = project.with_name(project.name + "-packages")
    packages.mkdir()
    monkeypatch.setattr(sys, "path", ["", str(packages), *sys.path[1:]])
    config = load_config(project)
    before = noop.read_inputs(config, drafts=False, future=False)
    (packages / "plugin.py").write_text("", encoding="utf-8")
    later(packages)
    assert noop.read_inputs(config, drafts=False, future=False).digest != before.digest



_NAMES = st.sampled_from(["a", "b", "a.md", "b.md", "c.MD", "d.markdown", "a.md.txt", "x y.md",
                          "é.md", "data", "articles", "notes.txt", "a-b.md", "a_b"])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.lists(_NAMES, min_size=1, max_size=3), max_size=25))
def test_the_inputs_split_articles_and_data_files_as_by_path(tmp_path: Path,
                                                             files: list[list[str]]) -> None:
    """However the content folder's files are named and nested, the articles, the data files
    and the skeleton are those a split of the lines path by path gives, with the names of
    the articles and of the data files sorted apart."""
    root = tmp_path / f"p{len(list(tmp_path.iterdir()))}"
    (root / "content").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "copydesk.toml").write_text("", encoding="utf-8")
    for parts in files:
        path = root / "content" / Path(*parts)
        if any(parent.is_file() for parent in path.parents) or path.is_dir():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("/".join(parts), encoding="utf-8")
    config = load_config(root)
    digested: list[list[str]] = []  # the lines, then the skeleton
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(noop, "_digest", lambda lines: digested.append(sorted(lines)) or "")
        inputs = noop.read_inputs(config, drafts=False, future=False)
    lines, skeleton = digested
    content, data = f"{config.content_path}/", f"{config.content_path}/data/"
    articles = {path: stamp for path, stamp in inputs.stamps.items()
                if path.endswith((".md", ".markdown")) and path.startswith(content)
                and not path.startswith(data)}
    held = {path: stamp for path, stamp in inputs.stamps.items() if path.startswith(data)}
    assert inputs.articles == articles and inputs.data == held
    expected = [line for line in lines
                if (path := line.partition("\0")[0]) not in articles and path not in held]
    expected.extend(f"{kind}\0" + "\0".join(sorted(found))
                    for kind, found in (("articles", articles), ("data", held)))
    assert skeleton == sorted(expected)
    assert all(f"{path}\0{size}\0{mtime}" in lines
               for path, (size, mtime) in inputs.stamps.items())
