"""A rebuild after article edits patches the last build's plan; it must equal a cold build."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from copydesk.config import load_config
from copydesk.content import load_project
from copydesk.content.models import Project
from copydesk.site import build as build_module
from copydesk.site import in_place, plan_reuse, store
from copydesk.site.build import BuildResult, build_project, build_site
from copydesk.site.init import init_project
from copydesk.site.noop import read_inputs
from copydesk.site.plan_reuse import forget_plan, load_plan, patch_file, plan_file
from tests.site.helpers import snapshot
from tests.site.test_lint_incremental import append, replace_in, toggle, write

ARTICLE = "content/articles/most-in-demand-machine-learning-roles-2026.md"
PAGE = "most-in-demand-machine-learning-roles-2026/index.html"
TITLE = "The Most In-Demand Machine Learning Roles in 2026: Managing the AI Talent Frontier"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times a build loaded the whole project (the full path)."""
    calls: list[int] = []

    def load(*args: object, **kwargs: object) -> Project:
        calls.append(1)
        return load_project(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "load_project", load)
    return calls


def build(project: Path, *, cache: bool = True) -> BuildResult:
    with contextlib.chdir(project):  # findings show paths from the project, in both builds
        return build_site(load_config(project), cache=cache)


def assert_as_cold(project: Path, warm: BuildResult, elsewhere: Path) -> None:
    """The site and the report of ``warm`` are those of a cold build of the same files."""
    shutil.rmtree(elsewhere, ignore_errors=True)
    shutil.copytree(project, elsewhere, ignore=shutil.ignore_patterns(".copydesk", "site"))
    cold = build(elsewhere, cache=False)
    assert snapshot(project / "site") == snapshot(elsewhere / "site")
    assert warm.report == cold.report
    assert warm.findings == cold.findings
    assert len(warm.pages) == len(cold.pages)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    init_project(root)
    build(root)
    return root


def test_a_body_edit_loads_and_renders_that_article_only(
        project: Path, loads: list[int], tmp_path: Path) -> None:
    append(project / ARTICLE, "One more closing sentence about hiring.")
    warm = build(project)
    assert loads == []  # the plan was patched: nothing else was loaded
    assert warm.rendered == (PAGE,)
    append(project / ARTICLE, "And another one, at [Insert company name].")
    again = build(project)
    assert again.rendered == (PAGE,) and loads == []  # the patched plan, patched again
    assert_as_cold(project, again, tmp_path / "cold")


