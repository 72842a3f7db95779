"""Incremental builds: a rebuild renders exactly the pages whose inputs changed.

Each test builds the small record project of ``tests.site.records`` once, changes one
thing, builds again and checks which pages were rendered (``BuildResult.rendered``) and
that the site is what a cold build of the changed project writes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copydesk import parallel
from copydesk.config import Config
from copydesk.content.models import Article, Project
from copydesk.errors import Location
from copydesk.site import build as build_module
from copydesk.site.build import BuildResult, build_project
from copydesk.site.noop import FOLDER
from tests.site.helpers import snapshot
from tests.site.records import make_config, make_project

NOW = datetime(2026, 6, 1)
EVERY_PAGE = {"index.html", "post/index.html", "roles/llm-engineer/index.html", "404.html"}


def build(config: Config, project: Project, **options: object) -> BuildResult:
    return build_project(config, project, now=NOW, **options)  # type: ignore[arg-type]


def files_on_disk(site: Path) -> dict[str, tuple[int, int]]:
    """Every file of the site with its inode and modification time."""
    return {path.relative_to(site).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in sorted(site.rglob("*")) if path.is_file()}


def cold_copy(tmp_path: Path, config: Config, project: Project) -> dict[str, bytes]:
    """The site a build without any cache writes for the same project, elsewhere."""
    root = tmp_path / "cold"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(config.templates_path, root / "templates")
    cold = replace(config, root=root)
    build(cold, replace(project, root=root), cache=False)
    return snapshot(root / "site")


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Config, Project]:
    root = tmp_path / "project"
    root.mkdir()
    config = make_config(root)
    project = make_project(root)
    first = build(config, project)
    assert set(first.rendered) == EVERY_PAGE
    return config, project


def with_article(project: Project, **changes: object) -> Project:
    article = replace(project.articles[0], **changes)  # type: ignore[arg-type]
    return replace(project, articles=(article,))


def with_statistic(project: Project, statistic_id: str, value: str) -> Project:
    statistics = dict(project.statistics)
    statistics[statistic_id] = replace(statistics[statistic_id], value=Decimal(value))
    return replace(project, statistics=statistics)


def test_a_no_op_rebuild_renders_nothing_and_rewrites_nothing(
        setup: tuple[Config, Project]) -> None:
    config, project = setup
    site = config.output_path
    before, folder = files_on_disk(site), site.stat().st_ino

    result = build(config, project)

    assert result.rendered == () and result.reused == len(EVERY_PAGE)
    assert files_on_disk(site) == before  # same inodes, same times: nothing written
    assert site.stat().st_ino == folder  # and no swap either
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".site")] == []


def test_a_rebuild_reports_what_a_cold_build_reports(setup: tuple[Config, Project]) -> None:
    config, project = setup
    cold = build(config, project, cache=False)
    warm = build(config, project)
    assert warm.findings == cold.findings and warm.findings
    assert warm.ledger == cold.ledger and warm.warnings == cold.warnings
    assert set(cold.rendered) == EVERY_PAGE


def test_editing_an_article_renders_it_and_the_index_only(
        setup: tuple[Config, Project], tmp_path: Path) -> None:
    config, project = setup
    changed = with_article(project, title="A Better Post")
    before = files_on_disk(config.output_path)

    result = build(config, changed)

    assert set(result.rendered) == {"post/index.html", "index.html"}
    after = files_on_disk(config.output_path)
    assert after["roles/llm-engineer/index.html"] == before["roles/llm-engineer/index.html"]
    assert after["404.html"] == before["404.html"]  # hard-linked, not written again
    assert snapshot(config.output_path) == cold_copy(tmp_path, config, changed)


def test_editing_an_article_body_leaves_the_index_alone(
        setup: tuple[Config, Project], tmp_path: Path) -> None:
    """The index shows each article's title, date and description, not its body."""
    config, project = setup
    changed = with_article(project, body=project.articles[0].body + "\nOne more line.\n")
    assert build(config, changed).rendered == ("post/index.html",)
    assert snapshot(config.output_path) == cold_copy(tmp_path, config, changed)


def test_site_files_that_would_not_change_are_kept_not_written_again(
        setup: tuple[Config, Project], tmp_path: Path) -> None:
    """A body edit leaves claims.json and the feed as they were: the files are kept (same
    inode, same time); a statistic edit changes claims.json, which is written; one edited
    by hand is written again even though the build's own text did not change."""
    config, project = setup
    site = config.output_path
    before = files_on_disk(site)
    body = with_article(project, body=project.articles[0].body + "\nOne more line.\n")
    assert build(config, body).rendered == ("post/index.html",)
    after = files_on_disk(site)
    assert {name: after[name] for name in ("claims.json", "feed.xml", "robots.txt")} == {
        name: before[name] for name in ("claims.json", "feed.xml", "robots.txt")}
    changed = with_statistic(body, "unsourced", "42")
    build(config, changed)
    assert files_on_disk(site)["claims.json"] != after["claims.json"]
    assert snapshot(site) == cold_copy(tmp_path, config, changed)
    (site / "claims.json").write_text("{}", encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    build(config, with_article(changed, body=body.articles[0].body + "Two.\n"))
    assert snapshot(site) == cold_copy(tmp_path, config, with_article(
        changed, body=body.articles[0].body + "Two.\n"))


def test_an_index_that_shows_the_body_is_rendered_again_when_it_changes(
        setup: tuple[Config, Project], tmp_path: Path) -> None:
    config, project = setup
    index = config.templates_path / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "{{ article.description }}", "{{ article.description }} {{ article.body[:40] }}"),
        encoding="utf-8")
    assert "index.html" in build(config, project).rendered
    changed = with_article(project, body="A new start. " + project.articles[0].body)
    assert set(build(config, changed).rendered) == {"post/index.html", "index.html"}
    assert snapshot(config.output_path) == cold_copy(tmp_path, config, changed)


