"""``copydesk serve`` as a user runs it: the URL printed, a line per build, Ctrl-C stops."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from copydesk.lint.finding import Finding, Severity
from copydesk.serve.command import report_build
from copydesk.serve.error_page import BuildFailure
from copydesk.serve.preview import Snapshot


def test_a_build_is_reported_in_one_line(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    finding = Finding("content/a.md", 2, 1, 2, 5, "CD101", "unfilled-placeholder",
                      Severity.ERROR, "fill it")
    report_build(Snapshot(4, tmp_path, findings=(finding,), seconds=0.25))
    error = capsys.readouterr().err
    assert error.startswith("build 4 in 0.25 s; lint: 1 findings (1 errors")


def test_a_failed_build_is_reported_with_its_hint(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    failure = BuildFailure("invalid YAML", "content/data/roles.yaml:7", "fix the indentation")
    report_build(Snapshot(2, tmp_path, failure=failure))
    assert capsys.readouterr().err == (
        "build 2 failed: content/data/roles.yaml:7: invalid YAML\n"
        "  hint: fix the indentation\n")


def test_serve_prints_its_url_serves_and_stops_cleanly_on_ctrl_c(project: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "copydesk", "serve", "-C", str(project), "--port", "0",
         "--no-open"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("serving http://127.0.0.1:"), line
        url = line.split()[1]
        with urllib.request.urlopen(url, timeout=20) as response:
            assert b"/__copydesk/overlay.js" in response.read()
        process.send_signal(signal.SIGINT)
        _, error = process.communicate(timeout=20)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 0, error
    assert error.startswith("build 1 in ")
    assert error.endswith("stopped\n")
    assert "Traceback" not in error
