"""compare.py: the ratio and target arithmetic on fixed figures, and a tiny real run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.compare import main, peer_command
from benchmarks.report import Measurement

from benchmarks import report

FIGURES = [
    Measurement(report.COLD_BUILD, "ok", 30.0, 350.0),
    Measurement(report.NOOP_BUILD, "ok", 1.5, 120.0),
    Measurement(report.POST_EDIT_BUILD, "ok", 1.2, 130.0),
    Measurement(report.RECORD_EDIT_BUILD, "ok", 1.4, 420.0),
    Measurement(report.CHECK, "ok", 50.0, 200.0),
    Measurement(report.PELICAN, "ok", 100.0, 500.0),
    Measurement(report.MKDOCS, "ok", 120.0, 300.0),
    Measurement(report.HUGO, report.NOT_INSTALLED),
    Measurement(report.MARKDOWNLINT, "failed: exit 2: boom", 3.0, 80.0),
]


def test_ratios_divide_copydesk_by_the_peer_and_skip_missing_figures() -> None:
    found = {(r.copydesk, r.peer): r.value for r in report.ratios(FIGURES)}
    assert found[(report.COLD_BUILD, report.PELICAN)] == pytest.approx(0.3)
    assert found[(report.COLD_BUILD, report.MKDOCS)] == pytest.approx(0.25)
    assert found[(report.COLD_BUILD, report.HUGO)] is None
    assert found[(report.CHECK, report.MARKDOWNLINT)] is None  # a failed run has no figure


def test_targets_are_met_missed_or_unknown() -> None:
    verdicts = {t.description: t.met for t in report.targets(FIGURES)}
    assert verdicts == {
        f"{report.COLD_BUILD} <= 0.4 x {report.PELICAN}": True,
        f"{report.CHECK} <= 0.5 x {report.MARKDOWNLINT}": None,
        f"{report.NOOP_BUILD} < 2 s": True,
        f"{report.POST_EDIT_BUILD} < 1 s": False,
        f"{report.RECORD_EDIT_BUILD} < 1.5 s": True,
        "copydesk peak memory <= 400 MiB": False,  # 420 MiB in the record-edit rebuild
    }


def test_the_table_shows_every_task_ratio_and_target() -> None:
    table = report.format_table(FIGURES, posts=10_000)
    rows = {line[:46].rstrip(): line[46:].split() for line in table.splitlines()}
    assert rows[report.COLD_BUILD] == ["30.00", "350", "ok"]
    assert rows[report.HUGO] == ["-", "-", "not", "installed"]
    assert f"{report.COLD_BUILD} / {report.PELICAN}: 0.30" in table
    assert f"{report.COLD_BUILD} / {report.HUGO}: -" in table
    assert "[MISSED] copydesk build (1 post edited) < 1 s (1.20 s)" in table
    assert "[unknown] copydesk check <= 0.5 x markdownlint-cli2" in table
    assert "N = 10,000" in table


def test_the_markdown_table_puts_each_ratio_on_the_peer_row() -> None:
    rows = report.format_markdown(FIGURES).splitlines()
    assert rows[0] == "| task | wall s | peak MiB | copydesk / this |"
    assert "| copydesk build (cold) | 30.0 | 350 |  |" in rows
    assert "| pelican | 100.0 | 500 | 0.30 |" in rows
    assert "| mkdocs build | 120.0 | 300 | 0.25 |" in rows
    assert "| hugo (not installed) | - | - | - |" in rows
    assert "| markdownlint-cli2 (failed: exit 2: boom) | 3.0 | 80 | - |" in rows


def test_a_peer_is_found_in_a_given_folder_before_path(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    assert peer_command("pelican", [tmp_path], "content") is None
    tool = tmp_path / "pelican"
    tool.write_text("#!/bin/sh\n", encoding="utf-8")
    tool.chmod(0o755)
    assert peer_command("pelican", [tmp_path], "content") == [str(tool), "content"]


def test_a_tiny_run_without_peers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no peer can be found
    figures = tmp_path / "figures.json"
    assert main(["--posts", "5", "--work", str(tmp_path / "work"), "--json", str(figures)]) == 0
    table = capsys.readouterr().out
    saved = json.loads(figures.read_text(encoding="utf-8"))
    statuses = {m["task"]: m["status"] for m in saved["measurements"]}
    assert {statuses[task] for task in report.COPYDESK_TASKS} == {"ok"}
    peers = (report.PELICAN, report.MKDOCS, report.HUGO, report.MARKDOWNLINT)
    assert {statuses[peer] for peer in peers} == {report.NOT_INSTALLED}
    for measurement in saved["measurements"]:
        if measurement["status"] == "ok":
            assert measurement["wall_s"] > 0 and measurement["peak_mib"] > 10
    assert "not installed" in table
    edited = tmp_path / "work" / "corpus" / "copydesk" / "content" / "data" / "statistics.yaml"
    assert "value: 12.5" in edited.read_text(encoding="utf-8")
