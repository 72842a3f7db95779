"""``--format text``: ruff-like lines, the source line with a caret, and a summary."""

from __future__ import annotations

from collections.abc import Iterator

import click

from copydesk.lint.finding import Finding, Severity
from copydesk.lint.runner import CheckResult

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
_WINDOW = 100  # columns of source shown; a minified or generated line can be megabytes long


def excerpt(finding: Finding) -> tuple[str, int, int]:
    """The part of the source line to show, and the caret's start and width in it."""
    line = finding.source_line.rstrip("\n")
    start = finding.col - 1
    width = finding.end_col - finding.col if finding.end_line == finding.line else len(line) - start
    width = max(1, min(width, _WINDOW))
    left = max(0, min(start - _WINDOW // 4, len(line) - _WINDOW))
    shown = line[left:left + _WINDOW]
    prefix = "…" if left else ""
    suffix = "…" if left + _WINDOW < len(line) else ""
    return prefix + shown + suffix, start - left + len(prefix), width


def format_finding(finding: Finding, color: bool = False) -> str:
    # Made for each of 124,000 findings at the end of a check of 10,000 posts, while the
    # workers wait: plain text takes no styling calls.
    colour = _COLOURS[finding.severity]
    where = f"{finding.path}:{finding.line}:{finding.col}:"
    code = finding.code
    if color:
        where, code = click.style(where, bold=True), click.style(code, fg=colour, bold=True)
    message = finding.message.replace("\n", " ")  # one finding, one header line
    header = f"{where} {code} [{finding.severity.value}] {message}"
    if not finding.source_line.strip():
        return header
    shown, caret_at, width = excerpt(finding)
    gutter = " " * len(str(finding.line))
    # Copy tabs from the source so the caret lines up however the terminal shows them.
    before = shown[:caret_at]
    pad = ("\t".join(" " * len(part) for part in before.split("\t")) if "\t" in before
           else " " * len(before))
    caret = click.style("^" * width, fg=colour, bold=True) if color else "^" * width
    return (f"{header}\n{gutter} |\n{finding.line} | {shown}\n"
            f"{gutter} | {pad}{caret}")


def summary(result: CheckResult) -> str:
    files = _plural(len(result.files), "file")
    if not result.findings:
        return f"No findings in {files}."
    counts = [_plural(result.count(severity), severity.value) for severity in Severity]
    return f"Found {_plural(len(result.findings), 'finding')} ({', '.join(counts)}) in {files}."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# Findings per piece of a streamed report: a few hundred kilobytes of text at a time.
_PIECE = 1000


def render(result: CheckResult, color: bool = False) -> str:
    return "".join(pieces(result, color))


def pieces(result: CheckResult, color: bool = False) -> Iterator[str]:
    """The report in pieces of a thousand findings, the summary last: printed as they are
    made, 124,000 findings never sit in memory twice more as one string (and its bytes)."""
    findings = result.findings
    for start in range(0, len(findings), _PIECE):
        yield "".join([format_finding(finding, color) + "\n\n"
                       for finding in findings[start:start + _PIECE]])
    yield summary(result) + "\n"
