"""Atomic writes: a failed write leaves the old file whole and no temporary file behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from copydesk.atomic import write_text_atomic


def test_a_write_creates_folders_and_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "draft.md"
    write_text_atomic(target, "first\n", make_folders=True)
    write_text_atomic(target, "second ✓\n")
    assert target.read_text(encoding="utf-8") == "second ✓\n"
    assert [p.name for p in target.parent.iterdir()] == ["draft.md"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "draft.md"
    target.write_text("old\n", encoding="utf-8")

    def refuse(source: str, destination: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        write_text_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.md"]


def test_a_new_file_is_not_private_and_an_old_one_keeps_its_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "report.json"
        write_text_atomic(fresh, "{}")
        assert fresh.stat().st_mode & 0o777 == 0o644
        script = tmp_path / "post.md"
        script.write_text("x", encoding="utf-8")
        script.chmod(0o640)
        write_text_atomic(script, "y")
        assert script.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)
