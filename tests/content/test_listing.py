"""content.listing: one scandir walk finds what the pathlib glob the loader used found."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.content.listing import Listed, list_files
from copydesk.paths import is_inside


def globbed(folder: Path, root: Path) -> list[tuple[str, bool]]:
    """What the loader found before: sorted rglob, hidden parts left out, links out of
    the project flagged, regular files (links to them followed) kept."""
    found: list[tuple[str, bool]] = []
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.is_symlink() and not is_inside(path, root):
            found.append((path.relative_to(folder).as_posix(), True))
        elif path.is_file():
            found.append((path.relative_to(folder).as_posix(), False))
    return found


def walked(folder: Path, root: Path) -> list[tuple[str, bool]]:
    return [(entry.relative, entry.outside) for entry in list_files(folder, root)]


NAMES = st.sampled_from(["a", "a-b", "a.md", "b", "B", ".hidden", "a b", "é", "z.yaml"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.lists(NAMES, min_size=1, max_size=3), st.booleans()),
                max_size=12))
def test_the_walk_finds_the_globs_files_in_the_globs_order(
        layout: list[tuple[list[str], bool]]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        folder = root / "content"
        folder.mkdir()
        for parts, is_folder in layout:
            path = folder.joinpath(*parts)
            try:
                if is_folder:
                    path.mkdir(parents=True, exist_ok=True)
                else:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text("x", encoding="utf-8")
            except OSError:  # a file is in the way of a folder, or the other way round
                continue
        assert walked(folder, root) == globbed(folder, root)


def test_links_hidden_files_and_stamps(tmp_path: Path) -> None:
    root = tmp_path / "project"
    folder = root / "content"
    (folder / "articles").mkdir(parents=True)
    (folder / ".drafts").mkdir()
    (folder / ".drafts/secret.md").write_text("x")
    (folder / "articles/post.md").write_text("hello")
    (folder / "articles/.swap.md").write_text("x")
    (root / "shared").mkdir()
    (root / "shared/inside.md").write_text("x")
    (root / "shared/more.md").write_text("x")
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x")
    (folder / "articles/inside.md").symlink_to(root / "shared/inside.md")
    (folder / "articles/out.md").symlink_to(outside)
    (folder / "articles/dangling.md").symlink_to(root / "gone.md")
    (folder / "linked").symlink_to(root / "shared")  # a folder link is not walked into
    (folder / "away").symlink_to(tmp_path)

    assert walked(folder, root) == globbed(folder, root) == [
        ("articles/inside.md", False), ("articles/out.md", True), ("articles/post.md", False),
        ("away", True)]
    post = next(entry for entry in list_files(folder, root) if entry.relative.endswith("post.md"))
    status = os.stat(folder / "articles/post.md")
    assert post == Listed(str(folder / "articles/post.md"), "articles/post.md",
                          (status.st_size, status.st_mtime_ns))


def test_stamps_given_are_taken_and_others_read(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("one", encoding="utf-8")
    (tmp_path / "b.md").write_text("three", encoding="utf-8")
    given_stamp = (1, 2)  # not the file's: shows that it was taken, not read
    found = {entry.relative: entry.stamp
             for entry in list_files(tmp_path, tmp_path, {f"{tmp_path}/a.md": given_stamp})}
    status = (tmp_path / "b.md").stat()
    assert found == {"a.md": given_stamp, "b.md": (status.st_size, status.st_mtime_ns)}
