"""The GitHub Action and the GitLab CI example, run for real on a temporary project.

The shell the action runs is taken from ``action.yml`` itself and run with bash under the
environment GitHub would give it, so the test fails when the action's commands do.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = "# Pay\n\nSalaries rose by [Insert %] in 2025.\n"
CLEAN = "# Pay\n\nSalaries rose in 2025, as the survey below explains.\n"


def _environment(**extra: str) -> dict[str, str]:
    # copydesk as installed next to the running Python, as the action's install step leaves it.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return {**os.environ, "PATH": path, "NO_COLOR": "1", **extra}


def _action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return loaded


def _run_check_step(project: Path, paths: str, fail_on: str = "error",
                    sarif: str = "copydesk.sarif") -> subprocess.CompletedProcess[str]:
    step = next(step for step in _action()["runs"]["steps"] if step.get("id") == "check")
    env = _environment(PATHS=paths, FAIL_ON=fail_on, SARIF_FILE=sarif,
                       GITHUB_OUTPUT=str(project / "github-output"))
    return subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_action_is_composite_with_its_inputs() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"paths", "version", "fail-on", "sarif-file"}
    assert all("description" in spec for spec in action["inputs"].values())


def test_the_action_annotates_writes_sarif_and_fails(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text(PLACEHOLDER, encoding="utf-8")
    run = _run_check_step(tmp_path, "post.md")
    assert run.returncode == 1, run.stderr
    assert run.stdout.startswith("::error file=post.md,line=3,col=18,")
    assert "title=CD101 bracketed-placeholder::" in run.stdout
    sarif = json.loads((tmp_path / "copydesk.sarif").read_text(encoding="utf-8"))
    assert [result["ruleId"] for result in sarif["runs"][0]["results"]] == ["CD101"]
    assert (tmp_path / "github-output").read_text(encoding="utf-8") == (
        "sarif-file=copydesk.sarif\n")


def test_the_action_passes_clean_copy(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "more.md").write_text(CLEAN, encoding="utf-8")
    run = _run_check_step(tmp_path, "post.md more.md", sarif="")
    assert run.returncode == 0, run.stdout + run.stderr
    assert not (tmp_path / "copydesk.sarif").exists()


def test_the_action_stops_on_an_input_error(tmp_path: Path) -> None:
    run = _run_check_step(tmp_path, "missing.md")
    assert run.returncode == 2
    assert "missing.md" in run.stderr
    assert "::error" not in run.stdout


@pytest.mark.parametrize(("text", "status", "codes"), [(PLACEHOLDER, 1, ["CD101"]),
                                                       (CLEAN, 0, [])])
def test_the_gitlab_job_writes_the_json_report(tmp_path: Path, text: str, status: int,
                                               codes: list[str]) -> None:
    job = yaml.safe_load((ROOT / "docs/ci/gitlab-ci.yml").read_text(encoding="utf-8"))
    commands = [line for line in job["copydesk"]["script"] if line.startswith("copydesk ")]
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "post.md").write_text(text, encoding="utf-8")
    for command in commands:
        run = subprocess.run(shlex.split(command), cwd=tmp_path, env=_environment(),
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == status, run.stderr
    assert job["copydesk"]["artifacts"]["when"] == "always"
    report = json.loads((tmp_path / "copydesk-report.json").read_text(encoding="utf-8"))
    assert [finding["code"] for finding in report if finding["severity"] == "error"] == codes
