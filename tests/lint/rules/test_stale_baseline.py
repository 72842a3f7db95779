"""CD903 stale-baseline-entry: examples checked against a baseline recorded from ORIGINAL.

Like CD901, CD903 is reported by a step outside the rule (the baseline), so its table
is run here: each text replaces ORIGINAL after the baseline was recorded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.config import Config
from copydesk.lint.baseline import apply_baseline, load_baseline, record_baseline
from copydesk.lint.finding import Finding
from copydesk.lint.runner import check_paths
from tests.lint.rules.helpers import RuleExamples

ORIGINAL = "Growth hit [Insert %] last year.\n"

EXAMPLES: dict[str, RuleExamples] = {
    "CD903": RuleExamples(
        own_runner=True,
        failing=(
            "Growth hit 40% last year, per the 2026 survey.\n",
            "Growth was strong last year.\n",
        ),
        passing=(
            ORIGINAL,
            "An introduction.\n\nAnother paragraph.\n\nGrowth hit [Insert %] last year.\n",
            "Growth hit [INSERT  %] last year.\n",
        ),
    ),
}


def stale_after(text: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    monkeypatch.chdir(folder)
    post, config = Path("post.md"), Config(root=folder, source=None)
    post.write_text(ORIGINAL, encoding="utf-8")
    record_baseline(Path("baseline.json"), check_paths([post], config, select=["CD1", "CD9"]))
    post.write_text(text, encoding="utf-8")
    result = check_paths([post], config, select=["CD1", "CD9"])
    applied = apply_baseline(result, load_baseline(Path("baseline.json")))
    return [finding for finding in applied.findings if finding.code == "CD903"]


@pytest.mark.parametrize("text", EXAMPLES["CD903"].failing)
def test_stale_entry_is_reported(text: str, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    stale = stale_after(text, tmp_path, monkeypatch)
    assert [(f.path, f.line, f.severity.value) for f in stale] == [("baseline.json", 5, "info")]
    assert "'[insert %]' in post.md" in stale[0].message


@pytest.mark.parametrize("text", EXAMPLES["CD903"].passing)
def test_matching_entry_is_not_stale(text: str, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert stale_after(text, tmp_path, monkeypatch) == []
