"""The baseline: fingerprints that survive edits, new findings, updates, stale entries, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copydesk.config import Config
from copydesk.errors import BaselineError
from copydesk.lint.baseline import (
    Baseline,
    apply_baseline,
    dump_baseline,
    fingerprints,
    load_baseline,
    record_baseline,
    span_text,
)
from copydesk.lint.finding import Finding, Severity
from copydesk.lint.runner import CheckResult, check_paths

PLACEHOLDER = "Growth hit [Insert %] last year.\n"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*names: str) -> CheckResult:
    return check_paths([Path(name) for name in names], Config(root=Path.cwd(), source=None),
                       select=["CD1", "CD9"])


def write(name: str, text: str) -> None:
    Path(name).write_text(text, encoding="utf-8")


def test_finding_keeps_matching_after_lines_are_inserted_above(project: Path) -> None:
    write("post.md", PLACEHOLDER)
    record_baseline(Path("baseline.json"), check("post.md"))
    write("post.md", "# A new title\n\nA new first paragraph.\n\n" + PLACEHOLDER)
    result = check("post.md")
    assert [f.line for f in result.findings if f.code == "CD101"] == [5]
    assert apply_baseline(result, load_baseline(Path("baseline.json"))).findings == ()


def test_a_new_finding_is_reported(project: Path) -> None:
    write("post.md", PLACEHOLDER)
    record_baseline(Path("baseline.json"), check("post.md"))
    write("post.md", PLACEHOLDER + "\nHiring grew [TBD] this year.\n")
    kept = apply_baseline(check("post.md"), load_baseline(Path("baseline.json"))).findings
    assert [(f.code, f.line) for f in kept] == [("CD101", 3)]


def test_identical_findings_are_counted_by_occurrence(project: Path) -> None:
    write("post.md", PLACEHOLDER + "\n" + PLACEHOLDER)
    baseline = record_baseline(Path("baseline.json"), check("post.md"))
    assert [(e.text, e.occurrence) for e in baseline.entries] == [
        ("[insert %]", 0), ("[insert %]", 1)]
    write("post.md", PLACEHOLDER + "\n" + PLACEHOLDER + "\n" + PLACEHOLDER)
    kept = apply_baseline(check("post.md"), load_baseline(Path("baseline.json"))).findings
    assert [(f.code, f.line) for f in kept] == [("CD101", 5)]


def test_update_drops_fixed_findings_and_keeps_unchecked_files(project: Path) -> None:
    write("post.md", PLACEHOLDER + "\nHiring grew [TBD] this year.\n")
    write("other.md", PLACEHOLDER)
    record_baseline(Path("baseline.json"), check("post.md", "other.md"))
    write("post.md", PLACEHOLDER + "\nHiring grew 4% this year.\n")
    updated = record_baseline(Path("baseline.json"), check("post.md"))
    assert [(e.path, e.text) for e in updated.entries] == [
        ("other.md", "[insert %]"), ("post.md", "[insert %]")]
    assert load_baseline(Path("baseline.json")).entries == updated.entries


def test_entries_of_a_deleted_file_are_stale_then_dropped(project: Path) -> None:
    write("post.md", PLACEHOLDER)
    write("gone.md", PLACEHOLDER)
    record_baseline(Path("baseline.json"), check("post.md", "gone.md"))
    Path("gone.md").unlink()
    result = apply_baseline(check("post.md"), load_baseline(Path("baseline.json")))
    assert [(f.code, f.severity, f.line) for f in result.findings] == [
        ("CD903", Severity.INFO, 5)]
    assert "in gone.md" in result.findings[0].message
    updated = record_baseline(Path("baseline.json"), check("post.md"))
    assert [e.path for e in updated.entries] == ["post.md"]


def test_stale_entries_need_cd903_selected(project: Path) -> None:
    write("post.md", PLACEHOLDER)
    record_baseline(Path("baseline.json"), check("post.md"))
    write("post.md", "Fixed.\n")
    result = check_paths([Path("post.md")], Config(root=project, source=None), select=["CD1"])
    assert apply_baseline(result, load_baseline(Path("baseline.json"))).findings == ()


def test_file_is_sorted_stable_one_entry_per_line(project: Path) -> None:
    write("b.md", PLACEHOLDER)
    write("a.md", "Hiring grew [TBD] and   [Insert   %] this year.\n")
    record_baseline(Path("baseline.json"), check("b.md", "a.md"))
    first = Path("baseline.json").read_text(encoding="utf-8")
    record_baseline(Path("baseline.json"), check("a.md", "b.md"))
    assert Path("baseline.json").read_text(encoding="utf-8") == first
    lines = first.splitlines()
    assert lines[:4] == ["{", '  "version": 1,', '  "tool": "copydesk",', '  "entries": [']
    rows = [json.loads(line.strip().rstrip(",")) for line in lines[4:-2]]
    assert [(row["path"], row["text"]) for row in rows] == [
        ("a.md", "[insert %]"), ("a.md", "[tbd]"), ("b.md", "[insert %]")]


def test_empty_baseline_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(dump_baseline(Baseline(path)), encoding="utf-8")
    assert load_baseline(path).entries == ()
    assert json.loads(path.read_text(encoding="utf-8"))["entries"] == []


def finding(line: int, col: int, end_line: int, end_col: int, source: str = "") -> Finding:
    return Finding("x.md", line, col, end_line, end_col, "CD101", "n", Severity.ERROR, "m",
                   source_line=source)


def test_span_text_spans_lines_and_falls_back_to_the_source_line() -> None:
    lines = ["alpha beta", "gamma delta"]
    assert span_text(finding(1, 7, 2, 6), lines) == "beta\ngamma"
    assert span_text(finding(2, 1, 2, 6), lines) == "gamma"
    assert span_text(finding(9, 3, 9, 6, "a [TBD] b"), lines) == "[TB"


def test_fingerprint_ignores_line_and_message_but_not_code(project: Path) -> None:
    write("x.md", "alpha beta\n")
    one = fingerprints([finding(1, 7, 1, 11)])[0][1]
    other = fingerprints([Finding("x.md", 1, 7, 1, 11, "CD102", "n", Severity.ERROR, "z")])
    assert (one.text, one.occurrence) == ("beta", 0)
    assert other[0][1].key != one.key


@pytest.mark.parametrize(("text", "line", "col", "message"), [
    ('{"version": 1,\n "entries": [\n', 3, 1, "not valid JSON"),
    ('{"version": 2, "entries": []}\n', 1, 0, '"version": 1'),
    ('[]\n', 1, 0, '"version": 1'),
    ('{"version": 1}\n', 1, 0, 'no "entries" list'),
    ('{\n  "version": 1,\n  "entries": [\n    {"path": "a.md", "code": "CD101", "text": "x"},\n'
     '    {"path": "a.md", "code": "CD101", "text": "y", "occurrence": -1}\n  ]\n}\n',
     5, 0, "non-negative integer"),
])
def test_malformed_baseline_names_file_and_line(tmp_path: Path, text: str, line: int, col: int,
                                                message: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError) as raised:
        load_baseline(path)
    assert raised.value.location is not None
    assert (raised.value.location.line, raised.value.location.col) == (line, col)
    assert message in raised.value.message and "--update-baseline" in raised.value.hint


def test_missing_baseline_is_an_error_unless_updating(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="not found"):
        load_baseline(tmp_path / "none.json")
    assert load_baseline(tmp_path / "none.json", missing_ok=True).entries == ()
