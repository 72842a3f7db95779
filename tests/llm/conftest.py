"""Fixtures: the scripted server, and a copy of the example project pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from copydesk.site.init import init_project
from tests.llm.server import ScriptedServer, scripted_server

SECRET_KEY = "sk-test-9f8e7d6c5b4a-secret"
ARTICLE = "most-in-demand-machine-learning-roles-2026"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


def write_llm_config(project: Path, **settings: object) -> None:
    """Append an [llm] table to the project's copydesk.toml."""
    lines = ["", "[llm]"]
    for key, value in settings.items():
        shown = f'"{value}"' if isinstance(value, str) else str(value)
        lines.append(f"{key.replace('_', '-')} = {shown}")
    config = project / "copydesk.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n".join(lines) + "\n",
                      encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, server: ScriptedServer) -> Path:
    """The example project, drafting against ``server`` with tiny backoff delays."""
    root = tmp_path / "project"
    init_project(root)
    write_llm_config(root, model="test-model", base_url=server.url, timeout=2.0,
                     max_retries=2, retry_delay=0.001)
    return root
