"""Tracer: source paths are joined as strings, as pathlib would write them."""

from __future__ import annotations

from pathlib import Path

from copydesk.config import load_config
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
