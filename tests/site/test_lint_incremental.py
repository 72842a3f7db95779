"""The build's lint is incremental and still a cold build's: each page keeps its traced
findings in the build cache, and a rebuild after any sequence of edits to the files of a
project reports exactly what a build of the same files without any cache reports."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copydesk.config import load_config
from copydesk.lint.finding import Finding
from copydesk.lint.site_index import SiteIndex
from copydesk.site import build as build_module
from copydesk.site import lint_build as lint_build_module
from copydesk.site import site_lint
from copydesk.site.build import BuildResult, build_site
from copydesk.site.cache import BuiltPage, SiteTrace, Trace, TracedLint
from copydesk.site.data_changes import load_kept
from copydesk.site.init import init_project
from copydesk.site.noop import output_key
from copydesk.site.site_lint import SHARDS
from copydesk.site.tracing import SiteKey, Tracer

ARTICLE = "content/articles/most-in-demand-machine-learning-roles-2026.md"
STATISTICS = "content/data/statistics.yaml"
TAKEAWAYS = "content/data/takeaways.yaml"
ROLES = "content/data/roles.yaml"
TITLE = "The Most In-Demand Machine Learning Roles in 2026: Managing the AI Talent Frontier"


def copy(built: Path, project: Path) -> None:
    """A copy of the built example, built once there: the build cache is kept per output
    folder, so the first build of a copy is a cold one."""
    shutil.copytree(built, project, symlinks=True)
    build(project)


def build(project: Path, *, cache: bool = True) -> BuildResult:
    with contextlib.chdir(project):  # findings show paths from the project, in both builds
        return build_site(load_config(project), cache=cache)


def cold_build(project: Path, elsewhere: Path) -> BuildResult:
    """A build of the same files in a copy without cache or site."""
    shutil.rmtree(elsewhere, ignore_errors=True)
    shutil.copytree(project, elsewhere, ignore=shutil.ignore_patterns(".copydesk", "site"))
    return build(elsewhere, cache=False)


def cold_findings(project: Path, elsewhere: Path) -> tuple[Finding, ...]:
    """The findings of a build of the same files in a copy without cache or site."""
    return tuple(cold_build(project, elsewhere).findings)


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def append(path: Path, *lines: str) -> None:
    write(path, path.read_text(encoding="utf-8") + "\n" + "\n".join(lines) + "\n")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def toggle(path: Path, one: str, other: str) -> None:
    """``one`` becomes ``other``, or back: an edit a sequence may make twice. The longer
    of the two is looked for first: where it holds the shorter (a line added before a
    mark, a letter added to a word), looking for the shorter would find it inside the
    longer and add the line or the letter again instead of taking it back."""
    longer, shorter = sorted((one, other), key=len, reverse=True)
    if longer in path.read_text(encoding="utf-8"):
        replace_in(path, longer, shorter)
    else:
        replace_in(path, shorter, longer)


def same_title(project: Path) -> None:
    """One more article with the example's title and keyphrase: the example's page is not
    rendered again, but its site-wide findings now name one more page each time."""
    number = len(list((project / "content/articles").iterdir()))
    write(project / f"content/articles/again-{number}.md",
          f'---\ntitle: "{TITLE}"\ndescription: "The same again."\ndate: 2026-01-16\n'
          "keyphrase: most in-demand machine learning roles\n---\nA short post.\n")


EDITS: dict[str, Callable[[Path], None]] = {
    "placeholder in the article": lambda p: append(
        p / ARTICLE, "Hiring rose at [Insert company name] last quarter."),
    "suppressed placeholder": lambda p: append(
        p / ARTICLE, "<!-- copydesk: ignore CD101 -->", "Our [Insert client name] team grew."),
    "unused suppression": lambda p: append(
        p / ARTICLE, "<!-- copydesk: ignore CD2 -->", "A plain closing sentence."),
    # Every record of the data file moves one line down; no record changes.
    "data lines shift": lambda p: replace_in(p / STATISTICS, "# The numbers", "#\n# The numbers"),
    # The collection's value stays the same, so no page is rendered again; the findings
    # traced into its lines must move all the same.
    "collection lines shift": lambda p: replace_in(
        p / TAKEAWAYS, "- ", "# a note\n- "),
    "statistic value": lambda p: toggle(p / STATISTICS, "value: 90", "value: 91"),
    "draft with a placeholder": lambda p: write(
        p / "content/articles/draft.md",
        '---\ntitle: "A Draft"\ndescription: "Not yet."\ndate: 2026-01-20\ndraft: true\n'
        "---\nGrowth was [Insert %] at [Insert company name].\n"),
    "template": lambda p: append(p / "templates/article.html", ""),
    "article with the same title": lambda p: same_title(p),
    # No file added or removed: the site-wide rules run on the pages the change reaches.
    "a role takes another role's title, and back": lambda p: toggle(
        p / ROLES, "title: LLM Engineer", "title: MLOps  Specialist"),
    "the article takes a role's title, and back": lambda p: toggle(
        p / ARTICLE, f'title: "{TITLE}"', 'title: "LLM Engineer"'),
    "a broken link in the article, and repaired": lambda p: toggle(
        p / ARTICLE, "\nSee [the old list](/roles/gone/).\n\n## ", "\n## "),
    "no-op": lambda p: None,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example, built once: each example of the property test starts from a copy."""
    project = tmp_path_factory.mktemp("example") / "project"
    init_project(project)
    # A defect the article page shows but a data collection wrote: traced into its lines.
    append(project / TAKEAWAYS, "- Teams at [Insert company name] grew their MLOps hiring.")
    assert any(f.path == TAKEAWAYS and f.code == "CD101" for f in build(project).findings)
    return project


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=3))
def test_the_findings_of_a_rebuild_are_a_cold_builds(
        built: Path, tmp_path_factory: pytest.TempPathFactory, edits: list[str]) -> None:
    work = tmp_path_factory.mktemp("edits")
    project = work / "project"
    copy(built, project)
    for name in edits:
        EDITS[name](project)
        warm = build(project)
        cold = cold_build(project, work / "cold")
        assert warm.findings == cold.findings, name
        assert warm.report == cold.report, name  # as `copydesk build` prints it


