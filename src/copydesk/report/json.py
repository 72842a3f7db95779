"""``--format json``: a JSON array, one object per finding."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from copydesk.lint.finding import Finding
from copydesk.lint.runner import CheckResult


def finding_object(finding: Finding) -> dict[str, Any]:
    return {
        "path": finding.path,
        "line": finding.line,
        "col": finding.col,
        "end_line": finding.end_line,
        "end_col": finding.end_col,
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "fix": asdict(finding.fix) if finding.fix is not None else None,
    }


def render(result: CheckResult, color: bool = False) -> str:
    return json.dumps([finding_object(f) for f in result.findings], indent=2,
                      ensure_ascii=False) + "\n"
