"""The build cache's pages on disk: an index loaded whole, each page's heavy part read when
asked for, and a rebuild that rewrites the buckets of the pages it replaced only."""

from __future__ import annotations

import os
import pickle
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copydesk import atomic
from copydesk.config import Config
from copydesk.content.models import Project
from copydesk.errors import BuildError
from copydesk.lint.finding import Severity
from copydesk.site import build as build_module
from copydesk.site import snapshot_store
from copydesk.site.build import build_project, build_report
from copydesk.site.cache import PageInputs, PageLint, Snapshot, code_stamp
from copydesk.site.lint_build import PageLintSettings, SiteFiles, lint_page
from copydesk.site.noop import FOLDER
from copydesk.site.snapshot_store import load_snapshot
from copydesk.site.store import bucket_of
from copydesk.site.stored import RARE, Heavy, Light, StoredLint, heavy_blob
from copydesk.site.tracing import Tracer
from tests.site.helpers import lose_lint_parts
from tests.site.helpers import snapshot as site_files
from tests.site.records import make_config, make_project
from tests.site.test_incremental import EDITS, NOW, cold_copy, many_articles, with_article


def bucket_files(root: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns
            for path in (root / FOLDER).glob("pages-*.pickle")}


def bucket_suffix(name: str) -> str:
    return f"-{bucket_of(name):02d}.pickle"


def bucket_file(root: Path, name: str) -> Path:
    return next((root / FOLDER).glob(f"pages-*{bucket_suffix(name)}"))


def heavy_blobs(path: Path) -> dict[str, bytes]:
    with path.open("rb") as file:
        pickle.load(file)  # the index part
        pickle.load(file)  # the rare part
        pickle.load(file)  # the light part
        blobs = pickle.load(file)
    assert isinstance(blobs, dict)
    return blobs


def heavy_start(path: Path) -> int:
    with path.open("rb") as file:
        for _ in range(3):
            pickle.load(file)
        return file.tell()


def relinted(config: Config) -> snapshot_store.Relint:
    files, settings = SiteFiles(config), PageLintSettings.of(config)

    def relint(name: str) -> PageLint:
        html = (config.output_path / name).read_text(encoding="utf-8")
        return lint_page(files, name, html, settings)

    return relint


def loaded(config: Config) -> Snapshot:
    return load_snapshot(config.root, config.output_path, code_stamp(config), relinted(config))


def test_a_rebuild_rewrites_the_buckets_of_the_pages_it_rendered(tmp_path: Path) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    build_project(config, project, now=NOW)
    before = bucket_files(tmp_path)
    changed = with_article(project, body=project.articles[0].body + "\nOne more line.\n")
    assert build_project(config, changed, now=NOW).rendered == ("post/index.html",)
    after = bucket_files(tmp_path)
    rewritten = {name for name in after if after[name] != before.get(name)}
    assert any(name.endswith("-head.pickle") for name in rewritten)
    pages = {bucket_suffix(page) for page in ("index.html", "404.html",
                                              "roles/llm-engineer/index.html")}
    post = bucket_suffix("post/index.html")
    assert any(name.endswith(post) for name in rewritten)
    assert not any(name.endswith(bucket) for name in rewritten for bucket in pages - {post})


def test_an_unreadable_bucket_costs_its_pages_only(tmp_path: Path) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    build_project(config, project, now=NOW)
    bucket_file(tmp_path, "404.html").write_bytes(b"\x80\x05garbage")
    rendered = build_project(config, replace(project), now=NOW).rendered
    assert "404.html" in rendered and "post/index.html" not in rendered


def test_a_bucket_cut_short_in_its_rare_or_light_part_costs_its_pages_only(
        tmp_path: Path) -> None:
    """Its length is checked against the lengths its index part gives: a rare part cannot
    be made again from the page's file, as a light or heavy part can."""
    config, project = make_config(tmp_path), make_project(tmp_path)
    first = build_project(config, project, now=NOW)
    path = bucket_file(tmp_path, "post/index.html")
    path.write_bytes(path.read_bytes()[:heavy_start(path) - 9])
    assert "post/index.html" not in loaded(config).pages
    again = build_project(config, replace(project), now=NOW)
    assert "post/index.html" in again.rendered and "404.html" not in again.rendered
    assert again.findings == first.findings


def rare_parts(path: Path) -> dict[str, object]:
    with path.open("rb") as file:
        pickle.load(file)  # the index part
        rare = pickle.load(file)
    assert isinstance(rare, dict)
    return rare


