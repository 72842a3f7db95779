"""What a killed build leaves beside the site: the next build removes it, or puts it back."""

from __future__ import annotations

from pathlib import Path

from copydesk.site.writer import remove_leftovers, write_site


def test_staging_folders_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    output = tmp_path / "site"
    write_site(output, {"index.html": "old"})
    (tmp_path / ".site-new-abc123").mkdir()
    (tmp_path / ".site-new-abc123" / "half.html").write_text("half", encoding="utf-8")
    (tmp_path / ".site-old-def456").mkdir()
    (tmp_path / "other").mkdir()
    remove_leftovers(output)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["other", "site"]
    assert (output / "index.html").read_text(encoding="utf-8") == "old"


def test_a_site_caught_between_two_renames_is_put_back(tmp_path: Path) -> None:
    # Where the system cannot exchange two folders in one step, a kill between renaming
    # site/ away and the new one in leaves the previous site under its -old- name.
    previous = tmp_path / ".site-old-abc123"
    previous.mkdir()
    (previous / "index.html").write_text("previous", encoding="utf-8")
    (tmp_path / ".site-new-def456").mkdir()
    remove_leftovers(tmp_path / "site")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "previous"


def test_the_swap_leaves_only_the_new_site(tmp_path: Path) -> None:
    output = tmp_path / "site"
    write_site(output, {"index.html": "one", "a/index.html": "a"})
    inode = output.stat().st_ino
    write_site(output, {"index.html": "two"})
    assert output.stat().st_ino != inode
    assert sorted(path.relative_to(output).as_posix() for path in output.rglob("*")) == [
        "index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "two"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
