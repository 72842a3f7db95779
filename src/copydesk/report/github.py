"""``--format github``: GitHub Actions workflow commands, one annotation per finding."""

from __future__ import annotations

from copydesk.lint.finding import Finding, Severity
from copydesk.lint.runner import CheckResult

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = {
        "file": finding.path,
        "line": finding.line,
        "col": finding.col,
        "endLine": finding.end_line,
        "endColumn": finding.end_col,
        "title": f"{finding.code} {finding.name}",
    }
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{_COMMANDS[finding.severity]} {joined}::{escape_data(finding.message)}"


def render(result: CheckResult, color: bool = False) -> str:
    return "".join(annotation(finding) + "\n" for finding in result.findings)
