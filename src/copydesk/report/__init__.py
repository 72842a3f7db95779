"""Report formats for ``copydesk check``: text, json, sarif, github, html.

Each format is a function ``(CheckResult, color) -> str``, except html, which also charts
readability against the configured thresholds; ``render_pieces`` gives the same text in
pieces, to print while it is made; ``write_report`` puts the text in a file atomically,
so a CI step never reads half a report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from copydesk.atomic import write_text_atomic
from copydesk.config import Thresholds
from copydesk.errors import LintInputError, Location
from copydesk.lint.runner import CheckResult
from copydesk.report import github, json, sarif, text

Formatter = Callable[[CheckResult, bool], str]

FORMATS: dict[str, Formatter] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "github": github.render,
}

__all__ = ["FORMATS", "Formatter", "render", "render_pieces", "write_report"]


def render(result: CheckResult, format_name: str, *, color: bool = False,
           thresholds: Thresholds | None = None) -> str:
    if format_name == "html":
        from copydesk.report import html  # Jinja: a tenth of a second every check waited for

        return html.render(result, thresholds)
    return FORMATS[format_name](result, color)


def render_pieces(result: CheckResult, format_name: str, *, color: bool = False,
                  thresholds: Thresholds | None = None) -> Iterator[str]:
    """``render``'s text in consecutive pieces (the long text report in many)."""
    if format_name == "text":
        yield from text.pieces(result, color)
    else:
        yield render(result, format_name, color=color, thresholds=thresholds)


def write_report(content: str, output: Path) -> None:
    """Write ``content`` to ``output`` atomically."""
    try:
        write_text_atomic(output, content)
    except OSError as error:
        raise _unwritable(output, error) from None


def _unwritable(output: Path, error: OSError) -> LintInputError:
    return LintInputError(f"cannot write the report: {error.strerror}", Location(str(output)),
                          "check that the folder exists and is writable")
