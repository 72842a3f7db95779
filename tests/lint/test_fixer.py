"""Safe autofix: exact fixes, overlaps, protected code and front matter, bytes kept."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copydesk.config import Thresholds, load_config
from copydesk.lint.finding import Finding, Fix, Severity
from copydesk.lint.fixer import FileFixes, fix_source, plan_fixes, summary, write_fixes
from copydesk.lint.readers import read_document
from copydesk.lint.registry import select_rules
from copydesk.lint.rule import RuleContext
from copydesk.lint.runner import check_paths, lint_document
from tests.lint.rules.helpers import TODAY

# Three closed paragraphs make the open one a slip for CD501.
CLOSED = ("The team reviews every CV within a day.\n\n"
          "The panel meets once a week on Fridays.\n\n"
          "Offers go out within two days of the panel.\n\n")
FIXED_CODES = ("CD501", "CD504", "CD508", "CD509")


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # findings name files relative to the working folder


def plan(path: Path, select: tuple[str, ...] = ("CD5",)) -> list[FileFixes]:
    result = check_paths([path], load_config(path.parent), select=list(select))
    return plan_fixes(result.findings)


def fix_file(path: Path, select: tuple[str, ...] = ("CD5",)) -> list[FileFixes]:
    plans = plan(path, select)
    write_fixes(plans)
    return plans


@pytest.mark.parametrize(("before", "after", "select"), [
    ("We hire the the best people in town.\n", "We hire the best people in town.\n", ("CD504",)),
    ("We hire the\nthe best people in town.\n", "We hire the best people in town.\n",
     ("CD504",)),
    ("We hire the best  people in town.\n", "We hire the best people in town.\n", ("CD508",)),
    (CLOSED + "The team answers every candidate by the end of the week\n",
     CLOSED + "The team answers every candidate by the end of the week.\n", ("CD501",)),
    ('He called it "the best hire" and didn\'t stop.\n',
     "He called it “the best hire” and didn’t stop.\n", ("CD509",)),
])
def test_each_fix_is_applied_exactly(tmp_path: Path, before: str, after: str,
                                     select: tuple[str, ...]) -> None:
    path = tmp_path / "post.md"
    path.write_text(before, encoding="utf-8")
    fix_file(path, select)
    assert path.read_text(encoding="utf-8") == after


def test_straight_quotes_are_not_fixed_unless_selected_by_code(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text('He called it "the best hire" today.\n', encoding="utf-8")
    assert plan(path, ("CD",)) == []
    assert [f.code for p in plan(path, ("CD", "CD509")) for f in p.applied] == ["CD509"] * 2


def test_only_safe_codes_are_applied(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("We hire the the best people.\n", encoding="utf-8")
    result = check_paths([path], load_config(tmp_path), select=["CD504"])
    relabelled = [replace(finding, code="CD505") for finding in result.findings]
    assert plan_fixes(relabelled) == []


def test_overlapping_fixes_keep_the_first_and_report_the_other(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("We hire the  the best people in town.\n", encoding="utf-8")
    [first] = fix_file(path)
    assert [f.code for f in first.applied] == ["CD508"]
    [skipped] = first.skipped
    assert skipped.finding.code == "CD504"
    assert skipped.message() == ("post.md:1:9: skipped overlapping fix for CD504 "
                                 "(delete the second 'the'): another fix changes the same "
                                 "text; run --fix again to apply this one")
    assert path.read_text(encoding="utf-8") == "We hire the the best people in town.\n"
    fix_file(path)  # the next run fixes what the overlap held back
    assert path.read_text(encoding="utf-8") == "We hire the best people in town.\n"


def fake(line: int, col: int, end_col: int, replacement: str, code: str = "CD508") -> Finding:
    fix = Fix(line, col, line, end_col, replacement, "replace")
    return Finding("post.md", line, col, line, end_col, code, "x", Severity.INFO, "m", fix)


def test_fixes_never_touch_front_matter_or_code_whatever_the_rule_says() -> None:
    source = ("---\ntitle: Two  spaces\n---\n\nUse `a  b` here.\n\n"
              "```\nfenced  code\n```\n\n    indented  code\n")
    document = read_document("post.md", source)
    findings = [fake(2, 11, 13, " "), fake(5, 7, 9, " "), fake(8, 7, 9, " "),
                fake(11, 13, 15, " ")]
    fixed = fix_source(document, source, findings)
    assert fixed.text == source
    assert fixed.applied == ()
    assert [s.reason for s in fixed.skipped] == ["unsafe"] * 4
    assert fixed.skipped[0].message() == ("post.md:2:11: skipped unsafe fix for CD508 (replace): "
                                          "it would edit code, markup, front matter or a "
                                          "template tag")


def test_fixes_never_touch_template_tags() -> None:
    source = 'Firms cut hiring time by {{  stat("cut") }} and "more".\n'
    document = read_document("post.md", source)
    findings = [fake(1, 28, 30, " "), fake(1, 35, 36, "“", "CD509"),
                fake(1, 49, 50, "“", "CD509")]
    fixed = fix_source(document, source, findings)
    assert fixed.text == 'Firms cut hiring time by {{  stat("cut") }} and “more".\n'
    assert [s.finding.col for s in fixed.skipped] == [28, 35]


def test_a_real_run_leaves_front_matter_and_code_byte_for_byte(tmp_path: Path) -> None:
    front = '---\ntitle: "Two  spaces"  here\n---\n'
    code = '```python\nprint("the  the")\n```\n\n    indented "the  the"\n'
    path = tmp_path / "post.md"
    path.write_text(f"{front}\nWe hire the the  best \"people\".\n\n{code}", encoding="utf-8")
    fix_file(path, ("CD5", "CD509"))
    fix_file(path, ("CD5", "CD509"))
    assert path.read_text(encoding="utf-8") == (
        f"{front}\nWe hire the best “people”.\n\n{code}")


def test_insertions_at_one_place_collide() -> None:
    source = "A sentence that ends here\n"
    document = read_document("post.txt", source)
    fixed = fix_source(document, source, [fake(1, 26, 26, ".", "CD501"),
                                          fake(1, 26, 26, "!", "CD501")])
    assert fixed.text == "A sentence that ends here.\n"
    assert [s.reason for s in fixed.skipped] == ["overlapping"]


def test_crlf_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    text = "First line is fine.\r\n\r\nWe hire the the best  people.\r\nLast line.\r\n"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    fix_file(path)
    expected = text.replace("the the best  people", "the best people")
    assert path.read_bytes() == codecs.BOM_UTF8 + expected.encode("utf-8")


def test_mixed_line_endings_stay_mixed(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_bytes(b"Intro line here.\r\n\nWe hire the the best.\rLast line here.\n")
    fix_file(path)
    assert path.read_bytes() == b"Intro line here.\r\n\nWe hire the best.\rLast line here.\n"


def test_html_attributes_and_code_keep_their_quotes(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text('<p title="a  b">He said "yes" to <code>x = "y"</code> today.</p>\n',
                    encoding="utf-8")
    fix_file(path, ("CD509",))
    assert path.read_text(encoding="utf-8") == (
        '<p title="a  b">He said “yes” to <code>x = "y"</code> today.</p>\n')


def test_utf16_stays_utf16(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(codecs.BOM_UTF16_LE + "We hire the the best.\n".encode("utf-16-le"))
    fix_file(path)
    assert path.read_bytes() == codecs.BOM_UTF16_LE + "We hire the best.\n".encode("utf-16-le")


def test_rewrite_is_atomic_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("We hire the the best.\n", encoding="utf-8")
    path.chmod(0o640)
    inode = path.stat().st_ino
    fix_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != inode  # replaced by rename, not rewritten in place
    assert sorted(os.listdir(tmp_path)) == ["post.md"]


def test_a_symlinked_file_is_fixed_through_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("We hire the the best.\n", encoding="utf-8")
    link = tmp_path / "post.md"
    link.symlink_to(target)
    fix_file(link)
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "We hire the best.\n"


def test_second_fix_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(CLOSED + "We hire the the  best people in town and they stay\n",
                    encoding="utf-8")
    fix_file(path)
    fix_file(path)
    once = path.read_bytes()
    plans = fix_file(path)
    assert path.read_bytes() == once
    assert summary(plans, dry_run=False) == "Nothing to fix."


def test_summary_counts_findings_and_files(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("We hire the the best  people.\n", encoding="utf-8")
    plans = plan(path)
    assert summary(plans, dry_run=True) == "Would fix 2 findings in 1 file."
    assert "-We hire the the best  people.\n+We hire the best people.\n" in plans[0].diff()


def test_diff_marks_a_last_line_without_newline(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("We hire the the best.", encoding="utf-8")
    [fixes] = plan(path)
    assert fixes.diff().endswith("-We hire the the best.\n\\ No newline at end of file\n"
                                 "+We hire the best.\n\\ No newline at end of file\n")


FIXING_RULES = select_rules(["CD5", "CD509"], [])
WORDS = st.sampled_from(["the", "The", "best", "hire", "'quoted'", '"said"', "don't",
                         "`code  here`", "**bold**", "[link](https://a.b/'x')", "5'10\"",
                         "team", "x", "and"])
GAPS = st.sampled_from([" ", "  ", "   ", "\n", " \n"])
LINES = st.lists(st.tuples(WORDS, GAPS), min_size=1, max_size=12).map(
    lambda pairs: "".join(word + gap for word, gap in pairs).strip() + "\n")
BLOCKS = st.sampled_from(["\n", "```\nthe  the \"x\"\n```\n", "- a list  item the the\n",
                          "| a  b | the the |\n|---|---|\n"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(LINES, BLOCKS), min_size=1, max_size=8),
       st.booleans(), st.booleans())
def test_fixing_never_raises_and_clears_the_fixed_places(
        parts: list[str], front_matter: bool, crlf: bool) -> None:
    source = ("---\ntitle: 'a  b'\n---\n\n" if front_matter else "") + "\n".join(parts)
    raw = source.replace("\n", "\r\n") if crlf else source
    context = RuleContext(Thresholds(), TODAY)
    document = read_document("post.md", raw)
    before = [f for f in lint_document(document, FIXING_RULES, context) if f.code in FIXED_CODES]
    fixed = fix_source(document, raw, before)
    if crlf:
        assert "\n" not in fixed.text.replace("\r\n", "")
    else:
        assert "\r" not in fixed.text
    after = lint_document(read_document("post.md", fixed.text), FIXING_RULES, context)
    places = _fixed_places(raw, fixed.applied)
    for finding in after:
        start, end = (finding.line, finding.col), (finding.end_line, finding.end_col)
        if finding.code == "CD501":
            assert ("CD501", finding.line) not in {(c, line) for c, line, _ in places}
        elif finding.code in ("CD508", "CD509"):
            assert not any(code == finding.code and start <= (line, col) < end
                           for code, line, col in places), (fixed.text, finding)
    # Deleting a doubled word can bring a third copy next to the first ("the the  the"):
    # the run after that has fewer repeats, never more.
    if any(finding.code == "CD504" for finding in fixed.applied):
        repeats = [f for f in after if f.code == "CD504"]
        assert len(repeats) < sum(1 for f in before if f.code == "CD504")


def _fixed_places(raw: str, applied: tuple[Finding, ...]) -> set[tuple[str, int, int]]:
    """Where each applied fix's replacement now starts, as (code, line, col) in the result."""
    text = raw.replace("\r\n", "\n")
    starts = [0, *(index + 1 for index, char in enumerate(text) if char == "\n")]
    edits = sorted((starts[f.fix.line - 1] + f.fix.col - 1,
                    starts[f.fix.end_line - 1] + f.fix.end_col - 1, f.fix.replacement, f.code)
                   for f in applied if f.fix)
    result = text
    for start, end, replacement, _ in reversed(edits):
        result = result[:start] + replacement + result[end:]
    places: set[tuple[str, int, int]] = set()
    shift = 0
    for start, end, replacement, code in edits:
        where = start + shift
        line = result.count("\n", 0, where) + 1
        places.add((code, line, where - (result.rfind("\n", 0, where) + 1) + 1))
        shift += len(replacement) - (end - start)
    return places
