"""Projects and helpers the reliability tests share: a big project, a site snapshot, a runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from copydesk.site.init import init_project

ARTICLE = """---
title: "Hiring note {index}: what machine learning teams pay for"
description: "Note {index} of the series: which machine learning roles teams hire, and why."
date: 2026-01-{day:02d}
author: matthew-ferdenzi
---
{body}
"""
PARAGRAPH = ("Teams that ship models need engineers who can run them. Note {index} looks at "
             "how hiring managers weigh platform skills against research depth. ")


def big_project(root: Path, articles: int) -> Path:
    """The example project plus ``articles`` generated posts."""
    init_project(root)
    # One cheap rule: these tests are about writing the site, and the machine is shared.
    config = root / "copydesk.toml"
    config.write_text('select = ["CD101"]\n' + config.read_text(encoding="utf-8"),
                      encoding="utf-8")
    folder = root / "content" / "articles"
    for index in range(articles):
        body = "\n\n".join(PARAGRAPH.format(index=index) * 3 for _ in range(6))
        text = ARTICLE.format(index=index, day=index % 28 + 1, body=body)
        (folder / f"hiring-note-{index:04d}.md").write_text(text, encoding="utf-8")
    return root


def revise(root: Path, revision: str) -> None:
    """Change every generated article's body so a rebuild rewrites every page."""
    for path in sorted((root / "content" / "articles").glob("hiring-note-*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Teams that ship", f"{revision} Teams that ship", 1),
                        encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def copydesk_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "copydesk", *arguments]


def run_copydesk(*arguments: str, cwd: Path | None = None,
                 timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(copydesk_command(*arguments), cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=quiet_env(), check=False)


def quiet_env() -> dict[str, str]:
    """The environment for a copydesk subprocess: no colour, no progress bars."""
    return {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
