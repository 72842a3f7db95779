"""``copydesk check --fix`` and ``--fix --dry-run`` through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from copydesk.cli import main

DOUBLED = "We hire the the best  people in town.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "copydesk.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    path = tmp_path / "post.md"
    path.write_text(DOUBLED, encoding="utf-8")
    return path


def test_dry_run_prints_the_diff_and_changes_nothing(post: Path) -> None:
    before = post.read_bytes()
    code, out, err = run("check", "--select", "CD5", "--fix", "--dry-run", "post.md")
    assert post.read_bytes() == before
    assert out == ("--- a/post.md\n+++ b/post.md\n@@ -1 +1 @@\n"
                   "-We hire the the best  people in town.\n"
                   "+We hire the best people in town.\n")
    assert err == "Would fix 2 findings in 1 file.\n"
    assert code == 0  # as if applied: nothing would remain


def test_dry_run_fails_when_findings_would_remain(post: Path) -> None:
    post.write_text(DOUBLED + "\nA share of [Insert %] of firms hire.\n", encoding="utf-8")
    code, out, _ = run("check", "--select", "CD1,CD5", "--fix", "--dry-run", "post.md")
    assert code == 1
    assert out.startswith("--- a/post.md")


def test_fix_rewrites_the_file_and_reports_what_remains(post: Path) -> None:
    post.write_text(DOUBLED + "\nA share of [Insert %] of firms hire.\n", encoding="utf-8")
    code, out, err = run("check", "--select", "CD1,CD5", "--fix", "post.md")
    assert post.read_text(encoding="utf-8") == (
        "We hire the best people in town.\n\nA share of [Insert %] of firms hire.\n")
    assert "Fixed 2 findings in 1 file." in err
    assert "CD101" in out and "CD504" not in out and "CD508" not in out
    assert code == 1


def test_second_fix_run_changes_nothing(post: Path) -> None:
    assert run("check", "--select", "CD5", "--fix", "post.md")[0] == 0
    fixed = post.read_bytes()
    code, out, err = run("check", "--select", "CD5", "--fix", "post.md")
    assert (code, post.read_bytes()) == (0, fixed)
    assert err == "Nothing to fix.\n"
    assert out == "No findings in 1 file.\n"


def test_overlap_is_reported_on_stderr(post: Path) -> None:
    post.write_text("We hire the  the best people in town.\n", encoding="utf-8")
    _, _, err = run("check", "--select", "CD5", "--fix", "post.md")
    assert "post.md:1:9: skipped overlapping fix for CD504 (delete the second 'the')" in err


def test_dry_run_without_fix_is_a_usage_error(post: Path) -> None:
    code, _, err = run("check", "--dry-run", "post.md")
    assert code == 2
    assert "--dry-run only goes with --fix" in err
