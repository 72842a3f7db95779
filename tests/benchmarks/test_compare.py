"""compare.py: the ratio and target arithmetic on fixed figures, and a tiny real run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.compare import Task, main, measure, peer_command, tree_pss_mib, tree_rss_mib
from benchmarks.report import Measurement

from benchmarks import report

FIGURES = [
    Measurement(report.COLD_BUILD, "ok", 30.0, 350.0, 300.0),
    Measurement(report.NOOP_BUILD, "ok", 1.5, 120.0, 110.0),
    Measurement(report.POST_EDIT_BUILD, "ok", 1.2, 130.0, 125.0),
    # RSS counts the pages forked workers share once per process; PSS counts them once
    Measurement(report.RECORD_EDIT_BUILD, "ok", 1.4, 900.0, 420.0),
    Measurement(report.CHECK, "ok", 50.0, 200.0, 150.0),
    Measurement(report.PELICAN, "ok", 100.0, 500.0, 480.0),
    Measurement(report.MKDOCS, "ok", 120.0, 300.0, 290.0),
    Measurement(report.HUGO, report.NOT_INSTALLED),
    Measurement(report.MARKDOWNLINT, "failed: exit 2: boom", 3.0, 80.0, 75.0),
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
        "copydesk peak memory <= 400 MiB": False,  # 420 MiB PSS in the record-edit rebuild
    }


def test_the_table_shows_every_task_ratio_and_target() -> None:
    table = report.format_table(FIGURES, posts=10_000)
    rows = {line[:46].rstrip(): line[46:].split() for line in table.splitlines()}
    assert rows[report.COLD_BUILD] == ["30.00", "350", "300", "ok"]
    assert rows[report.HUGO] == ["-", "-", "-", "not", "installed"]
    assert "(420 MiB PSS)" in table
    assert f"{report.COLD_BUILD} / {report.PELICAN}: 0.30" in table
    assert f"{report.COLD_BUILD} / {report.HUGO}: -" in table
    assert "[MISSED] copydesk build (1 post edited) < 1 s (1.20 s)" in table
    assert "[unknown] copydesk check <= 0.5 x markdownlint-cli2" in table
    assert "N = 10,000" in table


def test_the_markdown_table_puts_each_ratio_on_the_peer_row() -> None:
    rows = report.format_markdown(FIGURES).splitlines()
    assert rows[0] == "| task | wall s | peak RSS MiB | peak PSS MiB | copydesk / this |"
    assert "| copydesk build (cold) | 30.0 | 350 | 300 |  |" in rows
    assert "| pelican | 100.0 | 500 | 480 | 0.30 |" in rows
    assert "| mkdocs build | 120.0 | 300 | 290 | 0.25 |" in rows
    assert "| hugo (not installed) | - | - | - | - |" in rows
    assert "| markdownlint-cli2 (failed: exit 2: boom) | 3.0 | 80 | 75 | - |" in rows


def test_a_task_starts_after_its_preparation_and_a_sync(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    marker = tmp_path / "ran"  # made by the task
    monkeypatch.setattr("benchmarks.compare.os.sync", lambda: order.append(
        "sync after the task" if marker.exists() else "sync"))
    task = Task("t", [sys.executable, "-c", f"open({str(marker)!r}, 'w').close()"], tmp_path,
                prepare=lambda: order.append("prepare"))
    measured = measure(task, tmp_path / "t.log")
    assert measured.status == "ok" and marker.exists()
    assert order == ["prepare", "sync"]


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
            assert 10 < measurement["peak_pss_mib"] <= measurement["peak_mib"] + 1
    assert "not installed" in table
    edited = tmp_path / "work" / "corpus" / "copydesk" / "content" / "data" / "statistics.yaml"
    assert "value: 12.5" in edited.read_text(encoding="utf-8")


def test_pss_counts_pages_a_forked_child_shares_once() -> None:
    """RSS counts 64 MiB shared by parent and child twice; PSS once."""
    script = ("import os, sys, time\n"
              "block = bytearray(64 * 2**20)\n"
              "block[::4096] = b'x' * len(block[::4096])\n"  # touch every page
              "child = os.fork()\n"
              "os.write(1, b'ready')\n"  # one write each: the two never interleave
              "time.sleep(30)\n")
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        assert process.stdout.read(10) == "readyready"  # parent and child both exist
        rss, pss = tree_rss_mib(process.pid), tree_pss_mib(process.pid)
    finally:
        process.kill()
        process.wait()
    assert rss > 128, (rss, pss)
    assert 64 < pss < rss - 48, (rss, pss)
