"""The build's report is made from each page's part (``site.lint_parts``): a rebuild makes
again only the parts of the pages it traced again or whose site-wide findings changed, and
prints what printing every finding of a cold build would."""

from __future__ import annotations

import contextlib
import pickle
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copydesk.config import load_config
from copydesk.lint.finding import Finding, Severity
from copydesk.report.text import format_finding
from copydesk.site import lint_build as lint_build_module
from copydesk.site import page_parts
from copydesk.site.build import build_site
from copydesk.site.cache import TracedLint
from copydesk.site.lint_build import BuildLint, lint_summary
from copydesk.site.lint_parts import (
    FileReport,
    LazyFindings,
    PageReport,
    file_reports,
    joined,
    lint_report,
    rows,
    summary,
)
from copydesk.site.page_parts import PageParts
from tests.site.test_lint_incremental import ARTICLE, EDITS, append, replace_in

ARTICLE_PAGE = "most-in-demand-machine-learning-roles-2026/index.html"


class Recorder:
    """Keeps what each build's lint gave and which pages' parts it made again (not
    counting those made when its findings are asked for)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.lints: list[BuildLint] = []
        self.made: list[str] = []
        self.remade: list[list[str]] = []
        real_lint, real_report = lint_build_module.lint_build, PageParts.report

        def lint_build(*args: Any, **kwargs: Any) -> BuildLint:
            start = len(self.made)
            self.lints.append(real_lint(*args, **kwargs))
            self.remade.append(self.made[start:])
            return self.lints[-1]

        def report(parts: Any, number: int, site: Sequence[Finding]) -> Any:
            self.made.append(parts.pages[number].path.file)
            return real_report(parts, number, site)

        monkeypatch.setattr(lint_build_module, "lint_build", lint_build)
        monkeypatch.setattr("copydesk.site.build.lint_build", lint_build)
        monkeypatch.setattr(PageParts, "report", report)


def build(project: Path, *, cache: bool = True) -> tuple[Finding, ...]:
    with contextlib.chdir(project):
        return tuple(build_site(load_config(project), cache=cache).findings)


def printed(findings: Sequence[Finding]) -> tuple[tuple[str, ...], int, str]:
    """The report as made from every finding: the oracle the parts must match."""
    errors = [finding for finding in findings if finding.severity == Severity.ERROR]
    return tuple(map(format_finding, errors)), len(errors), lint_summary(findings)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from copydesk.site.init import init_project

    project = tmp_path_factory.mktemp("parts") / "project"
    init_project(project)
    append(project / "content/data/takeaways.yaml",
           "- Teams at [Insert company name] grew their MLOps hiring.")
    build(project)
    return project


@pytest.mark.parametrize("edit", ["placeholder in the article", "suppressed placeholder",
                                  "unused suppression", "statistic value",
                                  "collection lines shift", "article with the same title",
                                  "template", "draft with a placeholder"])
def test_a_rebuilds_report_is_a_cold_builds_and_remakes_only_the_parts_that_changed(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str) -> None:
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    build(project)  # the copy's first build is cold: its cache is kept per output folder
    recorder = Recorder(monkeypatch)
    EDITS[edit](project)
    warm = build(project)
    lint, made = recorder.lints[-1], recorder.remade[-1]
    cold_project = tmp_path / "cold"
    shutil.copytree(project, cold_project, ignore=shutil.ignore_patterns(".copydesk", "site"))
    cold = build(cold_project, cache=False)
    assert warm == cold
    report = lint.report
    assert (report.lines, report.errors, report.summary) == printed(cold)
    pages = {page.path.file for page in lint.pages}
    if edit in ("placeholder in the article", "suppressed placeholder", "unused suppression"):
        # The article's page is rendered again; no other page's part is remade.
        assert made == [ARTICLE_PAGE]
    elif edit == "draft with a placeholder":
        assert made == []  # nothing rendered or traced again: only sources linted
    elif edit == "template":
        assert set(made) < pages  # the pages of other templates keep their parts


def test_lazy_findings_are_made_once_and_compare_and_pickle_as_their_tuple() -> None:
    finding = Finding("a.md", 1, 1, 1, 2, "CD101", "placeholder", Severity.ERROR, "m")
    calls: list[int] = []

    def make() -> tuple[Finding, ...]:
        calls.append(1)
        return (finding,)

    lazy = LazyFindings(make)
    assert calls == []
    assert lazy == (finding,) and len(lazy) == 1 and list(lazy) == [finding]
    assert lazy[0] is finding and calls == [1]
    assert pickle.loads(pickle.dumps(lazy)) == (finding,)


def test_the_summary_of_file_reports_names_the_worst_files() -> None:
    def found(path: str, severity: Severity) -> Finding:
        return Finding(path, 1, 1, 1, 2, "CD101", "placeholder", severity, "m")

    findings = [found("a.md", Severity.WARNING), found("b.md", Severity.ERROR),
                found("b.md", Severity.INFO), found("c.md", Severity.WARNING),
                found("c.md", Severity.WARNING), found("d.md", Severity.INFO)]
    reports = file_reports(findings)
    assert [(r.path, r.errors, r.warnings, r.infos) for r in reports] == [
        ("a.md", 0, 1, 0), ("b.md", 1, 0, 1), ("c.md", 0, 2, 0), ("d.md", 0, 0, 1)]
    assert reports[1].lines == (format_finding(findings[1]),)
    assert summary(reports) == (
        "lint: 6 findings (1 errors, 3 warnings, 2 infos); most in: b.md (1 errors, 0 "
        "warnings); c.md (0 errors, 2 warnings); a.md (0 errors, 1 warnings); run `copydesk "
        "check` for every finding")
    assert summary([]) == "lint: no findings"


def test_a_rebuild_reads_the_report_parts_of_the_pages_it_made_again_only(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parts of the pages kept as they were are summed as plain rows: a one-article
    edit reads what the article's previous part shared with other pages (to tell whether
    it changed) and nothing of any other part; one that changes what it shares reads what
    every part shares, and still decodes no part whole."""
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    build(project)
    decoded: list[Any] = []
    shared: list[Any] = []
    for name, calls in (("_decoded", decoded), ("_shared_of", shared)):
        monkeypatch.setattr(lint_build_module, name, _spy(getattr(lint_build_module, name),
                                                          calls))
    recorder = Recorder(monkeypatch)
    for edit, reads in (
            # A word in a paragraph: what the page shares with the others stays the same.
            (lambda: replace_in(project / ARTICLE, "driven by advancements",
                                "driven by [Insert %] advancements"), 1),
            # A paragraph more: a shared finding counts the article's paragraphs.
            (lambda: append(project / ARTICLE, "Hiring rose at [Insert company name]."), None)):
        decoded.clear()
        shared.clear()
        edit()
        warm = build(project)
        assert recorder.remade[-1] == [ARTICLE_PAGE]
        pages = len(recorder.lints[-1].pages)
        # The article's previous part, then every other page's.
        assert len(shared) == (reads or pages) and decoded == []
        cold_project = tmp_path / "cold"
        shutil.rmtree(cold_project, ignore_errors=True)
        shutil.copytree(project, cold_project,
                        ignore=shutil.ignore_patterns(".copydesk", "site"))
        assert warm == build(cold_project, cache=False)


