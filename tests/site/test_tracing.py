"""Tracer: source paths are joined as strings, as pathlib would write them."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from copydesk.config import load_config
from copydesk.errors import Location
from copydesk.site import tracing
from copydesk.site.init import init_project
from copydesk.site.tracing import Tracer


def test_source_paths_are_what_pathlib_makes_of_them(tmp_path: Path) -> None:
    project = tmp_path / "project"
    init_project(project)
    config = load_config(project)
    tracer = Tracer(config, {})
    for name in ("content/articles/a.md", "content//articles/a.md", "./content/a.md",
                 "content/./a.md", "content/../a.md", "content/", ".", "",
                 str(project / "content/data/x.yaml"), "/abs//x.yaml"):
        path = Path(name)
        assert tracer._path(name) == str(path if path.is_absolute() else config.root / path)


def test_a_pages_trace_key_takes_the_stamp_the_build_listed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild checks 10,000 pages' trace keys: a source the build's listing stamped is
    not stat'ed again; one it did not list is."""
    project = tmp_path / "project"
    init_project(project)
    config = load_config(project)
    source = "content/articles/a.md"
    page = SimpleNamespace(source=Location(source))
    listed = str(config.root / source)
    stated: list[str] = []

    def file_stamp(path: str) -> tuple[int, int]:
        stated.append(path)
        return 7, 7

    tracers = [Tracer(config, {}, stamps=stamps) for stamps in
               ({listed: (1, 2)}, {listed: (1, 3)}, {})]  # the last listed nothing
    monkeypatch.setattr(tracing, "file_stamp", file_stamp)
    keys = [tracer.key(page) for tracer in tracers]  # type: ignore[arg-type]
    assert len(set(keys)) == 3
    assert stated == [listed]
