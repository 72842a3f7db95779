"""`copydesk build` lints the built pages and the sources no page was made from: summary,
--strict, tracing back, suppressions in an article's source."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from copydesk.cli import main
from copydesk.config import Config, load_config
from copydesk.content import load_project
from copydesk.lint import runner
from copydesk.lint.discovery import discover, discovered_in
from copydesk.lint.runner import CheckResult
from copydesk.site import build as build_module
from copydesk.site import lint_build as lint_build_module
from copydesk.site.build import build_project, build_site
from copydesk.site.cache import PageLint, Trace
from copydesk.site.init import init_project
from copydesk.site.lint_parts import PageReport
from copydesk.site.noop import FOLDER, read_inputs
from copydesk.site.tracing import Tracer
from tests.site.helpers import lose_lint_parts, snapshot
from tests.site.records import make_config, make_project
from tests.site.test_incremental import NOW

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


def test_a_published_article_is_linted_as_its_page_and_a_draft_as_its_source(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = example(tmp_path)
    draft = project / "content/articles/draft.md"
    draft.write_text('---\ntitle: "A Draft"\ndescription: "Not yet."\ndate: 2026-01-20\n'
                     'draft: true\n---\nHiring rose by [Insert %] at [Insert company name].\n',
                     encoding="utf-8")
    linted: list[Path] = []
    real = runner.check_paths

    def spy(paths: Sequence[Path], config: Config, **options: Any) -> CheckResult:
        linted.extend(paths)
        return real(paths, config, **options)

    monkeypatch.setattr(lint_build_module, "check_paths", spy)
    result = build_site(load_config(project))
    assert linted == [draft]  # the published article is not run through the rules again
    on_draft = {f.code for f in result.findings if f.path.endswith("draft.md")}
    assert "CD101" in on_draft
    assert not (project / "site/a-draft").exists()
    # The published article's findings come from its page, traced to its lines.
    [written] = [f for f in result.findings if f.code == "CD202" and f.path.endswith(ARTICLE)]
    source = (project / ARTICLE).read_text().splitlines()
    assert "our data shows" in source[written.line - 1].lower()


def planted(project: Path, *lines: str) -> int:
    """Append ``lines`` (after a blank line) to the example article; the first one's number."""
    article = project / ARTICLE
    before = article.read_text().splitlines()
    article.write_text("\n".join([*before, "", *lines]) + "\n")
    return len(before) + 2


