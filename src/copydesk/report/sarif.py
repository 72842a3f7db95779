"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning reads it."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from copydesk import __version__
from copydesk.lint.finding import Finding, Severity
from copydesk.lint.registry import EVERY_RULE, AnyRule
from copydesk.lint.runner import CheckResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_descriptor(rule: AnyRule) -> dict[str, Any]:
    described = f"{rule.section('What it does')}\n\n{rule.section('Why it matters')}".strip()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": described or rule.name},
        "help": {"text": rule.doc or rule.name},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
    }


def result_object(finding: Finding, index: int) -> dict[str, Any]:
    return {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": quote(finding.path.replace("\\", "/"))},
                "region": {
                    "startLine": finding.line,
                    "startColumn": finding.col,
                    "endLine": finding.end_line,
                    "endColumn": finding.end_col,
                },
            },
        }],
    }


def _rules(result: CheckResult) -> list[AnyRule]:
    """The rules that ran, plus any a finding names that did not (CD902 for a crash)."""
    rules = list(result.rules)
    known = {rule.code for rule in rules}
    for finding in result.findings:
        if finding.code not in known:
            rules.extend(rule for rule in EVERY_RULE if rule.code == finding.code)
            known.add(finding.code)
    return rules


def sarif_log(result: CheckResult) -> dict[str, Any]:
    rules = _rules(result)
    index = {rule.code: position for position, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "copydesk",
                "version": __version__,
                "rules": [rule_descriptor(rule) for rule in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": [result_object(f, index[f.code]) for f in result.findings
                        if f.code in index],
        }],
    }


def render(result: CheckResult, color: bool = False) -> str:
    return json.dumps(sarif_log(result), indent=2, ensure_ascii=False) + "\n"
