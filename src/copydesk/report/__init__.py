"""Report formats for ``copydesk check``: text, json, sarif, github.

Each format is a function ``(CheckResult, color) -> str``; ``write_report`` puts the
text in a file atomically, so a CI step never reads half a report.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

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

__all__ = ["FORMATS", "Formatter", "render", "write_report"]


def render(result: CheckResult, format_name: str, *, color: bool = False) -> str:
    return FORMATS[format_name](result, color)


def write_report(content: str, output: Path) -> None:
    """Write ``content`` to ``output`` through a temporary file in the same folder."""
    try:
        descriptor, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.",
                                                 suffix=".tmp")
    except OSError as error:
        raise _unwritable(output, error) from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(content)
        # mkstemp makes the file private; a report is an ordinary file.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise _unwritable(output, error) from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _unwritable(output: Path, error: OSError) -> LintInputError:
    return LintInputError(f"cannot write the report: {error.strerror}", Location(str(output)),
                          "check that the folder exists and is writable")