@pytest.fixture
def inside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example project, as the working folder: findings show paths from its root."""
    project = example(tmp_path)
    monkeypatch.chdir(project)
    return project


def test_a_suppression_in_the_article_source_silences_its_page_finding(inside: Path) -> None:
    project = inside
    control = planted(project, "Hiring rose at [Insert company name] last quarter.")
    first = build_site(load_config(project)).findings
    assert (ARTICLE, control, "CD101") in {(f.path, f.line, f.code) for f in first}
    comment = planted(project, "<!-- copydesk: ignore CD101 -->",
                      "Hiring rose at [Insert client name] this quarter.")
    findings = build_site(load_config(project)).findings
    on_article = {(f.line, f.code) for f in findings if f.path == ARTICLE}
    assert (control, "CD101") in on_article
    assert (comment + 1, "CD101") not in on_article  # silenced where the text was written
    assert (comment, "CD901") not in on_article  # and the suppression was used
    assert not any("[Insert client name]" in f.source_line for f in findings
                   if f.code == "CD101")  # on the page either


def test_a_suppression_in_the_article_source_that_silences_nothing_is_reported(
        inside: Path) -> None:
    project = inside
    comment = planted(project, "<!-- copydesk: ignore CD2 -->", "A plain closing sentence.")
    findings = build_site(load_config(project)).findings
    [unused] = [f for f in findings if f.code == "CD901"]
    assert (unused.path, unused.line) == (ARTICLE, comment)
    assert "unused suppression (CD2)" in unused.message


def test_a_file_wide_suppression_in_the_source_silences_every_traced_finding(
        inside: Path) -> None:
    project = inside
    article = project / ARTICLE
    text = article.read_text()
    before = {f.code for f in build_site(load_config(project)).findings if f.path == ARTICLE}
    assert {"CD202", "CD301"} <= before
    front_matter, body = text.split("\n---\n", 1)
    article.write_text(f"{front_matter}\n---\n<!-- copydesk: ignore-file CD2, CD3 -->\n{body}")
    after = {f.code for f in build_site(load_config(project)).findings if f.path == ARTICLE}
    assert not {code for code in after if code.startswith(("CD2", "CD3"))}
    assert "CD901" not in after


def test_a_page_whose_cached_findings_are_lost_is_linted_again_from_its_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page from the build cache always has its findings before tracing: its bucket
    gives them, or ``lint_build.relint_from_site`` makes them again from its file (nothing
    else does)."""
    config, project = make_config(tmp_path), make_project(tmp_path)
    first = build_project(config, project, now=NOW)
    for path in (tmp_path / FOLDER).glob("pages-*-[0-9][0-9].pickle"):
        lose_lint_parts(path)  # the index part kept, the heavy parts lost
    relinted: list[str] = []
    real = build_module.relint_from_site

    def spy(*args: Any) -> Callable[[str], PageLint]:
        relint = real(*args)

        def recorded(name: str) -> PageLint:
            relinted.append(name)
            return relint(name)

        return recorded

    monkeypatch.setattr(build_module, "relint_from_site", spy)
    monkeypatch.setattr(Tracer, "key", lambda *_: "another")  # every page traced again
    again = build_project(config, replace(project), now=NOW)
    assert again.rendered == ()
    assert set(relinted) == {page.path.file for page in first.pages}
    assert again.findings == first.findings and first.findings


def test_the_sources_left_to_lint_are_taken_from_the_builds_listing_as_a_walk_finds_them(
        tmp_path: Path) -> None:
    project = example(tmp_path)
    content = project / "content"
    for name in ("notes/idea.md", "notes/.hidden.md", ".private/a.md", "node_modules/b.md",
                 "notes/skipped/c.md", "notes/table.csv", "drafts/d.txt", "drafts/e.HTML"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text('---\ntitle: "A Note"\ndescription: "Not yet."\n'
                                    "date: 2026-01-20\ndraft: true\n---\nSome [Insert %] text.\n")
    (content / "linked").symlink_to(content / "notes")  # the walk follows it; discover not
    (project / "copydesk.toml").write_text(
        'exclude = ["content/notes/skipped"]\n' + (project / "copydesk.toml").read_text())
    config = load_config(project)
    listing = read_inputs(config, drafts=False, future=False).stamps
    assert any("/linked/" in file for file in listing)
    assert sorted(discovered_in(config.content_path, listing, config)) == sorted(
        discover([config.content_path], config))
    findings = build_project(config, load_project(config), listing=listing).findings
    assert findings == build_project(config, load_project(config), cache=False).findings
    assert {f.path[f.path.index("content/"):] for f in findings if f.code == "CD101"} >= {
        "content/notes/idea.md", "content/drafts/d.txt", "content/drafts/e.HTML"}


_TEXTS = st.lists(st.tuples(st.sampled_from(["a", "b", "c", "a b"]), st.none()), max_size=3)


@given(data=_TEXTS, site=st.lists(_TEXTS, max_size=3))
def test_a_kept_part_lists_each_text_its_traces_looked_for_once_in_order(
        data: list[tuple[str, None]], site: list[list[tuple[str, None]]]) -> None:
    trace = Trace("key", tuple(data), tuple((("CD101", 1, 1, 1, 2), (None, "", tuple(texts)))
                                          for texts in site))
    page = SimpleNamespace(stamp=(1, 2), lint=SimpleNamespace(
        trace=trace, report=PageReport((), (), ())))
    part = lint_build_module._part(page)  # type: ignore[arg-type]
    looked_for = [text for text, _ in data] + [text for texts in site for text, _ in texts]
    assert part[:3] == ((1, 2), "key", tuple(dict.fromkeys(looked_for)))
