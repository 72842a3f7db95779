"""rules.py: every selected rule gets a row, the hits of each rule are counted once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from benchmarks.rules import FINDINGS_ROW, main, read_corpus, time_rules

from copydesk.config import Thresholds
from copydesk.lint.registry import select_rules
from copydesk.lint.rule import RuleContext

POST = "---\ntitle: Hiring in 2026\n---\n\n# Hiring in 2026\n\nAbout [Insert %] of teams hire.\n"


def test_every_rule_is_timed_over_every_document(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(POST, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub/b.html").write_text("<html><body><p>Hi.</p></body></html>",
                                         encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not read", encoding="utf-8")
    documents, parse_seconds = read_corpus(tmp_path)
    assert [document.path for document in documents] == ["a.md", "sub/b.html"]
    assert parse_seconds >= 0
    rules = select_rules(["CD1", "CD4"], [])
    spent = time_rules(documents, rules, RuleContext(Thresholds(), date(2026, 11, 25)))
    assert list(spent) == [*(f"{rule.code} {rule.name}" for rule in rules), FINDINGS_ROW]
    assert all(seconds >= 0 for seconds in spent.values())


def test_main_prints_the_slowest_rules_and_the_total(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text(POST, encoding="utf-8")
    assert main([str(tmp_path), "--select", "CD1", "--top", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "1 files, 6 rules; CPU ms per file"
    assert all(" CD1" in line or FINDINGS_ROW in line for line in lines[1:3])
    assert "total (rules + findings)" in lines[3]
    assert "parse (read_document)" in lines[4]


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([str(tmp_path)])
    assert stopped.value.code == 2