def test_an_unchanged_page_keeps_its_traced_findings_and_is_not_traced_again(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    copy(built, project)
    EDITS["suppressed placeholder"](project)
    traced: list[str] = []
    real = Tracer.traced

    def spy(self: Tracer, page: BuiltPage, site: tuple[tuple[SiteKey, SiteTrace], ...] = ()
            ) -> tuple[Trace, TracedLint]:
        traced.append(page.path.file)
        return real(self, page, site)

    monkeypatch.setattr(Tracer, "traced", spy)
    result = build(project)
    assert set(traced) == set(result.rendered)
    assert "most-in-demand-machine-learning-roles-2026/index.html" in traced
    assert all(page.lint.traced is not None for page in result.pages)
    # Moving a data file's lines moves the findings traced into them: the article page,
    # not rendered again (the collection's value is the same), is traced again; a page
    # whose trace never looked in the data files is not.
    traced.clear()
    EDITS["collection lines shift"](project)
    again = build(project)
    assert again.rendered == ()
    assert "most-in-demand-machine-learning-roles-2026/index.html" in traced
    assert "404.html" not in traced
    assert again.findings == cold_findings(project, tmp_path / "cold")


def test_a_site_wide_finding_of_an_unchanged_page_names_the_pages_of_this_build(
        built: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    copy(built, project)
    for _ in range(3):
        same_title(project)
        warm = build(project)
        assert "most-in-demand-machine-learning-roles-2026/index.html" not in warm.rendered
        assert warm.findings == cold_findings(project, tmp_path / "cold")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_run_from_another_working_folder_lints_kept_pages_again_and_renders_none(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """Findings show paths from the working folder: a build run from another one (``build
    -C``) changes every page's lint key. Each kept page is linted again from its file, by
    the workers when there are several; only the article edited is rendered again, and the
    build reports what one without a cache run from there does."""
    monkeypatch.setattr(build_module, "SERIAL_BELOW", 1)  # workers even for a few pages
    project = tmp_path / "project"
    copy(built, project)
    EDITS["placeholder in the article"](project)
    with contextlib.chdir(tmp_path):
        warm = build_site(load_config(project), jobs=jobs)
        findings, report = tuple(warm.findings), warm.report
        cold = build_site(load_config(project), jobs=jobs, cache=False)
    assert warm.rendered == ("most-in-demand-machine-learning-roles-2026/index.html",)
    assert len(cold.rendered) == len(warm.pages)
    assert any(finding.path.startswith("project/site/") for finding in findings)
    assert findings == tuple(cold.findings) and report == cold.report


@pytest.fixture
def searched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the build's tracer looks for in the data files, in order."""
    texts: list[str] = []
    real = Tracer._data_hit

    def spy(self: Tracer, text: str) -> tuple[object, str]:
        texts.append(text)
        return real(self, text)

    monkeypatch.setattr(Tracer, "_data_hit", spy)
    return texts


def test_cached_traces_are_checked_against_the_data_files_only_after_one_changed(
        built: Path, tmp_path: Path, searched: list[str]) -> None:
    project = tmp_path / "project"
    copy(built, project)
    searched.clear()  # copy() built the copy once, cold
    EDITS["draft with a placeholder"](project)
    drafted = build(project)
    # Nothing rendered, the lint ran again (a source changed), and no cached trace was
    # checked again: the data files are as the previous build found them.
    assert drafted.rendered == ()
    assert any(f.path == "content/articles/draft.md" for f in drafted.findings)
    assert searched == []
    EDITS["collection lines shift"](project)
    moved = build(project)
    assert searched  # the cached traces that looked in the data files are checked
    assert moved.findings == cold_findings(project, tmp_path / "cold")


def test_the_data_files_as_last_read_are_read_back_only_after_one_changed(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    copy(built, project)
    read: list[str] = []

    def spy(file: Path, stamp: str) -> Mapping[str, str] | None:
        read.append(stamp)
        return load_kept(file, stamp)

    monkeypatch.setattr(lint_build_module, "load_kept", spy)
    EDITS["draft with a placeholder"](project)
    assert build(project).rendered == ()
    assert read == []  # an article edited: the data files are as the last build read them
    EDITS["statistic value"](project)
    warm = build(project)
    assert len(read) == 1
    assert warm.findings == cold_findings(project, tmp_path / "cold")


def test_after_a_statistic_edit_only_texts_the_changed_lines_could_move_are_searched(
        built: Path, tmp_path: Path, searched: list[str]) -> None:
    counts = []
    for forget in (False, True):
        project = tmp_path / f"project-{forget}"
        copy(built, project)
        if forget:  # without the data files as the last build read them, all is searched
            for kept in (project / ".copydesk").rglob("traced-data-*"):
                kept.unlink()
        searched.clear()
        EDITS["statistic value"](project)
        warm = build(project)
        assert warm.findings == cold_findings(project, tmp_path / f"cold-{forget}")
        counts.append(len(searched))
    assert counts[0] < counts[1]


def test_site_wide_findings_follow_edits_that_no_file_is_added_or_removed_for(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Titles that become duplicates and stop being, a link broken and repaired: the rules
    run on the pages each change reaches only, and the findings are a cold build's."""
    project = tmp_path / "project"
    copy(built, project)
    reached: list[frozenset[str] | None] = []
    real = SiteIndex.update

    def spy(self: SiteIndex, *args: Any) -> frozenset[str] | None:
        reached.append(real(self, *args))
        return reached[-1]

    monkeypatch.setattr(SiteIndex, "update", spy)
    article = "most-in-demand-machine-learning-roles-2026/index.html"
    for edit, code, pages in (
            ("a role takes another role's title, and back", "CD805",
             {"roles/llm-engineer/index.html", "roles/mlops-specialist/index.html"}),
            ("the article takes a role's title, and back", "CD805",
             {article, "roles/llm-engineer/index.html"}),
            ("a broken link in the article, and repaired", "CD801", {article})):
        counts = []
        for _ in range(2):
            EDITS[edit](project)
            warm = build(project)
            cold = cold_build(project, tmp_path / "cold")
            assert warm.findings == cold.findings, edit
            assert warm.report == cold.report, edit
            assert reached[-1] is not None
            assert pages <= reached[-1] <= {*pages, "index.html", article}  # not the others
            counts.append(sum(finding.code == code for finding in warm.findings))
        assert counts[0] > counts[1], edit


def test_a_lost_or_foreign_file_of_the_site_rules_state_costs_time_only(
        built: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    copy(built, project)
    key = output_key(load_config(project).output_path)
    folder = project / ".copydesk/build-cache"
    base, state = folder / f"site-index-{key}-base.pickle", folder / f"site-index-{key}.pickle"
    assert len(list(folder.glob(f"site-index-{key}*"))) == 2 + SHARDS
    (folder / f"site-index-{key}-parts-01.pickle").unlink()  # one file of the pages' parts
    EDITS["placeholder in the article"](project)
    assert build(project).findings == cold_findings(project, tmp_path / "cold")
    for damaged in (state, base):
        damaged.write_bytes(damaged.read_bytes()[:-9])  # truncated
        EDITS["a role takes another role's title, and back"](project)
        warm = build(project)
        assert warm.findings == cold_findings(project, tmp_path / "cold")
        assert warm.report == cold_build(project, tmp_path / "cold").report


def test_a_rebuild_keeps_the_index_entries_it_changed_not_the_index(
        built: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    copy(built, project)
    key = output_key(load_config(project).output_path)
    base = project / f".copydesk/build-cache/site-index-{key}-base.pickle"
    kept = base.read_bytes()
    for edit in ("placeholder in the article", "a role takes another role's title, and back",
                 "a broken link in the article, and repaired"):
        EDITS[edit](project)
        warm = build(project)
        assert warm.findings == cold_findings(project, tmp_path / "cold"), edit
        assert base.read_bytes() == kept, edit


def test_the_index_base_is_written_again_once_the_entries_since_outgrow_it(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # At the real threshold (a tenth of the pages, at least 64) the example never gets there.
    monkeypatch.setattr(site_lint, "base_outgrown", lambda changed, total: changed > 1)
    project = tmp_path / "project"
    copy(built, project)
    key = output_key(load_config(project).output_path)
    base = project / f".copydesk/build-cache/site-index-{key}-base.pickle"
    steps = [("placeholder in the article", "kept"),  # one page's entry since the base
             ("a role takes another role's title, and back", "written"),  # more: a new base
             ("placeholder in the article", "kept")]  # one since the new base
    for edit, expected in steps:
        before = base.read_bytes()
        EDITS[edit](project)
        warm = build(project)
        assert warm.findings == cold_findings(project, tmp_path / "cold"), edit
        assert ("kept" if base.read_bytes() == before else "written") == expected, edit


def test_a_data_edit_reads_the_traces_of_kept_pages_only_where_it_could_move_a_text(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site rules' state keeps the texts each page's traces looked for in the data
    files: a value edited on a line none of them is on reads no kept page's trace; lines
    moved read those that looked in the data."""
    project = tmp_path / "project"
    copy(built, project)
    checked: list[object] = []
    real = Tracer.same_data

    def spy(self: Tracer, searched: Any) -> bool:
        checked.append(searched)
        return real(self, searched)

    monkeypatch.setattr(Tracer, "same_data", spy)
    for edit, read in (("statistic value", False), ("data lines shift", True)):
        checked.clear()
        EDITS[edit](project)
        warm = build(project)
        assert bool(checked) == read, edit
        assert warm.findings == cold_findings(project, tmp_path / "cold"), edit


def test_each_page_is_traced_where_it_is_linted_not_by_the_builds_lint(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's findings are traced in the process that rendered and linted it (a worker
    of a large build), so the build's lint, after every page is back, traces none; a
    trace made under data files that changed since is checked against them."""
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True, ignore=shutil.ignore_patterns(".copydesk"))
    traced: list[str] = []
    in_lint: list[list[str]] = []
    checked: list[object] = []
    real_traced, real_same = Tracer.traced, Tracer.same_data
    real_lint = lint_build_module.lint_build

    def spy_traced(self: Tracer, page: BuiltPage,
                   site: tuple[tuple[SiteKey, SiteTrace], ...] = ()) -> tuple[Trace, TracedLint]:
        traced.append(page.path.file)
        return real_traced(self, page, site)

    def spy_same(self: Tracer, searched: Any) -> bool:
        checked.append(searched)
        return real_same(self, searched)

    def lint(*args: Any, **kwargs: Any) -> Any:
        start = len(traced)
        found = real_lint(*args, **kwargs)
        in_lint.append(traced[start:])
        return found

    monkeypatch.setattr(Tracer, "traced", spy_traced)
    monkeypatch.setattr(Tracer, "same_data", spy_same)
    monkeypatch.setattr("copydesk.site.build.lint_build", lint)
    result = build(project)  # cold: its cache is kept per output folder
    assert sorted(traced) == sorted(result.rendered) == sorted(
        page.path.file for page in result.pages)
    assert in_lint == [[]] and checked == []
    # A data file edited after the pages were traced, before the build's lint: the
    # traces that looked in the data files are checked against them.
    again = tmp_path / "again"
    shutil.copytree(built, again, symlinks=True, ignore=shutil.ignore_patterns(".copydesk"))

    def late(*args: Any, **kwargs: Any) -> Any:
        EDITS["data lines shift"](again)
        return lint(*args, **kwargs)

    monkeypatch.setattr("copydesk.site.build.lint_build", late)
    build(again)
    assert checked
