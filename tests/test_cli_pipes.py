"""The CLI behaves like a Unix tool when its reader closes the pipe early."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def test_closed_pipe_is_not_an_internal_error() -> None:
    # `copydesk check ... | head -c 1`: the reader exits after one byte.
    producer = subprocess.Popen(
        [sys.executable, "-m", "copydesk", "check", "--format", "json", str(FIXTURES / "seed.txt")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert producer.stdout is not None
    assert producer.stdout.read(1) == b"["
    producer.stdout.close()
    _, stderr = producer.communicate(timeout=60)
    assert b"internal error" not in stderr
    assert b"Traceback" not in stderr
    assert producer.returncode == 1