def _spy(function: Any, calls: list[Any]) -> Any:
    def spy(part: Any) -> Any:
        calls.append(part)
        return function(part)

    return spy


def test_a_kept_part_is_its_report_whether_read_whole_or_for_what_it_shares() -> None:
    """A page's part is kept in two halves (what only it reports on, what it shares); read
    whole it is the report it was made from, and its shared half holds what that shares."""
    finding = Finding("content/data/statistics.yaml", 3, 1, 3, 9, "CD201", "unsourced",
                      Severity.WARNING, "m")
    own = file_reports([Finding("site/a/index.html", 1, 1, 1, 2, "CD101", "placeholder",
                                Severity.ERROR, "m")])
    for report in (PageReport(("site/a/index.html",), tuple(own), ()),
                   PageReport(("site/a/index.html",), tuple(own), (finding,), True, (finding,)),
                   PageReport((), (), (), False, (finding,))):
        page = _page_with(report)
        part = lint_build_module._part(page)
        assert lint_build_module._decoded(part) == report
        # Pickled after, the report is made of those halves (the build cache's copy of it).
        assert pickle.loads(pickle.dumps(report)) == report
        assert part[4] in pickle.dumps(report)
        kept = lint_build_module._shared_of(part)
        assert (kept.shared, kept.suppresses_shared, kept.site_shared) == (
            report.shared, report.suppresses_shared, report.site_shared)
        assert (part[5] == b"") == (report == PageReport(report.paths, report.files, ()))


