"""Bad input met by a rebuild that patches the last build's plan (``site.plan_reuse``): the
same error as a cold build of the same files, and nothing of the site lost."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from copydesk.errors import CopydeskError
from copydesk.site.init import init_project
from tests.site.helpers import snapshot
from tests.site.test_lint_incremental import append, replace_in
from tests.site.test_plan_reuse import ARTICLE, STATISTICS, assert_as_cold, build


def _error(build_it: Callable[[], object]) -> CopydeskError:
    with pytest.raises(CopydeskError) as raised:
        build_it()
    return raised.value


@pytest.mark.parametrize("edit", [
    pytest.param(lambda p: append(p / ARTICLE, 'Grew {{ stat("rag-in-applied-llm-listings" }}.'),
                 id="a template syntax error in an article body"),
    pytest.param(lambda p: append(p / ARTICLE, 'Grew {{ stat("no-such-statistic") }}.'),
                 id="a statistic that does not exist"),
    pytest.param(lambda p: replace_in(p / ARTICLE, "date: 2026-01-15",
                                      "date: 2026-01-15\ntags: [unclosed"),
                 id="a front matter that is not YAML"),
    pytest.param(lambda p: replace_in(p / STATISTICS, "value: 90", "value: [90"),
                 id="a data file that is not YAML"),
    pytest.param(lambda p: replace_in(p / STATISTICS, "value: 90", "value: ninety"),
                 id="a statistic whose value is not a number"),
])
def test_a_bad_edit_fails_as_a_cold_build_and_keeps_the_site(
        tmp_path: Path, edit: Callable[[Path], None]) -> None:
    project = tmp_path / "project"
    init_project(project)
    build(project)
    append(project / ARTICLE, "A good edit first, so the plan is one a rebuild patched.")
    build(project)
    site = snapshot(project / "site")
    original = {name: (project / name).read_text(encoding="utf-8")
                for name in (ARTICLE, STATISTICS)}

    edit(project)
    warm = _error(lambda: build(project))
    cold_project = tmp_path / "cold"
    shutil.copytree(project, cold_project, ignore=shutil.ignore_patterns(".copydesk", "site"))
    cold = _error(lambda: build(cold_project, cache=False))
    assert (type(warm), str(warm)) == (type(cold), str(cold))
    assert snapshot(project / "site") == site  # nothing written, nothing half-written

    for name, text in original.items():  # the edit undone: the site as a cold build makes it
        (project / name).write_text(text, encoding="utf-8")
    assert_as_cold(project, build(project), tmp_path / "cold-again")