def test_a_loaded_record_reads_its_rare_fields_from_its_bucket_when_asked(
        tmp_path: Path) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    built = {page.path.file: page for page in build_project(config, project, now=NOW).pages}
    assert any(page.claims for page in built.values())
    snapshot = loaded(config)
    assert snapshot.pages.keys() == built.keys()
    for page in snapshot.pages.values():  # the index part holds none of them
        assert all(page.__dict__["_record"][place] is None for place in RARE)
        assert "_page" not in page.__dict__ and "_marsh" not in page.__dict__
    for name, page in snapshot.pages.items():
        assert (page.inputs, page.claims, page.lastmod) == (
            built[name].inputs, built[name].claims, built[name].lastmod)


def test_a_rebuild_copies_the_rare_parts_of_the_pages_it_did_not_render(
        tmp_path: Path) -> None:
    config, project = make_config(tmp_path), many_articles(make_project(tmp_path), 150)
    build_project(config, project, now=NOW)
    path = bucket_file(tmp_path, "post-0/index.html")
    before = rare_parts(path)
    assert len(before) > 1  # the post's and other pages'
    articles = (replace(project.articles[0], body=project.articles[0].body + "\nOne more.\n"),
                *project.articles[1:])
    rendered = build_project(config, replace(project, articles=articles), now=NOW).rendered
    assert rendered == ("post-0/index.html",)
    after = rare_parts(path)
    assert after.keys() == before.keys()
    assert all(after[name] == before[name] for name in before)  # the post's made again
    assert loaded(config).pages["post-0/index.html"].inputs != PageInputs("")


def test_a_rare_part_damaged_in_place_makes_its_pages_again_and_their_claims_fail(
        tmp_path: Path) -> None:
    """A page's inputs then hold for no build, so it is rendered again; its claims cannot
    be made again without rendering it, so reading them says so rather than give none."""
    config, project = make_config(tmp_path), make_project(tmp_path)
    first = build_project(config, project, now=NOW)
    path = bucket_file(tmp_path, "post/index.html")
    with path.open("rb") as file:
        index = pickle.load(file)
        start = file.tell()
    data = path.read_bytes()
    path.write_bytes(data[:start] + b"\x80\x05garbage".ljust(index[2], b"\0")
                     + data[start + index[2]:])
    post = loaded(config).pages["post/index.html"]
    assert post.inputs == PageInputs("")
    with pytest.raises(BuildError, match="lost part of a page's record"):
        post.claims  # noqa: B018
    again = build_project(config, replace(project), now=NOW)
    assert "post/index.html" in again.rendered
    assert again.findings == first.findings


def test_a_truncated_bucket_costs_its_pages_only(tmp_path: Path) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    first = build_project(config, project, now=NOW)
    path = bucket_file(tmp_path, "post/index.html")
    path.write_bytes(path.read_bytes()[:100])
    again = build_project(config, replace(project), now=NOW)
    assert "post/index.html" in again.rendered and "404.html" not in again.rendered
    assert again.findings == first.findings


def test_a_bucket_whose_records_are_not_the_shape_written_costs_its_pages_only(
        tmp_path: Path) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    build_project(config, project, now=NOW)
    path = bucket_file(tmp_path, "post/index.html")
    with path.open("rb") as file:
        stamp, records, *lengths = pickle.load(file)
        rest = file.read()
    records = {name: (*record, "more") for name, record in records.items()}  # one field more
    path.write_bytes(pickle.dumps((stamp, records, *lengths)) + rest)
    again = build_project(config, replace(project), now=NOW)
    assert "post/index.html" in again.rendered and "404.html" not in again.rendered


def test_pages_are_kept_without_their_heavy_part_which_is_read_on_demand(
        tmp_path: Path) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    built = build_project(config, project, now=NOW)
    # Stored before the swap: the build holds no heavy part from there on.
    assert all(isinstance(page.lint, StoredLint) and not page.lint.loaded
               for page in built.pages)
    snapshot = loaded(config)
    assert set(snapshot.pages) == {page.path.file for page in built.pages}
    assert not any(page.lint.loaded for page in snapshot.pages.values())  # type: ignore[attr-defined]
    files, settings = SiteFiles(config), PageLintSettings.of(config)
    for name, page in snapshot.pages.items():
        html = (config.output_path / name).read_text(encoding="utf-8")
        assert page.lint.findings == lint_page(files, name, html, settings).findings
        assert page.lint.traced == next(p.lint.traced for p in built.pages
                                        if p.path.file == name)
    assert any(page.lint.findings for page in snapshot.pages.values())


