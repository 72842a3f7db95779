import stat
from pathlib import Path

import pytest

from copydesk.errors import BuildError
from copydesk.site.writer import check_output_dir, write_site
from tests.site.helpers import snapshot


def test_writes_exactly_the_files_given_replacing_the_old_site(tmp_path: Path) -> None:
    output = tmp_path / "site"
    write_site(output, {"index.html": "old", "stale/index.html": "gone soon"})
    write_site(output, {"index.html": "new", "a/b/index.html": "deep"})
    assert snapshot(output) == {"a/b/index.html": b"deep", "index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging left behind
    assert stat.S_IMODE(output.stat().st_mode) == 0o755


def test_a_failed_write_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    output = tmp_path / "site"
    write_site(output, {"index.html": "previous"})
    with pytest.raises(BuildError, match="outside the output directory"):
        write_site(output, {"a.html": "x", "../escape.html": "x"})
    assert snapshot(output) == {"index.html": b"previous"}
    assert not (tmp_path / "escape.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_output_dir_must_not_hold_the_sources(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    with pytest.raises(BuildError, match="would replace the content folder"):
        check_output_dir(tmp_path / "content", {"project root": tmp_path,
                                                "content folder": tmp_path / "content"})
    (tmp_path / "site").write_text("a file")
    with pytest.raises(BuildError, match="is not a directory"):
        check_output_dir(tmp_path / "site", {"project root": tmp_path,
                                             "content folder": tmp_path / "content"})


def test_an_unwritable_place_is_a_build_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a folder should be")
    with pytest.raises(BuildError, match="cannot write the site: ") as caught:
        write_site(tmp_path / "blocker/site", {"index.html": "x"})
    assert caught.value.location is not None
    assert caught.value.location.path.endswith("blocker")