@pytest.mark.parametrize(("statistic", "pages"), [
    # printed by the article body only
    ("unsourced", {"post/index.html"}),
    # printed in the role's body (on both pages) and listed on the role page
    ("rag-share", {"post/index.html", "roles/llm-engineer/index.html"}),
])
def test_changing_a_statistic_renders_exactly_the_pages_that_used_it(
        setup: tuple[Config, Project], tmp_path: Path, statistic: str,
        pages: set[str]) -> None:
    config, project = setup
    changed = with_statistic(project, statistic, "42")
    result = build(config, changed)
    assert set(result.rendered) == pages
    assert snapshot(config.output_path) == cold_copy(tmp_path, config, changed)


def test_a_statistic_read_from_the_statistics_mapping_is_a_dependency(
        tmp_path: Path) -> None:
    config = make_config(tmp_path)
    body = 'Claim: {{ statistics["unsourced"].value }}.\n'
    project = with_article(make_project(tmp_path), body=body, roles=(), faq=(), data=())
    build(config, project)
    project = with_statistic(project, "missing", "7")
    assert build(config, project).rendered == (
        "roles/llm-engineer/index.html",)  # the role page lists it; the post never read it
    changed = with_statistic(project, "unsourced", "9")
    assert build(config, changed).rendered == ("post/index.html",)
    assert "Claim: 9." in (config.output_path / "post/index.html").read_text()


def edit_template(config: Config, name: str) -> None:
    path = config.templates_path / name
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


@pytest.mark.parametrize(("template", "pages"), [
    ("role.html", {"roles/llm-engineer/index.html"}),
    ("article.html", {"post/index.html"}),
    ("base.html", EVERY_PAGE),
])
def test_changing_a_template_renders_the_pages_that_use_it(
        setup: tuple[Config, Project], tmp_path: Path, template: str, pages: set[str]) -> None:
    config, project = setup
    edit_template(config, template)
    assert set(build(config, project).rendered) == pages
    assert snapshot(config.output_path) == cold_copy(tmp_path, config, project)


def test_changing_the_config_renders_every_page(setup: tuple[Config, Project]) -> None:
    config, project = setup
    changed = replace(config, site=replace(config.site, title="Another Title"))
    assert set(build(changed, project).rendered) == EVERY_PAGE


def test_deleting_an_article_removes_its_page(setup: tuple[Config, Project]) -> None:
    config, project = setup
    result = build(config, replace(project, articles=()))
    assert set(result.rendered) == {"index.html"}
    assert not (config.output_path / "post").exists()
    assert (config.output_path / "roles/llm-engineer/index.html").is_file()


def test_a_page_file_changed_by_hand_is_rendered_again(setup: tuple[Config, Project]) -> None:
    config, project = setup
    page = config.output_path / "404.html"
    expected = page.read_bytes()
    page.write_text("edited by hand")
    assert build(config, project).rendered == ("404.html",)
    assert page.read_bytes() == expected


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_corrupt_cache_means_a_cold_build_with_the_same_output(
        setup: tuple[Config, Project], damage: bytes) -> None:
    config, project = setup
    before = snapshot(config.output_path)
    for cache in (config.root / FOLDER).iterdir():
        cache.write_bytes(damage)
    result = build(config, project)
    assert set(result.rendered) == EVERY_PAGE
    assert snapshot(config.output_path) == before


def test_a_failed_strict_build_keeps_the_site_and_the_cache_usable(
        setup: tuple[Config, Project]) -> None:
    config, project = setup
    before = snapshot(config.output_path)
    failed = build(config, with_article(project, title="Changed"), strict=True)
    assert not failed.written and failed.errors
    assert snapshot(config.output_path) == before
    assert build(config, project).rendered == ()  # the previous site is still the cached one


def edited_template(config: Config, project: Project, name: str) -> tuple[Config, Project]:
    edit_template(config, name)
    return config, project


