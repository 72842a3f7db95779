import stat
from pathlib import Path

import pytest

from copydesk.errors import BuildError
from copydesk.site.writer import Staging, check_output_dir, write_site
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


def test_a_spare_becomes_the_staging_without_touching_the_live_site(tmp_path: Path) -> None:
    output, spare = tmp_path / "site", tmp_path / ".copydesk" / "spare"
    with Staging(output, spare, ["a.html", "old/index.html"]) as staging:
        staging.write("a.html", b"first")
        staging.write("old/index.html", b"old")
        staging.commit()
    with Staging(output, spare, ["a.html", "b.html"]) as staging:
        staging.keep("a.html")  # now the live site and the spare share a.html's inode
        staging.write("b.html", b"second")
        staging.commit()
    assert snapshot(spare) == {"a.html": b"first", "old/index.html": b"old"}
    with Staging(output, spare, ["a.html", "b.html", "c/index.html"]) as staging:
        assert snapshot(staging.folder) == {"a.html": b"first"}  # the older site's rest swept
        staging.write("a.html", b"third")
        assert (output / "a.html").read_bytes() == b"first"  # a new file, not the shared one
        staging.keep("b.html")
        staging.write("c/index.html", b"deep")
        staging.commit()
    assert snapshot(output) == {"a.html": b"third", "b.html": b"second", "c/index.html": b"deep"}
    assert snapshot(spare) == {"a.html": b"first", "b.html": b"second"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".copydesk", "site"]


def test_a_build_given_up_keeps_its_spare_and_the_site(tmp_path: Path) -> None:
    output, spare = tmp_path / "site", tmp_path / "spare"
    write_site(output, {"index.html": "live"})
    with Staging(output, spare, ["index.html"]) as staging:
        staging.write("index.html", b"unfinished")
    assert snapshot(output) == {"index.html": b"live"}
    assert snapshot(spare) == {"index.html": b"unfinished"}
    with Staging(output, spare, ["index.html"]) as staging:
        staging.keep("index.html")
        staging.commit()
    assert snapshot(output) == {"index.html": b"live"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "spare"]


def test_keep_relinks_what_the_spare_holds_of_another_build_and_sweeps_empty_folders(
        tmp_path: Path) -> None:
    output, spare = tmp_path / "site", tmp_path / "spare"
    write_site(output, {"a/index.html": "live a", "b/index.html": "live b"})
    write_site(spare, {"a/index.html": "old a", "gone/deep/index.html": "x", "keep.txt": "x"})
    with Staging(output, spare, ["a/index.html", "b/index.html"]) as staging:
        assert snapshot(staging.folder) == {"a/index.html": b"old a"}
        assert sorted(p.name for p in staging.folder.iterdir()) == ["a"]  # emptied: removed
        staging.keep("a/index.html")  # held, but another file: linked to the live one
        staging.keep("b/index.html")  # not held at all
        assert (staging.folder / "a/index.html").samefile(output / "a/index.html")
        staging.keep("a/index.html")  # held and the same: nothing to do
        staging.commit()
    assert snapshot(output) == {"a/index.html": b"live a", "b/index.html": b"live b"}


@pytest.mark.parametrize("name", ["/abs.html", "a/../../b.html", ".."])
def test_a_name_leaving_the_site_is_refused(tmp_path: Path, name: str) -> None:
    with Staging(tmp_path / "site") as staging, pytest.raises(BuildError, match="refusing"):
        staging.keep(name)


def test_a_name_pathlib_would_normalise_is_written_where_it_was(tmp_path: Path) -> None:
    output = tmp_path / "site"
    write_site(output, {"a//b.html": "x", "./c/./d.html": "y"})
    assert snapshot(output) == {"a/b.html": b"x", "c/d.html": b"y"}