def test_the_role_pages_are_planned_again_only_when_a_record_changed(
        project: Path, loads: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A role page shows its role and the statistics about it: an article edit cannot
    change it, and the patched build keeps it as planned without planning it again."""
    planned: list[int] = []
    real = plan_reuse.role_jobs

    def counted(*args: Any) -> Any:
        jobs = real(*args)
        planned.append(len(jobs))
        return jobs

    monkeypatch.setattr(plan_reuse, "role_jobs", counted)
    append(project / ARTICLE, "One more closing sentence about hiring.")
    warm = build(project)
    assert warm.rendered == (PAGE,) and loads == [] and planned == []
    toggle(project / "content/data/statistics.yaml", "value: 90", "value: 91")
    warm = build(project)
    assert loads == [] and planned and planned[0] > 0
    assert_as_cold(project, warm, tmp_path / "cold")


def test_a_patched_plan_is_written_as_a_patch_beside_its_base(
        project: Path, loads: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(project)
    base = plan_file(config).read_bytes()
    for text in ("One more sentence.", "And another."):
        append(project / ARTICLE, text)
        warm = build(project)
        assert warm.rendered == (PAGE,) and loads == []
        assert plan_file(config).read_bytes() == base and patch_file(config).is_file()
    assert_as_cold(project, warm, tmp_path / "cold")
    loads.clear()
    with monkeypatch.context() as patched:
        patched.setattr(store, "BASE_LEAST", 0)  # one entry is too many: whole
        append(project / ARTICLE, "A third.")
        assert build(project).rendered == (PAGE,) and loads == []
        assert plan_file(config).read_bytes() != base
        append(project / ARTICLE, "A fourth.")  # the old patch is not read with the new base
        assert build(project).rendered == (PAGE,) and loads == []
    append(project / "templates/article.html", "")  # the full path: a new base
    build(project)
    assert loads == [1]
    loads.clear()
    append(project / ARTICLE, "A fifth.")
    warm = build(project)
    assert warm.rendered == (PAGE,) and loads == []
    assert_as_cold(project, warm, tmp_path / "cold")


STATISTICS = "content/data/statistics.yaml"
FAQ = "content/data/faq.yaml"


def statistic_and_article(project: Path) -> None:
    toggle(project / STATISTICS, "value: 90", "value: 92")
    append(project / ARTICLE, "A closing line.")


@pytest.mark.parametrize("edit", [
    pytest.param(lambda p: toggle(p / STATISTICS, "value: 90", "value: 91"), id="a statistic"),
    pytest.param(lambda p: replace_in(p / FAQ, "Roles requiring deep", "Roles needing deep"),
                 id="a FAQ answer"),
    pytest.param(lambda p: append(p / STATISTICS, "- id: unused-statistic", "  value: 5",
                                  '  unit: "%"', "  claim: Five percent of nothing."),
                 id="a statistic no page uses"),
    pytest.param(lambda p: statistic_and_article(p), id="a statistic and an article"),
])
def test_a_record_edit_renders_what_the_full_path_renders_loading_no_article(
        project: Path, loads: list[int], tmp_path: Path, edit: Callable[[Path], None]) -> None:
    full = tmp_path / "full"
    init_project(full)
    build(full)
    edit(full)
    forget_plan(load_config(full))
    expected = build(full)
    loads.clear()
    edit(project)
    warm = build(project)
    assert loads == []
    assert warm.rendered == expected.rendered
    assert_as_cold(project, warm, tmp_path / "cold")


def test_a_statistic_an_edited_article_began_to_print_is_followed(
        project: Path, loads: list[int], tmp_path: Path) -> None:
    append(project / ARTICLE, 'Requests grew {{ stat("rag-in-applied-llm-listings") }}.')
    assert build(project).rendered == (PAGE,)
    replace_in(project / STATISTICS, "id: rag-in-applied-llm-listings\n  value: ",
               "id: rag-in-applied-llm-listings\n  value: 1")
    warm = build(project)
    assert loads == [] and PAGE in warm.rendered
    assert_as_cold(project, warm, tmp_path / "cold")


@pytest.mark.parametrize("edit", [
    pytest.param(lambda p: replace_in(p / ARTICLE, f'title: "{TITLE}"', 'title: "Hiring"'),
                 id="title (the index and the feed show it)"),
    pytest.param(lambda p: replace_in(p / ARTICLE, "date: 2026-01-15", "date: 2026-01-14"),
                 id="date"),
    pytest.param(lambda p: write(p / "content/articles/new.md",
                                 '---\ntitle: "New"\ndescription: "A new post."\n'
                                 "date: 2026-01-20\n---\nA short post.\n"), id="new article"),
    pytest.param(lambda p: replace_in(p / "content/data/roles.yaml", "title: LLM Engineer",
                                      "title: LLM Engineers"), id="a role (the index shows it)"),
    pytest.param(lambda p: write(p / "site/index.html", "by hand"),
                 id="another page of the site edited by hand"),
    pytest.param(lambda p: write(p / "site/feed.xml", "by hand"), id="the feed by hand"),
])
def test_other_edits_take_the_full_path(project: Path, loads: list[int], tmp_path: Path,
                                        edit: Callable[[Path], None]) -> None:
    append(project / ARTICLE, "A body edit as well.")
    edit(project)
    warm = build(project)
    assert loads == [1]
    assert_as_cold(project, warm, tmp_path / "cold")


def test_a_cache_replaced_by_a_build_that_kept_no_plan_is_not_patched(
        project: Path, loads: list[int], tmp_path: Path) -> None:
    config = load_config(project)
    with contextlib.chdir(project):
        build_project(config, load_project(config), now=datetime.now())
    loads.clear()
    append(project / ARTICLE, "A body edit.")
    warm = build(project)
    assert loads == [1]
    assert_as_cold(project, warm, tmp_path / "cold")


def copied_as_cp_a(source: Path, target: Path) -> None:
    """``cp -a``: every file and folder with its times, on new inodes."""
    shutil.copytree(source, target, symlinks=True)


def test_a_copy_put_back_in_place_is_patched_then_staged_whole_once(
        project: Path, loads: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A built project copied away and back (a backup restored): the pages' files keep
    their times, so the cache serves; the site folder is not the one the last build
    noted (another inode), so its file list is not trusted and the first build stages
    the site whole; the next one updates it in place again."""
    append(project / ARTICLE, "An edit before the copy.")
    build(project)  # a spare and its list now exist
    copied_as_cp_a(project, tmp_path / "backup")
    shutil.rmtree(project)
    copied_as_cp_a(tmp_path / "backup", project)
    updates: list[int] = []
    real = in_place.update

    def update(*args: Any) -> None:
        updates.append(1)
        real(*args)

    monkeypatch.setattr(in_place, "update", update)
    append(project / ARTICLE, "An edit after it.")
    warm = build(project)
    assert (warm.rendered, loads, updates) == ((PAGE,), [], [])
    assert_as_cold(project, warm, tmp_path / "cold")
    loads.clear()  # the cold build's
    append(project / ARTICLE, "And one more.")
    again = build(project)
    assert (again.rendered, loads, updates) == ((PAGE,), [], [1])
    assert_as_cold(project, again, tmp_path / "cold")


def test_a_copy_elsewhere_builds_cold_and_right(project: Path, loads: list[int],
                                                tmp_path: Path) -> None:
    """The build cache is kept by the output folder's absolute path: a copy in another
    place has none of its own, and builds every page."""
    copied_as_cp_a(project, tmp_path / "copy")
    append(tmp_path / "copy" / ARTICLE, "An edit in the copy.")
    warm = build(tmp_path / "copy")
    assert loads == [1] and len(warm.rendered) == len(warm.pages)
    assert_as_cold(tmp_path / "copy", warm, tmp_path / "cold")


def test_a_plan_is_for_its_day_and_its_templates_config_and_files(project: Path) -> None:
    config = load_config(project)
    inputs = read_inputs(config, drafts=False, future=False)
    today = date.today().isoformat()
    assert load_plan(config, inputs, today) is not None
    assert load_plan(config, inputs, "1999-01-01") is None
    assert load_plan(config, read_inputs(config, drafts=True, future=False), today) is None
    append(project / STATISTICS, "")  # the data's text: a plan patches that
    assert load_plan(config, read_inputs(config, drafts=False, future=False), today) is not None
    append(project / "templates/article.html", "")
    assert load_plan(config, read_inputs(config, drafts=False, future=False), today) is None
    plan_file(config).write_bytes(b"not a pickle")
    assert load_plan(config, inputs, today) is None


EDITS: dict[str, Callable[[Path], None]] = {
    "body": lambda p: append(p / ARTICLE, "Hiring rose at [Insert company name] last quarter."),
    "body of the new article": lambda p: append(p / "content/articles/new.md", "More text."),
    "title, and back": lambda p: toggle(p / ARTICLE, f'title: "{TITLE}"', 'title: "Hiring"'),
    "draft, and back": lambda p: toggle(p / ARTICLE, "\n---\n", "\ndraft: true\n---\n"),
    "new article": lambda p: write(p / "content/articles/new.md",
                                   '---\ntitle: "New"\ndescription: "A new post."\n'
                                   "date: 2026-01-20\n---\nA short post.\n"),
    "statistic value": lambda p: toggle(p / STATISTICS, "value: 90", "value: 91"),
    "FAQ answer": lambda p: toggle(p / FAQ, "Roles requiring deep", "Roles needing deep"),
    "role title": lambda p: toggle(p / "content/data/roles.yaml", "title: LLM Engineer",
                                   "title: LLM Engineers"),
    "page by hand": lambda p: write(p / "site/index.html", "by hand"),
    "touch": lambda p: (p / ARTICLE).touch(),
}


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=4))
@example(edits=["draft, and back", "draft, and back", "role title", "role title"])
def test_a_rebuild_after_any_edits_is_a_cold_build(
        tmp_path_factory: pytest.TempPathFactory, edits: list[str]) -> None:
    work = tmp_path_factory.mktemp("edits")
    project = work / "project"
    init_project(project)
    build(project)
    for name in edits:
        if name == "body of the new article" and not (
                project / "content/articles/new.md").exists():
            continue
        EDITS[name](project)
        assert_as_cold(project, build(project), work / "cold")
