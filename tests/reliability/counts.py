"""How many inputs a reliability family tried, printed past pytest's capture for the record."""

from __future__ import annotations

import pytest


def report_count(capsys: pytest.CaptureFixture[str], family: str, inputs: int,
                 detail: object = "") -> None:
    with capsys.disabled():
        print(f"\n[reliability] {family}: {inputs} inputs {detail}".rstrip())
