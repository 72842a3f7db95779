"""check_paths: discovery, selection, per-file ignores, severity overrides, CD902."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.config import Config, Thresholds, load_config
from copydesk.errors import LintInputError
from copydesk.lint.document import Document
from copydesk.lint.finding import Finding, Fix, Severity
from copydesk.lint.readers import read_document
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.runner import CheckResult, check_paths, finding_from_hit, lint_document
from copydesk.lint.site_rule import SiteHit

PLACEHOLDER = "A share of [Insert %] of firms hire.\n"


def project(tmp_path: Path, files: dict[str, str | bytes], config: str = "") -> Config:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (tmp_path / "copydesk.toml").write_text(config, encoding="utf-8")
    return load_config(tmp_path)


def checked(result: CheckResult) -> list[str]:
    return [Path(name).name for name in result.files]


def test_walks_folders_for_known_suffixes_and_skips_hidden_and_excluded(tmp_path: Path) -> None:
    config = project(tmp_path, {
        "content/a.md": PLACEHOLDER, "content/b.html": f"<p>{PLACEHOLDER}</p>",
        "content/sub/c.txt": PLACEHOLDER, "content/d.markdown": PLACEHOLDER,
        "content/e.htm": "<p>ok</p>", "content/notes.rst": PLACEHOLDER,
        "content/.hidden/f.md": PLACEHOLDER, "content/node_modules/g.md": PLACEHOLDER,
        "content/drafts/h.md": PLACEHOLDER, "content/skip.md": PLACEHOLDER,
    }, 'exclude = ["content/drafts/**", "skip.md"]\n')
    result = check_paths([tmp_path / "content"], config, select=["CD101"])
    assert checked(result) == ["a.md", "b.html", "d.markdown", "e.htm", "c.txt"]
    assert sorted({Path(f.path).name for f in result.findings}) == [
        "a.md", "b.html", "c.txt", "d.markdown"]


def test_no_paths_means_content_and_built_site(tmp_path: Path) -> None:
    config = project(tmp_path, {"content/a.md": PLACEHOLDER, "site/index.html": "<p>x</p>"})
    assert checked(check_paths([], config)) == ["a.md", "index.html"]


def test_no_paths_and_no_content_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(LintInputError, match="nothing to check") as caught:
        check_paths([], project(tmp_path, {}))
    assert "copydesk check PATH" in caught.value.hint


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(LintInputError, match="no such file") as caught:
        check_paths([tmp_path / "nope.md"], project(tmp_path, {}))
    assert caught.value.location is not None and "nope.md" in caught.value.location.path


def test_findings_are_sorted_by_path_line_and_column(tmp_path: Path) -> None:
    config = project(tmp_path, {"b.md": PLACEHOLDER * 2, "a.md": "x\n\n" + PLACEHOLDER})
    result = check_paths([tmp_path], config, select=["CD101"])
    keys = [(Path(f.path).name, f.line, f.col) for f in result.findings]
    assert keys == [("a.md", 3, 12), ("b.md", 1, 12), ("b.md", 2, 12)]


def test_selection_longest_prefix_wins(tmp_path: Path) -> None:
    text = "TODO: [Insert %] of firms.\n"
    config = project(tmp_path, {"a.md": text}, 'select = ["CD1"]\nignore = ["CD10"]\n')
    assert {f.code for f in check_paths([tmp_path], config).findings} == set()
    config = project(tmp_path, {"a.md": text}, 'select = ["CD101"]\nignore = ["CD1"]\n')
    assert {f.code for f in check_paths([tmp_path], config).findings} == {"CD101"}
    config = project(tmp_path, {"a.md": text})
    found = check_paths([tmp_path], config, select=["CD1"], ignore=["CD101"]).findings
    assert "CD101" not in {f.code for f in found} and "CD103" in {f.code for f in found}


def test_unknown_code_on_the_command_line_suggests_one(tmp_path: Path) -> None:
    with pytest.raises(LintInputError, match="CD1O1") as caught:
        check_paths([tmp_path], project(tmp_path, {"a.md": "x"}), select=["CD1O1"])
    assert "CD101" in caught.value.hint


def test_unknown_code_in_the_config_names_the_config_file(tmp_path: Path) -> None:
    config = project(tmp_path, {"a.md": "x"}, '[severity]\nCD10l = "info"\n')
    with pytest.raises(LintInputError, match="CD10L") as caught:
        check_paths([tmp_path], config)
    assert caught.value.location is not None
    assert caught.value.location.path.endswith("copydesk.toml")


def test_per_file_ignores(tmp_path: Path) -> None:
    config = project(tmp_path, {"legacy/a.md": PLACEHOLDER, "new/b.md": PLACEHOLDER},
                     '[per-file-ignores]\n"legacy/*.md" = ["CD1"]\n')
    result = check_paths([tmp_path], config, select=["CD101"])
    assert {Path(f.path).name for f in result.findings} == {"b.md"}


def test_severity_override_longest_prefix(tmp_path: Path) -> None:
    config = project(tmp_path, {"a.md": PLACEHOLDER},
                     '[severity]\nCD1 = "info"\nCD101 = "warning"\n')
    (finding,) = check_paths([tmp_path], config, select=["CD101"]).findings
    assert finding.severity == Severity.WARNING


def test_undecodable_file_is_cd902_with_byte_offset_and_the_run_goes_on(tmp_path: Path) -> None:
    config = project(tmp_path, {"a.md": b"Fine line.\nBad \xff byte.\n", "b.md": PLACEHOLDER})
    result = check_paths([tmp_path], config, select=["CD101", "CD902"])
    assert [(Path(f.path).name, f.code, f.line, f.col) for f in result.findings] == [
        ("a.md", "CD902", 2, 5), ("b.md", "CD101", 1, 12)]
    assert "byte offset 15" in result.findings[0].message
    assert result.findings[0].severity == Severity.ERROR


def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    config = project(tmp_path, {"a.md": ("\ufeff" + PLACEHOLDER).encode("utf-16-le")})
    (finding,) = check_paths([tmp_path], config, select=["CD101", "CD902"]).findings
    assert (finding.code, finding.line, finding.col) == ("CD101", 1, 12)


def test_bad_front_matter_is_cd902_on_its_line(tmp_path: Path) -> None:
    config = project(tmp_path, {"a.md": "---\ntitle: ok\nbad: [\n---\n\nText.\n"})
    (finding,) = check_paths([tmp_path], config, select=["CD902"]).findings
    assert finding.code == "CD902" and 2 <= finding.line <= 4
    assert "front matter" in finding.message


def test_explicit_file_with_any_suffix_is_read_as_text(tmp_path: Path) -> None:
    config = project(tmp_path, {"notes.rst": PLACEHOLDER})
    result = check_paths([tmp_path / "notes.rst"], config, select=["CD101"])
    assert [f.code for f in result.findings] == ["CD101"]


def broken(document: Document, context: RuleContext) -> Iterable[Hit]:
    """What it does
    Fails.
    """
    raise ValueError("boom")


def test_a_rule_that_raises_is_reported_not_raised() -> None:
    document = read_document("a.md", "Text.\n")
    rule = Rule("CD199", "broken-rule", Severity.WARNING, broken)
    (finding,) = lint_document(document, [rule], RuleContext(Thresholds(), date(2026, 1, 1)))
    assert (finding.code, finding.severity) == ("CD902", Severity.ERROR)
    assert "CD199" in finding.message and "ValueError: boom" in finding.message


def out_of_range(document: Document, context: RuleContext) -> Iterable[Hit]:
    """What it does
    Points past the end of the block.
    """
    yield Hit(document.blocks[0], 3, 999, "too far")
    yield Hit(None, 0, 0, "whole file", line=99)


def test_hit_positions_are_clamped_into_the_file() -> None:
    document = read_document("a.md", "Short.\n")
    rule = Rule("CD198", "too-far", Severity.INFO, out_of_range)
    findings = lint_document(document, [rule], RuleContext(Thresholds(), date(2026, 1, 1)))
    assert [(f.line, f.col, f.end_line, f.end_col) for f in findings] == [
        (1, 1, 1, 7), (1, 4, 1, 7)]


def test_result_counts_and_fail_on(tmp_path: Path) -> None:
    config = project(tmp_path, {"a.md": PLACEHOLDER}, '[severity]\nCD101 = "warning"\n')
    result = check_paths([tmp_path], config, select=["CD101"])
    assert result.count(Severity.WARNING) == 1 and result.count(Severity.ERROR) == 0
    assert result.fails(Severity.WARNING) and result.fails(Severity.INFO)
    assert not result.fails(Severity.ERROR)


def test_findings_keep_no_dict_and_travel_between_processes_intact() -> None:
    finding = Finding("a.md", 1, 2, 1, 5, "CD501", "missing-end-punctuation", Severity.INFO,
                      "m", Fix(1, 2, 1, 5, "x.", "add a full stop"), "a line")
    assert not hasattr(finding, "__dict__")  # a check holds 120,000 of them at once
    assert pickle.loads(pickle.dumps(finding)) == finding


@pytest.mark.parametrize("kind", [Finding, Fix])
def test_findings_pickle_every_field_in_order(kind: type) -> None:
    values = {Finding: Finding("a.md", 1, 2, 3, 4, "CD501", "n", Severity.INFO, "m",
                               Fix(5, 6, 7, 8, "r", "d"), "s"),
              Fix: Fix(5, 6, 7, 8, "r", "d")}[kind]
    rebuilt, arguments = values.__reduce__()
    assert rebuilt is kind
    assert arguments == tuple(getattr(values, field.name) for field in dataclasses.fields(kind))


_FINDING_FIELDS = st.tuples(
    st.text(max_size=5), st.integers(), st.integers(), st.integers(), st.integers(),
    st.text(max_size=5), st.text(max_size=5), st.sampled_from(Severity), st.text(max_size=5),
    st.none() | st.builds(Fix, st.integers(), st.integers(), st.integers(), st.integers(),
                          st.text(max_size=3), st.text(max_size=3)),
    st.text(max_size=5))


@settings(max_examples=100, deadline=None)
@given(values=_FINDING_FIELDS, given_count=st.integers(9, 11), by_name=st.booleans())
def test_a_finding_holds_every_field_as_given_and_stays_frozen(
        values: tuple[object, ...], given_count: int, by_name: bool) -> None:
    """Finding's own __init__ (not dataclass's) takes the fields in their order, by position
    or by name, with their defaults, and leaves a Finding (it fills the slots as another
    class); replace(), comparisons and a pickle work on what it set."""
    fields = dataclasses.fields(Finding)
    given_values = values[:given_count]
    named = dict(zip((field.name for field in fields), given_values, strict=False))
    finding = Finding(**named) if by_name else Finding(*given_values)  # type: ignore[arg-type]
    assert type(finding) is Finding
    expected = (*given_values, *(field.default for field in fields[given_count:]))
    assert pickle.loads(pickle.dumps(finding)) == finding
    assert tuple(getattr(finding, field.name) for field in fields) == expected
    assert dataclasses.replace(finding) == finding and hash(dataclasses.replace(finding)) == hash(
        finding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.line = 0  # type: ignore[misc]


@pytest.mark.parametrize(("kind", "values"), [
    (Hit, (None, 1, 2, "m", Fix(5, 6, 7, 8, "r", "d"), 3)),
    (SiteHit, ("a.html", 2, "m", "x")),
])
def test_hits_hold_every_field_as_given_and_stay_frozen(
        kind: type, values: tuple[object, ...]) -> None:
    """Hit's and SiteHit's own __init__ (not dataclass's) take the fields in their order,
    by position or by name, with their defaults."""
    fields = dataclasses.fields(kind)
    required = sum(field.default is dataclasses.MISSING for field in fields)
    for count in range(required, len(fields) + 1):
        given_values = values[:count]
        named = dict(zip((field.name for field in fields), given_values, strict=False))
        expected = (*given_values, *(field.default for field in fields[count:]))
        for hit in (kind(*given_values), kind(**named)):
            assert tuple(getattr(hit, field.name) for field in fields) == expected
            assert dataclasses.replace(hit) == hit and hash(dataclasses.replace(hit)) == hash(hit)
            with pytest.raises(dataclasses.FrozenInstanceError):
                hit.line = 0


def test_files_are_resolved_as_path_resolve_does_symbolic_links_included(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from copydesk.lint.runner import _Resolver

    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "a.md").write_text("A.\n", encoding="utf-8")
    (real / "sub" / "b.md").write_text("B.\n", encoding="utf-8")
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    (real / "c.md").symlink_to(real / "sub" / "b.md")
    monkeypatch.chdir(real)
    resolver = _Resolver()
    paths = [Path("a.md"), Path("sub/b.md"), Path("c.md"), Path("sub/../a.md"), Path("."),
             tmp_path / "linked" / "a.md", tmp_path / "linked" / "c.md",
             tmp_path / "linked" / "sub" / "b.md", Path("missing.md"), Path("sub/..")]
    assert [resolver(path) for path in paths] == [path.resolve() for path in paths]
    assert resolver(Path("c.md")) == real / "sub" / "b.md"  # a linked file is its target


def _finding_by_min_max(document: Document, rule: Rule, hit: Hit) -> Finding:
    """finding_from_hit as it was first written: each bound through min() and max()."""
    lines = document.lines
    last = len(lines) or 1
    block = hit.block
    if block is None:
        line = max(1, min(hit.line or 1, last))
        text = lines[line - 1] if lines else ""
        return Finding(document.path, line, 1, line, len(text) + 1, rule.code,
                       rule.name, rule.severity, hit.message, hit.fix, text)
    size = len(block.text)
    start = max(0, min(hit.start, size))
    end = max(start, min(hit.end, size))
    line, col = block.position(start)
    line = max(1, min(line, last))
    text = lines[line - 1] if lines else ""
    col = max(1, min(col, len(text) + 1))
    end_line, end_col = block.position(end - 1 if end - 1 > start else start)
    end_line = max(1, min(end_line, last))
    end_col = max(1, min(end_col, (len(lines[end_line - 1]) if lines else 0) + 1)) + 1
    if (end_line, end_col) <= (line, col):
        end_line, end_col = line, col + 1
    return Finding(document.path, line, col, end_line, end_col, rule.code, rule.name,
                   rule.severity, hit.message, hit.fix, text)


_HIT_SOURCES = st.lists(st.sampled_from([
    "# Title", "Some text with **bold** and `code`.", "- item one", "- item two", "",
    "<p>A <b>tag</b> and &amp; more</p>", "| a | b |", "|---|---|", "| 1 | 2 |", "> quote",
    "long " * 30, "é ü — 12%", "\t", "   indented",
]), min_size=0, max_size=8).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(source=_HIT_SOURCES, kind=st.sampled_from(["md", "html", "txt"]),
       which=st.integers(-1, 20), start=st.integers(-5, 400), end=st.integers(-5, 400),
       line=st.integers(-3, 30))
def test_a_hit_becomes_the_finding_min_and_max_made(source: str, kind: str, which: int,
                                                     start: int, end: int, line: int) -> None:
    """Out-of-range offsets and lines included: each bound clamps as before."""
    document = read_document(f"page.{kind}", source)
    rule = Rule("CD201", "unsourced-statistic", Severity.ERROR, lambda document, context: ())
    blocks = document.blocks
    block = blocks[which % len(blocks)] if blocks and which >= 0 else None
    hit = Hit(block, start, end, "message", line=line)
    assert finding_from_hit(document, rule, hit) == _finding_by_min_max(document, rule, hit)