def test_unreadable_heavy_parts_are_made_again_from_the_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    first = build_project(config, project, now=NOW)
    for path in (tmp_path / FOLDER).glob("pages-*-[0-9][0-9].pickle"):
        lose_lint_parts(path)
    monkeypatch.setattr(Tracer, "key", lambda *_: "another")  # every page traced again
    again = build_project(config, replace(project), now=NOW)
    assert again.rendered == ()
    assert again.findings == first.findings
    assert first.findings


def test_a_page_whose_bucket_lost_both_parts_is_linted_again_once(tmp_path: Path) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    build_project(config, project, now=NOW)
    lose_lint_parts(bucket_file(tmp_path, "post/index.html"))
    made: list[str] = []
    relint = relinted(config)

    def counted(name: str) -> PageLint:
        made.append(name)
        return relint(name)

    snapshot = load_snapshot(config.root, config.output_path, code_stamp(config), counted)
    lint = snapshot.pages["post/index.html"].lint
    assert lint.facts == relint("post/index.html").facts and lint.trace is None
    assert lint.findings == relint("post/index.html").findings and lint.report is None
    assert made == ["post/index.html"]


def test_a_bucket_replaced_after_the_load_is_not_read_as_the_one_loaded(
        tmp_path: Path) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    build_project(config, project, now=NOW)
    snapshot = loaded(config)
    path = bucket_file(tmp_path, "post/index.html")
    blobs = heavy_blobs(path)
    # The same pages, but another page's heavy part for each.
    other = heavy_blob((), None)
    path.write_bytes(path.read_bytes()[:heavy_start(path)]
                     + pickle.dumps(dict.fromkeys(blobs, other)))
    files, settings = SiteFiles(config), PageLintSettings.of(config)
    html = (config.output_path / "post/index.html").read_text(encoding="utf-8")
    expected = lint_page(files, "post/index.html", html, settings).findings
    post = snapshot.pages["post/index.html"].lint
    assert post.findings == expected and expected
    assert post.traced is None  # to be traced again from those findings


def test_a_rebuild_copies_the_heavy_parts_of_the_pages_it_did_not_render(
        tmp_path: Path) -> None:
    config = make_config(tmp_path)
    project = make_project(tmp_path)
    build_project(config, project, now=NOW)
    names = [page for page in ("index.html", "404.html", "roles/llm-engineer/index.html")
             if bucket_of(page) == bucket_of("post/index.html")]
    before = heavy_blobs(bucket_file(tmp_path, "post/index.html"))
    changed = with_article(project, body=project.articles[0].body + "\nOne more line.\n")
    assert build_project(config, changed, now=NOW).rendered == ("post/index.html",)
    after = heavy_blobs(bucket_file(tmp_path, "post/index.html"))
    assert after["post/index.html"] != before["post/index.html"]
    assert all(after[name] == before[name] for name in names)


def test_a_replaced_lint_is_written_whole(tmp_path: Path) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    build_project(config, project, now=NOW)
    page = loaded(config).pages["post/index.html"]
    lint = replace(page.lint, findings=())
    assert isinstance(lint, StoredLint) and lint.loaded and lint.findings == ()
    assert lint.traced == page.lint.traced and lint.key == page.lint.key
    previous = loaded(config)
    pages = {**previous.pages, "post/index.html": replace(page, lint=lint)}
    snapshot_store.save_snapshot(config.root, config.output_path,
                                 replace(previous, pages=pages), previous, relinted(config))
    assert loaded(config).pages["post/index.html"].lint.findings == ()


