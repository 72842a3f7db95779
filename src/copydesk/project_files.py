"""Where the example project (templates/, content/, copydesk.toml) lives.

A wheel ships it as package data under ``copydesk/_example/`` (see the force-include in
pyproject.toml); an editable checkout reads the one copy at the repository root.
"""

from __future__ import annotations

from pathlib import Path

EXAMPLE_ENTRIES = ("templates", "content", "copydesk.toml")


def example_project() -> Path | None:
    """The folder holding the example project, or None if this installation has none."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_example", package.parents[1]):
        if all((candidate / entry).exists() for entry in EXAMPLE_ENTRIES):
            return candidate
    return None
