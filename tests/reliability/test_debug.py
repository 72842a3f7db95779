"""An unexpected exception: one line and exit 2, or with ``copydesk --debug`` the traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.site.init import init_project
from tests.reliability.projects import quiet_env

# Runs the real console entry point with one library function broken, as a bug would break it.
BROKEN_BUILD = """
import sys
import copydesk.site.build as build

def broken(*args, **kwargs):
    raise RuntimeError("disk on fire\\nsecond line")

build.build_site = broken
from copydesk.cli import main
main(sys.argv[1:], prog_name="copydesk")
"""


def _run_broken(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", BROKEN_BUILD, *arguments], text=True,
                          capture_output=True, env=quiet_env(), timeout=120, check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("debug") / "project"
    init_project(root)
    return root


def test_an_internal_error_is_one_line_and_exit_2(project: Path) -> None:
    result = _run_broken("build", "-C", str(project))
    assert result.returncode == 2
    assert result.stderr == ("internal error: RuntimeError: disk on fire second line (run "
                             "with --debug for the traceback and please report it)\n")


def test_debug_shows_the_traceback(project: Path) -> None:
    result = _run_broken("--debug", "build", "-C", str(project))
    assert result.returncode == 1  # Python's own status for an uncaught exception
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert "in broken" in result.stderr
    assert result.stderr.rstrip().endswith("RuntimeError: disk on fire\nsecond line")


@pytest.mark.parametrize("arguments", [
    ["build", "-C", "no/such/project"],
    ["check", "no/such/file.md"],
    ["explain", "CD999"],
    ["draft", "no-such-article", "--section", "faq", "-C", "no/such/project"],
    ["init", "/proc/version/x"],
])
def test_user_errors_are_messages_not_tracebacks(arguments: list[str], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the relative paths must name nothing, here or in the repository
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.output.startswith(("error: ", "Error: ", "Usage: "))
