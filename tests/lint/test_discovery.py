"""discovery.matches: globs from the project root, and bare names as in .gitignore."""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from copydesk.lint.discovery import matches

# Paths as callers give them: relative to the project root and normalised (no "." or empty
# parts; pathlib would drop those, a string split does not).
PARTS = st.sampled_from(["content", "articles", "a.md", "b.html", "drafts", "x y.md", ".a.md"])
GLOBS = st.sampled_from(["*.md", "content/*.md", "content/drafts/**", "a.md", "./content/*",
                         "*/a.md", "site/*/index.html", "b.*"])


def test_a_bare_name_matches_in_any_folder_and_a_path_glob_from_the_root() -> None:
    assert matches("content/articles/a.md", ["a.md"])
    assert matches("content/articles/a.md", ["content/*/*.md"])
    assert not matches("content/articles/a.md", ["articles/*.md"])
    assert matches("content/drafts", ["content/drafts/**"])
    assert matches("content/drafts/x/y.md", ["./content/drafts/**"])


@given(st.lists(PARTS, min_size=1, max_size=4).map("/".join), st.lists(GLOBS, max_size=3))
def test_the_name_part_is_the_one_pathlib_gives(relative: str, globs: list[str]) -> None:
    name = PurePosixPath(relative).name  # the reference the fast split must agree with
    expected = any(
        fnmatchcase(relative, glob.removeprefix("./"))
        or ("/" not in glob.removeprefix("./") and fnmatchcase(name, glob.removeprefix("./")))
        or (glob.endswith("/**") and (relative + "/").startswith(glob.removeprefix("./")[:-2]))
        for glob in globs)
    assert matches(relative, globs) == expected
