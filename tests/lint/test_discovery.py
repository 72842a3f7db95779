"""discovery.matches: globs from the project root, and bare names as in .gitignore; the
per-file-ignores compiled once (runner.FileIgnores) turn off what each glob matched does."""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from copydesk.config import Config, LintConfig
from copydesk.lint.discovery import matches
from copydesk.lint.runner import FileIgnores, ignored_codes

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


CODES = st.lists(st.sampled_from(["CD1", "CD105", "CD2", "CD901"]), max_size=2).map(tuple)


@given(st.lists(PARTS, min_size=1, max_size=4).map("/".join),
       st.dictionaries(GLOBS, CODES, max_size=3))
def test_compiled_ignores_turn_off_what_each_glob_matching_does(
        relative: str, ignores: dict[str, tuple[str, ...]]) -> None:
    config = Config(Path("/project"), None, lint=LintConfig(per_file_ignores=ignores))
    expected = tuple(code for glob, codes in ignores.items() if matches(relative, [glob])
                     for code in codes)
    assert FileIgnores(config)(relative) == expected
    assert ignored_codes(Path("/project", relative), config) == expected
