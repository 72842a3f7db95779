"""The pre-commit hook, run for real: ``pre-commit try-repo`` against a temporary git repo.

pre-commit installs copydesk into an environment of its own from a clone of this
repository's last commit (a clone, so work in progress in the work tree cannot break it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A clone of this repository's HEAD and a PRE_COMMIT_HOME shared by the tests."""
    base = tmp_path_factory.mktemp("pre-commit")
    top = Path(_git("rev-parse", "--show-toplevel", cwd=ROOT))
    clone = base / "copydesk"
    _git("clone", "--quiet", str(top), str(clone), cwd=base)
    yield clone, base / "home"
    shutil.rmtree(base, ignore_errors=True)


def _try_repo(hooks_repo: tuple[Path, Path], tmp_path: Path,
              files: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clone, home = hooks_repo
    project = tmp_path / "blog"
    project.mkdir()
    _git("init", "--quiet", cwd=project)
    for name, text in files.items():
        (project / name).write_text(text, encoding="utf-8")
    _git("add", *files, cwd=project)
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    return subprocess.run([str(PRE_COMMIT), "try-repo", str(clone), "copydesk", "--files",
                           *files], cwd=project, env=env, capture_output=True, text=True,
                          timeout=600)


def test_a_placeholder_fails_the_hook(hooks_repo: tuple[Path, Path], tmp_path: Path) -> None:
    run = _try_repo(hooks_repo, tmp_path, {
        "post.md": "# Salaries\n\nThe median salary rose by [Insert %] in 2025.\n",
        "page.html": "<p>Pay rose by [Insert %] in 2025.</p>\n",
        "notes.txt": "[Insert %] is fine here: the hook is for Markdown and HTML only.\n"})
    assert run.returncode == 1, run.stdout + run.stderr
    assert "copydesk" in run.stdout and "Failed" in run.stdout
    assert "post.md:3:27: CD101 [error] '[Insert %]' is an unfilled placeholder" in run.stdout
    assert "page.html:1:16: CD101 [error]" in run.stdout
    assert "notes.txt" not in run.stdout


def test_a_clean_file_passes_the_hook(hooks_repo: tuple[Path, Path], tmp_path: Path) -> None:
    run = _try_repo(hooks_repo, tmp_path, {
        "post.md": "# Salaries\n\nThe median salary rose in 2025, as the survey below "
                   "explains.\n"})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout
