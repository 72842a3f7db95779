"""The build cache on disk: a rebuild rewrites the buckets of the pages it replaced only."""

from __future__ import annotations

import pickle
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from copydesk.site import store
from copydesk.site.build import build_project
from copydesk.site.cache import code_stamp
from copydesk.site.lint_build import PageLintSettings, SiteFiles, lint_page
from copydesk.site.noop import FOLDER
from copydesk.site.tracing import Tracer
from tests.site.records import make_config, make_project
from tests.site.test_incremental import NOW, with_article


def bucket_files(root: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns
            for path in (root / FOLDER).glob("pages-*.pickle")}


def bucket_of(name: str) -> str:
    return f"-{zlib.crc32(name.encode()) % store.BUCKETS:02d}.pickle"


def test_a_rebuild_rewrites_the_buckets_of_the_pages_it_rendered(tmp_path: Path) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    build_project(config, project, now=NOW)
    before = bucket_files(tmp_path)
    changed = with_article(project, body=project.articles[0].body + "\nOne more line.\n")
    assert build_project(config, changed, now=NOW).rendered == ("post/index.html",)
    after = bucket_files(tmp_path)
    rewritten = {name for name in after if after[name] != before.get(name)}
    assert any(name.endswith("-head.pickle") for name in rewritten)
    pages = {bucket_of(page) for page in ("index.html", "404.html",
                                          "roles/llm-engineer/index.html")}
    post = bucket_of("post/index.html")
    assert any(name.endswith(post) for name in rewritten)
    assert not any(name.endswith(bucket) for name in rewritten for bucket in pages - {post})


def test_an_unreadable_bucket_costs_its_pages_only(tmp_path: Path) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    build_project(config, project, now=NOW)
    for path in (tmp_path / FOLDER).glob(f"pages-*{bucket_of('404.html')}"):
        path.write_bytes(b"\x80\x05garbage")
    rendered = build_project(config, replace(project), now=NOW).rendered
    assert "404.html" in rendered and "post/index.html" not in rendered


def test_pages_are_kept_without_their_untraced_findings_which_are_read_on_demand(
        tmp_path: Path) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    built = build_project(config, project, now=NOW)
    # Stored before the swap: the build holds no untraced findings from there on.
    assert all(page.lint.findings is None for page in built.pages)
    snapshot = store.load_snapshot(config.root, config.output_path, code_stamp(config))
    assert set(snapshot.pages) == {page.path.file for page in built.pages}
    assert all(page.lint.findings is None for page in snapshot.pages.values())
    files, settings = SiteFiles(config), PageLintSettings.of(config)
    for name in snapshot.pages:
        html = (config.output_path / name).read_text(encoding="utf-8")
        assert snapshot.untraced(name) == lint_page(files, name, html, settings).findings
    assert any(snapshot.untraced(name) for name in snapshot.pages)
    assert snapshot.untraced("no/such/page.html") is None


def test_unreadable_untraced_findings_are_made_again_from_the_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config, project = make_config(tmp_path), make_project(tmp_path)
    first = build_project(config, project, now=NOW)
    for path in (tmp_path / FOLDER).glob("pages-*-[0-9][0-9].pickle"):
        with path.open("rb") as file:
            pickle.load(file)
            path.write_bytes(path.read_bytes()[:file.tell()] + b"\x80\x05garbage")
    monkeypatch.setattr(Tracer, "still_valid", lambda *_: False)  # every page traced again
    again = build_project(config, replace(project), now=NOW)
    assert again.rendered == ()
    assert again.findings == first.findings
    assert first.findings
