"""``--diff REF``: changed lines from a real git repository, the diff parser, the errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.errors import DiffError
from copydesk.lint.changed_lines import ChangedLines, changed_lines, parse_diff
from copydesk.lint.finding import Finding, Severity

OLD = "[TBD] one.\n\nTwo is fine.\n\n[TBD] three.\n"


def git(folder: Path, *arguments: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                    "-c", "commit.gpgsign=false", *arguments], cwd=folder, check=True,
                   capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q")
    (tmp_path / "copydesk.toml").write_text("", encoding="utf-8")
    (tmp_path / "post.md").write_text(OLD, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def check(*arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--select", "CD101", *arguments])
    return result.exit_code, result.stdout, result.stderr


def lines_reported(out: str) -> list[str]:
    return sorted(line.split(": CD")[0] for line in out.splitlines() if ": CD101" in line)


def test_only_findings_on_changed_lines_are_reported(repo: Path) -> None:
    (repo / "post.md").write_text(
        "[TBD] one.\n\nTwo is [TBD] now.\n\n[TBD] three.\n\nAdded [TBD].\n", encoding="utf-8")
    code, out, _ = check("post.md")
    assert code == 1 and len(lines_reported(out)) == 4
    code, out, _ = check("post.md", "--diff", "HEAD")
    assert code == 1
    assert lines_reported(out) == ["post.md:3:8", "post.md:7:7"]


def test_unchanged_file_reports_nothing_and_untracked_file_everything(repo: Path) -> None:
    (repo / "new.md").write_text("[TBD] a.\n\n[TBD] b.\n", encoding="utf-8")
    code, out, _ = check("post.md", "new.md", "--diff", "HEAD")
    assert code == 1
    assert lines_reported(out) == ["new.md:1:1", "new.md:3:1"]
    code, out, _ = check("post.md", "--diff", "HEAD")
    assert (code, lines_reported(out)) == (0, [])


def test_changes_since_an_older_commit_count(repo: Path) -> None:
    (repo / "post.md").write_text(OLD + "\nLater [TBD].\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "second")
    assert lines_reported(check("post.md", "--diff", "HEAD")[1]) == []
    assert lines_reported(check("post.md", "--diff", "HEAD~1")[1]) == ["post.md:7:7"]


def test_unknown_ref_exits_2(repo: Path) -> None:
    code, _, err = check("post.md", "--diff", "no-such-branch")
    assert code == 2
    assert "unknown git ref: no-such-branch" in err and "hint:" in err


def test_outside_a_git_repository_exits_2(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "post.md").write_text(OLD, encoding="utf-8")
    code, _, err = check("post.md", "--diff", "HEAD")
    assert code == 2 and "not inside a git work tree" in err
    with pytest.raises(DiffError):
        changed_lines("HEAD", [], tmp_path)


def test_parse_diff_reads_new_side_ranges(tmp_path: Path) -> None:
    diff = "\n".join([
        "diff --git a/a.md b/a.md", "--- a/a.md", "+++ b/a.md",
        "@@ -1 +1 @@", "-old", "+new",
        "@@ -5,0 +6,3 @@", "+x", "+++ not a header", "+z",
        "@@ -9,2 +11,0 @@", "-gone", "-gone",
        "diff --git a/old.md b/old.md", "deleted file mode 100644", "--- a/old.md",
        "+++ /dev/null", "@@ -1 +0,0 @@", "-bye",
    ])
    assert parse_diff(diff, tmp_path) == {(tmp_path / "a.md").resolve(): frozenset({1, 6, 7, 8})}


def span(path: Path, line: int, end_line: int) -> Finding:
    return Finding(str(path), line, 1, end_line, 2, "CD101", "n", Severity.ERROR, "m")


def test_a_span_is_kept_when_any_of_its_lines_changed(tmp_path: Path) -> None:
    post, new = tmp_path / "post.md", tmp_path / "new.md"
    changes = ChangedLines({post.resolve(): frozenset({3})}, frozenset({new.resolve()}))
    assert changes.covers(span(post, 2, 3)) and changes.covers(span(post, 3, 5))
    assert not changes.covers(span(post, 1, 2)) and not changes.covers(span(post, 4, 4))
    assert changes.covers(span(new, 40, 40))
    assert not changes.covers(span(tmp_path / "other.md", 3, 3))


def test_baseline_then_diff(repo: Path) -> None:
    assert check("post.md", "--baseline", "baseline.json", "--update-baseline")[0] == 0
    git(repo, "add", "baseline.json")
    git(repo, "commit", "-q", "-m", "baseline")
    (repo / "post.md").write_text("[TBD] one, reworded.\n\nTwo is fine.\n\n[TBD] three.\n",
                                  encoding="utf-8")
    assert lines_reported(check("post.md", "--diff", "HEAD")[1]) == ["post.md:1:1"]
    code, out, _ = check("post.md", "--baseline", "baseline.json", "--diff", "HEAD")
    assert (code, lines_reported(out)) == (0, [])


def test_names_git_quotes_are_read_back(repo: Path) -> None:
    name = 'say "hi" – café.md'
    (repo / name).write_text("Fine.\n", encoding="utf-8")
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", "quoted")
    (repo / name).write_text("Fine.\n\nNow [TBD].\n", encoding="utf-8")
    assert lines_reported(check(name, "--diff", "HEAD")[1]) == [f"{name}:3:5"]
