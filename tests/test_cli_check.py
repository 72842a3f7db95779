"""``copydesk check``, ``rules`` and ``explain`` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from copydesk.cli import main
from copydesk.lint.registry import ALL_RULES

PLACEHOLDER = "A share of [Insert %] of firms hire.\n"
CLEAN = "Hiring grew steadily this quarter.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, text: str, config: str = "") -> Path:
    (tmp_path / "copydesk.toml").write_text(config, encoding="utf-8")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_exit_0_when_clean_and_1_on_errors(tmp_path: Path) -> None:
    clean = write(tmp_path, "clean.md", CLEAN)
    code, out, _ = run("check", "-C", str(tmp_path), "--select", "CD1", str(clean))
    assert (code, out) == (0, "No findings in 1 file.\n")
    dirty = write(tmp_path, "dirty.md", PLACEHOLDER)
    code, out, _ = run("check", "-C", str(tmp_path), "--select", "CD101", str(dirty))
    assert code == 1
    assert ":1:12: CD101 [error]" in out and "^^^^^^^^^^" in out


def test_fail_on_sets_the_failing_severity(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", PLACEHOLDER, '[severity]\nCD101 = "warning"\n')
    base = ("check", "-C", str(tmp_path), "--select", "CD101", str(path))
    assert run(*base)[0] == 0
    assert run(*base, "--fail-on", "warning")[0] == 1
    assert run(*base, "--fail-on", "info")[0] == 1
    write(tmp_path, "a.md", PLACEHOLDER, 'fail-on = "warning"\n[severity]\nCD101 = "warning"\n')
    assert run(*base)[0] == 1
    assert run(*base, "--fail-on", "error")[0] == 0


def test_missing_path_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    code, _, err = run("check", "-C", str(tmp_path), str(tmp_path / "missing.md"))
    assert code == 2
    assert "missing.md" in err and "no such file or folder" in err and "hint:" in err


def test_unknown_select_code_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", CLEAN)
    code, _, err = run("check", "-C", str(tmp_path), "--select", "CD1O1", str(path))
    assert code == 2 and "did you mean CD101" in err


def test_comma_separated_select_and_ignore(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "TODO: " + PLACEHOLDER)
    code, out, _ = run("check", "-C", str(tmp_path), "--select", "CD101,CD103",
                       "--ignore", "CD103", "--format", "json", str(path))
    assert code == 1
    assert [item["code"] for item in json.loads(out)] == ["CD101"]


def test_output_file_and_formats(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", PLACEHOLDER)
    for format_name in ("json", "sarif", "github", "text", "html"):
        target = tmp_path / f"report.{format_name}"
        code, out, err = run("check", "-C", str(tmp_path), "--select", "CD101",
                             "--format", format_name, "--output", str(target), str(path))
        assert code == 1 and out == ""
        assert "Report written to" in err
        content = target.read_text(encoding="utf-8")
        assert "CD101" in content
        if format_name in ("json", "sarif"):
            json.loads(content)


def test_no_paths_checks_the_project_content(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    write(tmp_path, "content/post.md", PLACEHOLDER)
    code, out, _ = run("check", "-C", str(tmp_path), "--select", "CD101")
    assert code == 1 and "post.md:1:12: CD101" in out


def test_rules_lists_every_rule_by_family() -> None:
    code, out, _ = run("rules")
    assert code == 0
    for rule in ALL_RULES:
        assert f"{rule.code}  {rule.name}" in out
    assert out.index("CD1xx") < out.index("CD9xx")


def test_explain_prints_the_docstring() -> None:
    rule = ALL_RULES[0]
    code, out, _ = run("explain", rule.code.lower())
    assert code == 0
    assert out.startswith(f"{rule.code} {rule.name}") and rule.section("Why it matters") in out
    assert run("explain", rule.name)[0] == 0


def test_explain_unknown_code_exits_2_with_did_you_mean() -> None:
    code, _, err = run("explain", "CD9O1")
    assert code == 2 and "unknown rule: CD9O1" in err and "did you mean CD901" in err
