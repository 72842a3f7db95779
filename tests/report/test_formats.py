"""Report formats: one golden snapshot per format, SARIF schema validity, escaping, --output.

Update the snapshots after an intended change with:
    COPYDESK_UPDATE_SNAPSHOTS=1 pytest tests/report
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import replace as dataclass_replace
from pathlib import Path

import click
import jsonschema
import pytest

from copydesk.errors import LintInputError
from copydesk.lint.document import Document
from copydesk.lint.finding import Finding, Fix, Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.runner import CheckResult
from copydesk.report import FORMATS, render, render_pieces, write_report
from copydesk.report.github import annotation
from copydesk.report.text import format_finding, summary

HERE = Path(__file__).parent
SNAPSHOTS = HERE / "snapshots"


def placeholder(document: Document, context: RuleContext) -> Iterable[Hit]:
    """What it does
    Finds bracketed instructions such as "[Insert %]".

    Why it matters
    A placeholder that goes live tells every reader the page was never finished.

    Example
    "[Insert %] of firms" fails; "40% of firms (Source: ...)" passes.
    """
    return ()


def long_sentence(document: Document, context: RuleContext) -> Iterable[Hit]:
    """What it does
    Flags a sentence over 40 words.

    Why it matters
    Long sentences lose readers.

    Example
    Split the sentence in two.
    """
    return ()


RULES = (Rule("CD101", "bracketed-placeholder", Severity.ERROR, placeholder),
         Rule("CD404", "overlong-sentence", Severity.WARNING, long_sentence))

FINDINGS = (
    Finding("content/roles 2026.md", 3, 12, 3, 22, "CD101", "bracketed-placeholder",
            Severity.ERROR, "unfilled placeholder '[Insert %]'; put the real figure in",
            None, "A share of [Insert %] of firms hire."),
    Finding("content/roles 2026.md", 7, 1, 9, 10, "CD404", "overlong-sentence",
            Severity.WARNING, "sentence has 52 words, over 40: split it, 100% sure",
            Fix(7, 1, 7, 4, "We", "shorten"), "\tIndented line, with a tab; and more"),
    Finding("site/index.html", 1, 5, 1, 6, "CD404", "overlong-sentence", Severity.INFO,
            "multi\nline: 50%, done", None, ""),
)
RESULT = CheckResult(FINDINGS, ("content/roles 2026.md", "site/index.html"), RULES)


def assert_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("COPYDESK_UPDATE_SNAPSHOTS") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no snapshot {name}; create it with COPYDESK_UPDATE_SNAPSHOTS=1"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_snapshot(format_name: str) -> None:
    name = {"text": "report.txt", "json": "report.json", "sarif": "report.sarif.json",
            "github": "report.github.txt"}[format_name]
    assert_snapshot(name, render(RESULT, format_name))


def test_sarif_validates_against_the_2_1_0_schema() -> None:
    schema = json.loads((HERE / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(render(RESULT, "sarif"))
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["CD101", "CD404"]
    assert [result["ruleIndex"] for result in run["results"]] == [0, 1, 1]
    assert [result["level"] for result in run["results"]] == ["error", "warning", "note"]
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "content/roles%202026.md"
    assert location["region"] == {"startLine": 3, "startColumn": 12, "endLine": 3,
                                  "endColumn": 22}


def test_sarif_of_a_clean_run_is_valid() -> None:
    schema = json.loads((HERE / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(render(CheckResult((), (), RULES), "sarif")), schema)


def test_json_fields() -> None:
    (first, second, _) = json.loads(render(RESULT, "json"))
    assert set(first) == {"path", "line", "col", "end_line", "end_col", "code", "name",
                          "severity", "message", "fix"}
    assert first["fix"] is None and second["fix"]["replacement"] == "We"


def test_github_escaping() -> None:
    line = annotation(FINDINGS[2])
    assert line.startswith("::notice file=site/index.html,line=1,col=5,endLine=1,endColumn=6,")
    assert line.endswith("::multi%0Aline: 50%25, done")
    tricky = Finding("a:b,c%.md", 1, 1, 1, 2, "CD101", "x", Severity.ERROR, "m\r\n")
    assert annotation(tricky) == ("::error file=a%3Ab%2Cc%25.md,line=1,col=1,endLine=1,"
                                  "endColumn=2,title=CD101 x::m%0D%0A")


def test_text_caret_and_long_lines() -> None:
    text = format_finding(FINDINGS[0])
    assert text.splitlines()[-1] == "  |            ^^^^^^^^^^"
    long_line = "x" * 5000 + " [Insert %] " + "y" * 5000
    finding = Finding("a.md", 1, 5002, 1, 5012, "CD101", "p", Severity.ERROR, "m",
                      None, long_line)
    shown, caret = format_finding(finding).splitlines()[-2:]
    assert len(shown) < 200 and "[Insert %]" in shown
    assert shown.index("[Insert %]") == caret.index("^")
    assert "\x1b[" in format_finding(finding, color=True)
    assert "\x1b[" not in format_finding(finding)



def test_text_caret_keeps_the_tabs_before_it() -> None:
    finding = Finding("a.md", 3, 6, 3, 8, "CD101", "p", Severity.ERROR, "m", None,
                      "\tab\t\tXY after\t")
    shown, caret = format_finding(finding).splitlines()[-2:]
    assert shown == "3 | \tab\t\tXY after\t"
    assert caret == "  | \t  \t\t^^"

def test_text_summary() -> None:
    assert render(RESULT, "text").endswith(
        "Found 3 findings (1 error, 1 warning, 1 info) in 2 files.\n")
    assert render(CheckResult((), ("a.md",), RULES), "text") == "No findings in 1 file.\n"


def test_write_report_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    write_report("new", target)
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_write_report_into_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(LintInputError, match="cannot write the report"):
        write_report("x", tmp_path / "missing" / "report.json")


def test_a_long_text_report_comes_in_pieces_that_join_to_the_whole() -> None:
    many = tuple(dataclass_replace(FINDINGS[index % 3], line=index + 1)
                 for index in range(2500))
    result = CheckResult(many, RESULT.files, RULES)
    pieces = list(render_pieces(result, "text"))
    assert len(pieces) == 4  # three of at most 1,000 findings, then the summary
    whole = "\n".join([format_finding(finding) + "\n" for finding in many]
                      + [summary(result)]) + "\n"
    assert "".join(pieces) == whole == render(result, "text")
    assert pieces[-1] == summary(result) + "\n"


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_other_formats_come_whole(format_name: str) -> None:
    pieces = list(render_pieces(RESULT, format_name))
    assert "".join(pieces) == render(RESULT, format_name)
    assert len(pieces) == (2 if format_name == "text" else 1)


def test_text_in_colour_styles_the_place_the_code_and_the_caret() -> None:
    place = click.style("content/roles 2026.md:3:12:", bold=True)
    code = click.style("CD101", fg="red", bold=True)
    caret = click.style("^" * 10, fg="red", bold=True)
    assert format_finding(FINDINGS[0], color=True) == (
        f"{place} {code} [error] unfilled placeholder '[Insert %]'; put the real figure in\n"
        f"  |\n3 | A share of [Insert %] of firms hire.\n  | {' ' * 11}{caret}")