def _page_with(report: PageReport) -> Any:
    """A stand-in page whose lint holds ``report`` and an empty trace."""
    from types import SimpleNamespace

    trace = SimpleNamespace(key="key", data=(), site=())
    return SimpleNamespace(stamp=(1, 2), lint=SimpleNamespace(trace=trace, report=report))


def test_the_report_of_plain_rows_is_the_report_of_file_reports() -> None:
    def found(path: str, severity: Severity, line: int) -> Finding:
        return Finding(path, line, 1, line, 2, "CD101", "placeholder", severity, "m")

    findings = [found("b.md", Severity.ERROR, 1), found("b.md", Severity.ERROR, 2),
                found("a.md", Severity.WARNING, 1), found("c.md", Severity.INFO, 1)]
    reports = sorted(file_reports(findings), key=lambda report: report.path)
    report = lint_report(rows(reports))
    assert report == lint_report(reports)
    assert report.lines == tuple(format_finding(finding) for finding in findings[:2])
    assert report.errors == 2
    assert report.summary == summary(reports)
    assert pickle.loads(pickle.dumps(rows(reports))) == tuple(reports)


_PATHS = ("site/a/index.html", "content/articles/a.md", "content/data/statistics.yaml",
          "site/b/index.html")
_findings = st.builds(
    Finding, st.sampled_from(_PATHS), st.integers(1, 3), st.integers(1, 2), st.just(3),
    st.just(4), st.sampled_from(("CD101", "CD201", "CD805", "CD806")), st.just("name"),
    st.sampled_from(tuple(Severity)), st.sampled_from(("m", "n")))


@given(found=st.lists(_findings, max_size=8), shared=st.lists(_findings, max_size=3),
       suppresses_shared=st.booleans(), site_shared=st.lists(_findings, max_size=3),
       paths=st.sampled_from((_PATHS[:2], _PATHS[:1], ())))
def test_a_part_kept_in_halves_is_read_back_as_the_part_it_was(
        found: list[Finding], shared: list[Finding], suppresses_shared: bool,
        site_shared: list[Finding], paths: tuple[str, ...]) -> None:
    """Its own half is plain tuples (pickled without a call to Python for each file's
    report); joined, the halves give the part again, its files' reports FileReports."""
    report = PageReport(paths, tuple(file_reports(found)), tuple(shared), suppresses_shared,
                        tuple(site_shared))
    back = joined(*report.halves())
    assert back == report
    assert all(type(file) is FileReport for file in back.files)
    assert pickle.loads(pickle.dumps(report)) == report


@given(own=st.lists(_findings, max_size=8), site=st.lists(_findings, max_size=6),
       paths=st.sampled_from((_PATHS[:2], _PATHS[:1], _PATHS[1:2])))
def test_a_part_made_where_the_page_was_linted_counts_its_site_findings_in_as_made_whole(
        own: list[Finding], site: list[Finding], paths: tuple[str, ...]) -> None:
    """The build's lint adds a page's site-wide findings to the part its worker made of
    its own findings (page_parts.with_site), or makes the part whole when it cannot: the
    part is the one made whole from both."""
    traced = TracedLint(tuple(own), None)
    made = page_parts._part_of(paths, traced, site, None)[1]
    part = page_parts.own_report(paths, traced)
    assert part is not None
    report, codes = part.unpacked()
    assert report == page_parts._part_of(paths, traced, (), None)[1]
    assert codes == {finding.code for finding in own if finding.path in paths}
    merged = page_parts.with_site(report, codes, site)
    if merged is not None:
        assert merged == made
        # Its halves, the shared one taken from the worker's part when it shares the same,
        # are the halves of the part made whole.
        own, shared = merged.halves()
        assert joined(own, shared) == made
        values = (made.shared, made.suppresses_shared, made.site_shared)
        assert (pickle.loads(shared) if shared else ((), False, ())) == values
        assert (shared == b"") == (not any(values))
    if not any(finding.severity == Severity.ERROR or finding.code in codes
               for finding in site if finding.path in paths):
        assert merged is not None  # only an error or a code of its own needs the findings
