"""Build throwaway projects for the content tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.config import load_config
from copydesk.content import load_project
from copydesk.content.models import Project
from copydesk.errors import ContentError

FIXTURES = Path(__file__).parent / "fixtures"

ROLES_YAML = """\
- slug: mlops-specialist
  title: MLOps Specialist
  summary: Runs models in production.
- slug: llm-engineer
  title: LLM Engineer
  summary: Fine-tunes foundation models.
"""

ARTICLE = """\
---
title: A title
description: A description.
date: 2026-03-01
---
Body line one.
"""


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def load(root: Path, files: dict[str, str | bytes] | None = None) -> Project:
    (root / "content").mkdir(exist_ok=True)
    return load_project(load_config(write_files(root, files or {})))


def load_error(root: Path, files: dict[str, str | bytes]) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load(root, files)
    return caught.value
