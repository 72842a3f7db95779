"""``copydesk check --baseline FILE [--update-baseline]`` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from copydesk.cli import main

PLACEHOLDER = "A share of [Insert %] of firms hire.\n"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "copydesk.toml").write_text("", encoding="utf-8")
    (tmp_path / "post.md").write_text(PLACEHOLDER, encoding="utf-8")
    return tmp_path


def check(*arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--select", "CD1,CD9", "post.md", *arguments])
    return result.exit_code, result.stdout, result.stderr


def test_update_then_check_passes_until_a_new_finding(project: Path) -> None:
    code, _, err = check("--baseline", "baseline.json", "--update-baseline")
    assert code == 0 and "baseline.json written: 1 entries" in err
    entries = json.loads((project / "baseline.json").read_text(encoding="utf-8"))["entries"]
    assert entries == [{"path": "post.md", "code": "CD101", "occurrence": 0,
                        "text": "[insert %]"}]
    assert check("--baseline", "baseline.json")[:2] == (0, "No findings in 1 file.\n")
    (project / "post.md").write_text("Intro.\n\n" + PLACEHOLDER + "\n[TBD] soon.\n",
                                     encoding="utf-8")
    code, out, _ = check("--baseline", "baseline.json")
    assert code == 1 and "post.md:5:1: CD101" in out and ":3:" not in out


def test_stale_entry_is_info_and_does_not_fail(project: Path) -> None:
    check("--baseline", "baseline.json", "--update-baseline")
    (project / "post.md").write_text("A share of 40% of firms hire.\n", encoding="utf-8")
    code, out, _ = check("--baseline", "baseline.json")
    assert code == 0 and "baseline.json:5:1: CD903 [info] stale baseline entry" in out


def test_malformed_baseline_exits_2_with_file_line_and_hint(project: Path) -> None:
    (project / "baseline.json").write_text('{"version": 1,\n "entries": [}\n', encoding="utf-8")
    code, _, err = check("--baseline", "baseline.json")
    assert code == 2
    assert "error: baseline.json:2:14: baseline is not valid JSON" in err and "hint:" in err


def test_missing_baseline_exits_2(project: Path) -> None:
    code, _, err = check("--baseline", "missing.json")
    assert code == 2 and "missing.json: baseline file not found" in err


@pytest.mark.parametrize("arguments", [
    ("--update-baseline",),
    ("--update-baseline", "--baseline", "b.json", "--diff", "HEAD"),
])
def test_update_baseline_misuse_exits_2(project: Path, arguments: tuple[str, ...]) -> None:
    code, _, err = check(*arguments)
    assert code == 2 and "--update-baseline needs --baseline FILE" in err
    assert not (project / "b.json").exists()
