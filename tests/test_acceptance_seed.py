"""Issue 3's acceptance list: the seed post's defects are all reported, in .txt and in .md."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.config import load_config
from copydesk.lint.finding import Finding
from copydesk.lint.runner import check_paths

FIXTURES = Path(__file__).parent / "fixtures"

# (code prefix, text the finding must cover, which occurrence of that text to use (0-based))
EXPECTED: list[tuple[str, str, int]] = [
    ("CD1", "[Insert %]", 0),
    ("CD201", "65%", 0),
    ("CD201", "135.8%", 0),
    ("CD201", "75%", 0),
    ("CD201", "30%", 0),
    ("CD201", "$220,000", 0),
    ("CD202", "our data shows", 0),
    ("CD202", "Our MLOps specialist talent market analysis consistently shows", 0),
    ("CD203", "our blog discussing semiconductor funding", 0),
    ("CD301", "2025", 0),
    ("CD404", "Our MLOps specialist talent market analysis", 0),
    ("CD501", "reviewed", 0),
    ("CD501", "at scale", 2),
    ("CD501", "in between", 0),
    ("CD502", "The Most In-Demand Machine Learning Roles in 2026", 1),
    ("CD503", "5", -1),
    ("CD505", "What are the emerging AI job titles for corporate hiring?", 1),
]


def locate(source: str, needle: str, occurrence: int) -> tuple[int, int]:
    """1-based (line, col) of the given occurrence of ``needle``; -1 = a line that is only it."""
    lines = source.splitlines()
    if occurrence == -1:
        for number, line in enumerate(lines, start=1):
            if line.strip() == needle:
                return number, line.index(needle) + 1
        raise AssertionError(f"no line that is only {needle!r}")
    hits = [(number, line.index(needle) + 1) for number, line in enumerate(lines, start=1)
            if needle in line]
    return hits[occurrence]


def covers(finding: Finding, line: int, col: int, length: int) -> bool:
    if not finding.line <= line <= finding.end_line:
        return False
    starts_before = finding.line < line or finding.col <= col + length - 1
    ends_after = finding.end_line > line or finding.end_col > col
    return starts_before and ends_after


@pytest.fixture(scope="module", params=["seed.txt", "seed.md"])
def seed(request: pytest.FixtureRequest) -> tuple[str, list[Finding]]:
    path = FIXTURES / request.param
    result = check_paths([path], load_config(FIXTURES))
    return path.read_text(encoding="utf-8"), list(result.findings)


@pytest.mark.parametrize(("code", "needle", "occurrence"), EXPECTED,
                         ids=[f"{code}:{needle[:30]}" for code, needle, _ in EXPECTED])
def test_seed_defect_is_reported(seed: tuple[str, list[Finding]], code: str, needle: str,
                                 occurrence: int) -> None:
    source, findings = seed
    line, col = locate(source, needle, occurrence)
    matching = [f for f in findings
                if f.code.startswith(code) and covers(f, line, col, len(needle))]
    nearby = [f"{f.code} {f.line}:{f.col}-{f.end_line}:{f.end_col} {f.message}"
              for f in findings if abs(f.line - line) <= 2]
    assert matching, f"no {code} finding at {line}:{col} ({needle!r}); near it: {nearby}"