def test_a_build_killed_between_two_bucket_writes_is_harmless(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    build_project(config, project, now=NOW)
    head = next((tmp_path / FOLDER).glob("pages-*-head.pickle")).read_bytes()
    written = []
    real = atomic.write_atomic

    def one_bucket_then_fail(path: Path, write: object) -> None:
        if written:
            raise OSError("killed")
        written.append(path)
        real(path, write)  # type: ignore[arg-type]

    monkeypatch.setattr(snapshot_store, "write_atomic", one_bucket_then_fail)
    changed = with_article(project, title="Another title",
                           body=project.articles[0].body + "\nOne more line.\n")
    build_project(config, changed, now=NOW)
    assert len(written) == 1  # one bucket of two written, then the head was not
    assert next((tmp_path / FOLDER).glob("pages-*-head.pickle")).read_bytes() == head
    monkeypatch.undo()
    again = build_project(config, changed, now=NOW)
    findings = tuple(again.findings)  # read from the cache before another build replaces it
    assert site_files(config.output_path) == cold_copy(tmp_path, config, changed)
    assert findings == tuple(build_project(config, changed, now=NOW, cache=False).findings)


def names_read(monkeypatch: pytest.MonkeyPatch, part: str) -> list[str]:
    """The pages whose ``part`` ("heavy" or "light") the build cache reads from now on."""
    read: list[str] = []
    real = getattr(snapshot_store.PageStore, part)

    def spy(store: snapshot_store.PageStore, name: str) -> Heavy | Light:
        read.append(name)
        result: Heavy | Light = real(store, name)
        return result

    monkeypatch.setattr(snapshot_store.PageStore, part, spy)
    return read


def test_a_one_page_rebuild_reads_no_heavy_part_to_report_its_lint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_config(tmp_path)
    project = many_articles(make_project(tmp_path), 6)
    build_project(config, project, now=NOW)
    read = names_read(monkeypatch, "heavy")
    light_read = names_read(monkeypatch, "light")
    first = project.articles[0]
    changed = replace(project, articles=(replace(first, body=first.body + "\nMore.\n"),
                                         *project.articles[1:]))
    result = build_project(config, changed, now=NOW)
    assert result.rendered == ("post-0/index.html",)
    report = build_report(result)
    assert read == []  # the reused pages' findings stayed in the cache
    # Nor their facts, traces and reports, but for the page the site-wide rules reach
    # (it links to the page rendered).
    assert light_read == ["index.html"]
    assert not any("claims" in page.__dict__ for page in result.pages  # and their claims
                   if page.path.file != "post-0/index.html")
    assert report == build_report(replace(result, lint=None))  # as printed from the findings
    assert len(read) == len(result.pages) - 1 and result.errors == sum(
        1 for finding in result.findings if finding.severity == Severity.ERROR)


def test_a_lost_heavy_part_of_a_page_whose_file_is_gone_is_an_error_that_says_what_to_do(
        tmp_path: Path) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    build_project(config, project, now=NOW)
    snapshot = load_snapshot(config.root, config.output_path, code_stamp(config),
                             build_module.relint_from_site(config, SiteFiles(config),
                                                           PageLintSettings.of(config)))
    path = bucket_file(tmp_path, "404.html")
    copy = path.with_name("copy")
    copy.write_bytes(path.read_bytes())
    copy.replace(path)  # the same bytes, but not the file loaded
    (config.output_path / "404.html").unlink()
    with pytest.raises(BuildError) as raised:
        snapshot.pages["404.html"].lint.findings  # noqa: B018  (reading it is the test)
    assert raised.value.location is not None and raised.value.location.path.endswith("404.html")
    assert raised.value.hint and "--no-cache" in raised.value.hint


def toggled_ignores(config: Config, project: Project) -> tuple[Config, Project]:
    """per-file-ignores turning the CD6 rules off for the post's page, or on again."""
    ignores = {} if config.lint.per_file_ignores else {"site/post/index.html": ("CD6",)}
    return replace(config, lint=replace(config.lint, per_file_ignores=ignores)), project


def lost_heavy_parts(config: Config, project: Project) -> tuple[Config, Project]:
    """Every bucket's light and heavy parts unreadable, its index and rare parts as they were."""
    for path in (config.root / FOLDER).glob("pages-*-[0-9][0-9].pickle"):
        lose_lint_parts(path)
    return config, project


def moved_working_folder(config: Config, project: Project) -> tuple[Config, Project]:
    """Findings show paths from the working folder: every page is linted again, none
    rendered again."""
    os.chdir(config.root if Path.cwd() != config.root else config.root.parent)
    return config, project


STORE_EDITS = {name: EDITS[name] for name in ("title", "body", "statistic", "no-op")}
STORE_EDITS.update({"ignores": toggled_ignores, "lost heavy parts": lost_heavy_parts,
                    "working folder": moved_working_folder})


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.sampled_from(sorted(STORE_EDITS)), min_size=1, max_size=3))
def test_a_rebuild_from_the_store_reports_and_writes_what_a_cold_build_does(
        tmp_path_factory: pytest.TempPathFactory, edits: list[str]) -> None:
    tmp_path = tmp_path_factory.mktemp("store")
    root = tmp_path / "project"
    root.mkdir()
    config, project = make_config(root), make_project(root)
    build_project(config, project, now=NOW)
    working = Path.cwd()
    try:
        for name in edits:
            config, project = STORE_EDITS[name](config, project)
            warm = build_project(config, project, now=NOW)
        report, findings = build_report(warm), tuple(warm.findings)
        assert site_files(config.output_path) == cold_copy(tmp_path, config, project)
        cold = build_project(config, project, now=NOW, cache=False)
    finally:
        os.chdir(working)
    assert findings == tuple(cold.findings) and report == build_report(cold)