EDITS: dict[str, Callable[[Config, Project], tuple[Config, Project]]] = {
    "title": lambda c, p: (c, with_article(p, title=p.articles[0].title + " again")),
    "body": lambda c, p: (c, with_article(p, body=p.articles[0].body + "\nMore text.\n")),
    "statistic": lambda c, p: (c, with_statistic(
        p, "unsourced", str(p.statistics["unsourced"].value + 1))),  # type: ignore[operator]
    "role": lambda c, p: (c, replace(p, roles=(replace(
        p.roles[0], summary=p.roles[0].summary + " Also ships."),))),
    "faq": lambda c, p: (c, replace(p, faq={"q1": replace(
        p.faq["q1"], answer=p.faq["q1"].answer + " Indeed.")})),
    "template": lambda c, p: edited_template(c, p, "partials/faq.html"),
    "config": lambda c, p: (replace(c, site=replace(
        c.site, description=c.site.description + " More.")), p),
    "no-op": lambda c, p: (c, p),
}


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=3))
def test_incremental_output_is_byte_identical_to_a_cold_build(
        tmp_path_factory: pytest.TempPathFactory, edits: list[str]) -> None:
    tmp_path = tmp_path_factory.mktemp("random")
    root = tmp_path / "project"
    root.mkdir()
    config, project = make_config(root), make_project(root)
    build(config, project)
    for name in edits:
        config, project = EDITS[name](config, project)
        build(config, project)
    assert snapshot(config.output_path) == cold_copy(tmp_path, config, project)


def many_articles(project: Project, count: int) -> Project:
    first = project.articles[0]
    articles: list[Article] = [replace(
        first, slug=f"post-{number}", title=f"Post number {number}",
        location=Location(f"{first.location.path}-{number}", 1)) for number in range(count)]
    return replace(project, articles=tuple(articles))


def test_parallel_output_is_identical_to_serial(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_module, "SERIAL_BELOW", 2)
    monkeypatch.setattr(parallel, "SERIAL_BELOW", 2)
    results = {}
    for jobs in (1, 2):
        root = tmp_path / f"jobs-{jobs}"
        root.mkdir()
        config = make_config(root)
        result = build(config, many_articles(make_project(root), 6), jobs=jobs, cache=False)
        findings = [(os.path.relpath(f.path, root), f.line, f.code, f.message)
                    for f in result.findings]
        results[jobs] = (snapshot(root / "site"), findings, len(result.rendered))
    assert results[2] == results[1]
    assert results[1][2] == 9  # index, 6 posts, role page and 404: all rendered


def test_the_command_says_what_it_rendered_and_reused(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from copydesk.cli import main
    from copydesk.site.init import init_project

    init_project(tmp_path / "example")
    runner = CliRunner()
    command = ["build", "-C", str(tmp_path / "example")]
    first = runner.invoke(main, command)
    total = len(list((tmp_path / "example/site").rglob("*.html")))
    assert first.exit_code == 0, first.output
    assert f"rendered {total} of {total} pages, 0 unchanged" in first.stdout
    again = runner.invoke(main, [*command, "--jobs", "2"])
    assert f"rendered 0 of {total} pages, {total} unchanged" in again.stdout
    cold = runner.invoke(main, [*command, "--no-cache"])
    assert f"rendered {total} of {total} pages, 0 unchanged" in cold.stdout
    assert runner.invoke(main, [*command, "--jobs", "0"]).exit_code == 2


def test_a_source_edit_that_changes_no_page_is_still_linted(tmp_path: Path) -> None:
    from copydesk.config import load_config
    from copydesk.site.build import build_site
    from copydesk.site.init import init_project

    init_project(tmp_path / "example")
    config = load_config(tmp_path / "example")
    first = build_site(config)
    assert build_site(config).findings == first.findings  # nothing changed: the same lint
    # A text file under content/ is linted but no page is made from it.
    (config.content_path / "notes.txt").write_text("Growth was [Insert %] last year.\n",
                                                   encoding="utf-8")
    again = build_site(config)
    assert again.rendered == ()
    added = set(again.findings) - set(first.findings)
    assert {(Path(f.path).name, f.source_line) for f in added} == {
        ("notes.txt", "Growth was [Insert %] last year.")}


def test_the_feed_and_claims_are_made_again_only_when_what_they_show_changed(
        setup: tuple[Config, Project], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from copydesk.site import feeds

    made: list[str] = []
    for name in ("atom", "claims_entry"):
        real = getattr(feeds, name)
        monkeypatch.setattr(feeds, name, lambda *args, _real=real, _name=name: (
            made.append(_name), _real(*args))[1])
    config, project = setup
    build(config, project)
    made.clear()
    body = with_article(project, body=project.articles[0].body + "\nOne more line.\n")
    edited = build(config, body)
    # The feed is taken back from the site (the same articles); claims.json is joined from
    # the pages' parts, made again for the pages rendered.
    assert edited.rendered and made == ["claims_entry"] * len(edited.rendered)
    made.clear()
    title = with_article(body, title="A Better Post")
    build(config, title)
    assert made.count("atom") == 1
    made.clear()
    changed = with_statistic(title, "unsourced", "42")
    result = build(config, changed)
    assert made == ["claims_entry"] * len(result.rendered)
    assert snapshot(config.output_path) == cold_copy(tmp_path, config, changed)
    (config.output_path / "feed.xml").write_text("edited by hand", encoding="utf-8")
    made.clear()
    build(config, changed)
    assert "atom" in made
    assert snapshot(config.output_path) == cold_copy(tmp_path, config, changed)
