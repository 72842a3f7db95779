"""Report formats for ``copydesk check``: text, json, sarif, github, html.

Each format is a function ``(CheckResult, color) -> str``, except html, which also charts
readability against the configured thresholds; ``write_report`` puts the text in a file
atomically, so a CI step never reads half a report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from copydesk.atomic import write_text_atomic
from copydesk.config import Thresholds
from copydesk.errors import LintInputError, Location
from copydesk.lint.runner import CheckResult
from copydesk.report import github, html, json, sarif, text

Formatter = Callable[[CheckResult, bool], str]

FORMATS: dict[str, Formatter] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "github": github.render,
}

__all__ = ["FORMATS", "Formatter", "render", "write_report"]


def render(result: CheckResult, format_name: str, *, color: bool = False,
           thresholds: Thresholds | None = None) -> str:
    if format_name == "html":
        return html.render(result, thresholds)
    return FORMATS[format_name](result, color)


def write_report(content: str, output: Path) -> None:
    """Write ``content`` to ``output`` atomically."""
    try:
        write_text_atomic(output, content)
    except OSError as error:
        raise _unwritable(output, error) from None


def _unwritable(output: Path, error: OSError) -> LintInputError:
    return LintInputError(f"cannot write the report: {error.strerror}", Location(str(output)),
                          "check that the folder exists and is writable")
