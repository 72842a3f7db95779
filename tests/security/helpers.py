"""Throwaway example projects and the CLI, for the security tests."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result

from copydesk.cli import main
from copydesk.site.init import init_project

ARTICLE = "content/articles/most-in-demand-machine-learning-roles-2026.md"


def example(root: Path, **site: object) -> Path:
    """The example project in ``root``, with extra ``[site]`` settings (``raw_html=True``)."""
    init_project(root)
    config = root / "copydesk.toml"
    lines = "".join(f"{key.replace('_', '-')} = {_toml(value)}\n" for key, value in site.items())
    config.write_text(config.read_text().replace("[site]\n", f"[site]\n{lines}", 1))
    return root


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_refused(result: Result, location: str, message: str) -> str:
    """Exit 2, ``error: LOCATION: ...MESSAGE...`` on one line, a hint, no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    first, *rest = result.stderr.splitlines()
    assert re.match(rf"error: {re.escape(location)}: .*{message}", first), first
    assert rest and rest[0].startswith("  hint: "), result.stderr
    return first


def files_under(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")}
