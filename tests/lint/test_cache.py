"""The lint cache: a cached run gives exactly the uncached result, and skips unchanged files."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import copydesk.lint.batch
from copydesk.cli import main
from copydesk.config import load_config
from copydesk.lint import cache as cache_module
from copydesk.lint.cache import FOLDER, FORMAT
from copydesk.lint.runner import CheckResult, check_paths

CONFIG = """\
[per-file-ignores]
"content/quiet.md" = ["CD101"]
"""
FILES = {
    "content/a.md": "---\ntitle: A\nkeyphrase: ml roles\n---\n# A\n\n"
                    "A share of [Insert %] of firms hire.\n\n"
                    "<!-- copydesk: ignore CD201 -->\nAbout 65% of teams grow.\n\n"
                    "<!-- copydesk: ignore CD104 -->\nNothing to ignore here.\n",
    "content/b.md": "---\ntitle: B\nkeyphrase: ml roles\n---\n# B\n\nIt is TODO.\n",
    "content/quiet.md": "# Quiet\n\nA share of [Insert %] of firms hire.\n",
    "content/index.html": "<html><head><title>P</title></head><body><h1>P</h1>"
                         "<p>Read <a href=\"missing.html\">this</a> about 30% of firms.</p>"
                         "</body></html>\n",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "copydesk.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def linted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The paths of the documents actually linted (not answered from the cache)."""
    seen: list[str] = []
    original = copydesk.lint.batch.lint_document

    def counting(document, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(document.path)
        return original(document, *args, **kwargs)

    monkeypatch.setattr(copydesk.lint.batch, "lint_document", counting)
    yield seen


def run(project: Path, cache: bool = True, **options: object) -> CheckResult:
    return check_paths([Path("content")], load_config(project), cache=cache, jobs=1,
                       **options)  # type: ignore[arg-type]


def entries(project: Path) -> list[Path]:
    folder = project / FOLDER / f"v{FORMAT}"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_a_cached_run_gives_the_uncached_result_and_lints_nothing(
        project: Path, linted: list[str]) -> None:
    uncached = run(project, cache=False)
    codes = {finding.code for finding in uncached.findings}
    # suppressions, an unused one, per-file ignores and a site-wide rule all show
    assert {"CD101", "CD103", "CD690", "CD801", "CD901"} <= codes
    assert not any(f.code == "CD201" and f.line == 10 for f in uncached.findings)
    assert not any(f.code == "CD101" and f.path.endswith("quiet.md") for f in uncached.findings)
    assert entries(project) == []  # an uncached run writes no cache
    cold, warm = run(project), run(project)
    assert cold == warm == uncached
    assert len(entries(project)) == 4
    names = [f"content/{name}" for name in ("a.md", "b.md", "index.html", "quiet.md")]
    assert sorted(linted) == sorted(names * 2)  # the uncached run and the cold one


def test_an_edited_file_alone_is_linted_again(project: Path, linted: list[str]) -> None:
    run(project)
    linted.clear()
    (project / "content/b.md").write_text("---\ntitle: B\n---\n# B\n\nDone.\n", encoding="utf-8")
    result = run(project)
    assert linted == ["content/b.md"]
    assert result == run(project, cache=False)
    assert not any(f.path == "content/b.md" and f.code == "CD103" for f in result.findings)


def test_other_rules_or_settings_never_reuse_an_entry(project: Path, linted: list[str]) -> None:
    run(project)
    linted.clear()
    narrowed = run(project, select=["CD1"])
    assert len(linted) == 4
    assert {f.code[:3] for f in narrowed.findings} == {"CD1"}
    linted.clear()
    (project / "copydesk.toml").write_text(CONFIG + '\n[severity]\nCD101 = "info"\n',
                                           encoding="utf-8")
    overridden = run(project)
    assert len(linted) == 4
    assert {f.severity for f in overridden.findings if f.code == "CD101"} == {"info"}


def test_a_corrupt_entry_is_ignored_and_replaced(project: Path, linted: list[str]) -> None:
    expected = run(project)
    for entry in entries(project):
        entry.write_bytes(b"not a pickle")
    linted.clear()
    assert run(project) == expected
    assert len(linted) == 4
    linted.clear()
    assert run(project) == expected
    assert linted == []


def test_stale_entries_are_pruned_and_the_cache_is_bounded(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(project)
    folder = project / FOLDER / f"v{FORMAT}"
    old = folder / ("0" * 40)
    old.write_bytes(b"")
    long_ago = os.stat(old).st_mtime - cache_module.STALE_AFTER - 60
    os.utime(old, (long_ago, long_ago))
    recent = [folder / f"{index:040d}" for index in range(1, 4)]
    for path in recent:
        path.write_bytes(b"")
    run(project)
    assert not old.exists() and all(path.exists() for path in recent)
    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 5)
    run(project)
    left = entries(project)
    assert len(left) == 5 and sum(path in left for path in recent) == 1


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=project, check=True, capture_output=True)


def test_baseline_and_diff_give_the_same_report_from_the_cache(project: Path) -> None:
    cli = CliRunner()
    git(project, "init", "-q")
    git(project, "add", "content", "copydesk.toml")
    git(project, "commit", "-q", "-m", "start")
    baseline = ["--baseline", "baseline.json"]
    recorded = cli.invoke(main, ["check", "content", *baseline, "--update-baseline"])
    assert recorded.exit_code == 0, recorded.output
    with (project / "content/b.md").open("a", encoding="utf-8") as stream:
        stream.write("\nAnother [Insert %] slipped in.\n")
    for options in (baseline, ["--diff", "HEAD"], [*baseline, "--diff", "HEAD"]):
        fresh = cli.invoke(main, ["check", "content", "--no-cache", "--format", "json", *options])
        cold = cli.invoke(main, ["check", "content", "--format", "json", *options])
        warm = cli.invoke(main, ["check", "content", "--format", "json", *options])
        assert fresh.output == cold.output == warm.output
        assert fresh.exit_code == cold.exit_code == warm.exit_code == 1
        assert '"path": "content/b.md",\n    "line": 9,' in fresh.output  # the new line
        assert '"CD103"' not in fresh.output  # recorded in the baseline, and unchanged


def test_the_code_stamp_names_every_module_by_its_path_size_and_time(tmp_path: Path) -> None:
    for name in ("__init__.py", "lint/rules/claims.py", "lint/notes.txt", "site/build.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n", encoding="utf-8")
    stamps = sorted(cache_module._py_stamps(str(tmp_path), ""))
    assert [stamp.split(":")[0] for stamp in stamps] == [
        "__init__.py", "lint/rules/claims.py", "site/build.py"]
    module = tmp_path / "lint/rules/claims.py"
    status = module.stat()
    assert f"lint/rules/claims.py:{status.st_size}:{status.st_mtime_ns}" in stamps
    os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    assert sorted(cache_module._py_stamps(str(tmp_path), "")) != stamps
