import os
import shutil
import stat
from pathlib import Path

import pytest

from copydesk.errors import BuildError
from copydesk.site import spare as spare_files
from copydesk.site.writer import (
    Staging,
    check_output_dir,
    remove_leftovers,
    write_page_file,
    write_site,
)
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
    with Staging(output, spare, ["a.html", "b.html"], in_place=False) as staging:
        staging.keep("a.html")  # now the live site and the spare share a.html's inode
        staging.write("b.html", b"second")
        staging.commit()
    assert snapshot(spare) == {"a.html": b"first", "old/index.html": b"old"}
    with Staging(output, spare, ["a.html", "b.html", "c/index.html"],
                 in_place=False) as staging:
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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "spare", "spare.files"]


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


def _build(output: Path, spare: Path, files: dict[str, bytes], kept: tuple[str, ...] = (),
           in_place: bool = False) -> None:
    """One build: ``files`` written, ``kept`` carried over from the live site."""
    with Staging(output, spare, [*files, *kept], in_place=in_place) as staging:
        for name, data in files.items():
            staging.write(name, data)
        for name in kept:
            staging.keep(name)
        staging.commit()


def _walks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the spare's walk was started on, from now on."""
    walked: list[str] = []
    walk = spare_files.sweep

    def recorded(folder: str, *rest: object) -> bool:
        if not rest[0]:  # the top of a walk, not a folder inside it
            walked.append(folder)
        return walk(folder, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(spare_files, "sweep", recorded)
    return walked


def test_a_spare_whose_files_are_known_is_swept_without_a_walk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output, spare = tmp_path / "site", tmp_path / "cache" / "spare"
    _build(output, spare, {"a/index.html": b"a1", "gone/deep/index.html": b"g", "x.txt": b"x"})
    _build(output, spare, {"a/index.html": b"a2"}, kept=("gone/deep/index.html", "x.txt"))
    walked = _walks(monkeypatch)
    with Staging(output, spare, ["a/index.html", "b/index.html", "x.txt"],
                 in_place=False) as staging:
        # The first site, less what the new one does not hold, its emptied folders too.
        assert snapshot(staging.folder) == {"a/index.html": b"a1", "x.txt": b"x"}
        assert sorted(path.name for path in staging.folder.iterdir()) == ["a", "x.txt"]
        staging.write("b/index.html", b"b")
        staging.keep("a/index.html")
        staging.keep("x.txt")
        staging.commit()
    assert walked == []
    assert snapshot(output) == {"a/index.html": b"a2", "b/index.html": b"b", "x.txt": b"x"}
    assert (output / "x.txt").samefile(spare / "x.txt")  # held by the spare: not linked again
    _build(output, spare, {"c.html": b"c"})
    assert walked == []
    assert snapshot(output) == {"c.html": b"c"}


@pytest.mark.parametrize("damage", ["missing", "truncated", "another format"])
def test_a_spare_without_a_readable_list_is_walked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    output, spare = tmp_path / "site", tmp_path / "spare"
    _build(output, spare, {"a/index.html": b"a1", "b.html": b"b"})
    _build(output, spare, {"a/index.html": b"a2"})
    manifest = spare_files.manifest_file(spare)
    if damage == "missing":
        manifest.unlink()
    elif damage == "truncated":
        manifest.write_bytes(manifest.read_bytes()[:20])
    else:
        manifest.write_bytes(b"not a manifest")
    walked = _walks(monkeypatch)
    _build(output, spare, {"c.html": b"c"})
    assert len(walked) == 1
    assert snapshot(output) == {"c.html": b"c"}
    assert snapshot(spare) == {"a/index.html": b"a2"}


def test_a_file_added_to_the_live_site_is_swept_by_a_walk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output, spare = tmp_path / "site", tmp_path / "spare"
    _build(output, spare, {"a.html": b"a1"})
    _build(output, spare, {"a.html": b"a2"})
    (output / "CNAME").write_bytes(b"added by hand")  # the site is no longer the one built
    walked = _walks(monkeypatch)
    _build(output, spare, {"a.html": b"a3"})
    _build(output, spare, {"a.html": b"a4"})
    assert len(walked) == 1  # the spare that was that site
    assert snapshot(output) == {"a.html": b"a4"}


def test_a_build_killed_with_the_spare_in_use_leaves_no_list_to_trust(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output, spare = tmp_path / "site", tmp_path / "spare"
    _build(output, spare, {"a.html": b"a1", "b.html": b"b"})
    _build(output, spare, {"a.html": b"a2"})
    staging = Staging(output, spare, ["a.html", "c.html"], in_place=False)
    (staging.folder / "stray.html").write_bytes(b"written before the kill")
    assert not spare.exists() and not spare_files.manifest_file(spare).exists()
    spare_files.manifest_file(spare).write_bytes(b"")  # whatever a later build finds there
    staging.folder.rename(spare)  # the leftover, as if put back by hand
    walked = _walks(monkeypatch)
    _build(output, spare, {"c.html": b"c"}, kept=("a.html",))
    assert len(walked) == 1
    assert snapshot(output) == {"a.html": b"a2", "c.html": b"c"}


def test_keep_trusts_the_live_files_identity_the_caller_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output, spare = tmp_path / "site", tmp_path / "spare"
    _build(output, spare, {"a.html": b"a", "b.html": b"b"})
    _build(output, spare, {}, kept=("a.html", "b.html"))  # the spare now shares both inodes
    checked = {name: (status.st_dev, status.st_ino)
               for name in ("a.html", "b.html") if (status := (output / name).stat())}
    with Staging(output, spare, ["a.html", "b.html"], in_place=False) as staging:
        monkeypatch.setattr(os, "stat", None)  # not looked up again
        staging.keep("a.html", checked["a.html"])
        staging.keep("b.html", (checked["b.html"][0], -1))  # not the file held: linked again
        monkeypatch.undo()
        assert (staging.folder / "b.html").samefile(output / "b.html")
        staging.commit()
    assert snapshot(output) == {"a.html": b"a", "b.html": b"b"}


def test_a_known_live_site_is_updated_in_place_touching_only_what_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output, spare = tmp_path / "site", tmp_path / "spare"
    _build(output, spare, {"a/index.html": b"a1", "b/index.html": b"b", "gone/x/i.html": b"g"})
    kept_before = (output / "b/index.html").stat().st_ino
    walked = _walks(monkeypatch)
    with Staging(output, spare, ["a/index.html", "b/index.html", "c.html"]) as staging:
        staging.write("a/index.html", b"a2")
        staging.write("c.html", b"c")
        staging.keep("b/index.html")
        assert snapshot(staging.folder) == {"a/index.html": b"a2", "c.html": b"c"}
        assert snapshot(output)["a/index.html"] == b"a1"  # nothing live changed yet
        staging.commit()
    assert walked == [] and not spare.exists()
    assert snapshot(output) == {"a/index.html": b"a2", "b/index.html": b"b", "c.html": b"c"}
    assert sorted(path.name for path in output.iterdir()) == ["a", "b", "c.html"]
    assert (output / "b/index.html").stat().st_ino == kept_before  # not touched
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site", "spare.files"]
    _build(output, spare, {"d.html": b"d"}, kept=("c.html",), in_place=True)
    assert snapshot(output) == {"c.html": b"c", "d.html": b"d"}


def test_a_build_given_up_before_an_update_in_place_changes_nothing(tmp_path: Path) -> None:
    output, spare = tmp_path / "site", tmp_path / "spare"
    _build(output, spare, {"a.html": b"a1", "b.html": b"b"})
    with Staging(output, spare, ["a.html"]) as staging:
        staging.write("a.html", b"unfinished")  # and no commit: --strict, an error
    assert snapshot(output) == {"a.html": b"a1", "b.html": b"b"}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site", "spare.files"]
    _build(output, spare, {"a.html": b"a2"}, in_place=True)  # still known: in place
    assert snapshot(output) == {"a.html": b"a2"}


def test_a_backup_restored_into_the_live_site_folder_is_staged_whole(tmp_path: Path) -> None:
    """``rsync -a --delete backup/ site/`` (or ``rm -rf site; cp -a backup site``, where ext4
    hands the copy the removed folder's inode) leaves the inode and times the last build
    noted, but the backup's files: the change time tells, and the site is staged whole."""
    output, spare = tmp_path / "site", tmp_path / "spare"
    _build(output, spare, {"a/index.html": b"a1", "a/old.txt": b"o"})
    backup = tmp_path / "backup"
    shutil.copytree(output, backup)
    # In place, and no top-level entry added or removed: the site folder keeps its time.
    _build(output, spare, {"a/index.html": b"a2"}, in_place=True)
    noted = output.stat()
    shutil.rmtree(output / "a")
    shutil.copytree(backup / "a", output / "a")
    os.utime(output, ns=(noted.st_atime_ns, noted.st_mtime_ns))
    assert (output.stat().st_ino, output.stat().st_mtime_ns) == (noted.st_ino, noted.st_mtime_ns)
    _build(output, spare, {"a/index.html": b"a3"}, in_place=True)
    assert snapshot(output) == {"a/index.html": b"a3"}  # not the backup's a/old.txt too


def test_an_update_in_place_killed_half_way_is_finished_by_the_next_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output, spare = tmp_path / "site", tmp_path / "spare"
    _build(output, spare, {"a.html": b"a1", "b/index.html": b"b1", "gone.html": b"g"})
    moves = 0
    replace = os.replace

    def killed(source: str, target: str) -> None:
        nonlocal moves
        if moves == 1:
            raise KeyboardInterrupt  # the kill, after one file was moved
        moves += 1
        replace(source, target)

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        staging = Staging(output, spare, ["a.html", "b/index.html", "c/index.html"])
        staging.write("a.html", b"a2")
        staging.write("b/index.html", b"b2")
        staging.write("c/index.html", b"c")
        staging.commit()
    monkeypatch.undo()
    finished = {"a.html": b"a2", "b/index.html": b"b2", "c/index.html": b"c"}
    half = snapshot(output)
    assert "gone.html" not in half and half != finished and moves == 1
    remove_leftovers(output)
    assert snapshot(output) == finished
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("damage", ["missing", "truncated"])
def test_an_unreadable_list_means_the_site_is_staged_whole_not_updated(
        tmp_path: Path, damage: str) -> None:
    output, spare = tmp_path / "site", tmp_path / "spare"
    _build(output, spare, {"a.html": b"a1", "gone.html": b"g"})
    manifest = spare_files.manifest_file(spare)
    if damage == "missing":
        manifest.unlink()
    else:
        manifest.write_bytes(manifest.read_bytes()[:-3])
    with Staging(output, spare, ["a.html", "b.html"]) as staging:
        staging.keep("a.html")
        assert snapshot(staging.folder) == {"a.html": b"a1"}  # linked: a whole new site
        staging.write("b.html", b"b")
        staging.commit()
    assert snapshot(output) == {"a.html": b"a1", "b.html": b"b"}
    _build(output, spare, {"c.html": b"c"}, kept=("b.html",), in_place=True)
    assert snapshot(output) == {"b.html": b"b", "c.html": b"c"}


@pytest.mark.parametrize("in_place", [True, False])
def test_keep_all_carries_over_every_file_it_is_given(tmp_path: Path, in_place: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Updated in place, only the files the live site does not hold are looked at; staged
    whole, each is linked as keep would."""
    output, spare = tmp_path / "site", tmp_path / "spare"
    _build(output, spare, {"a/index.html": b"a", "b.html": b"b", "c.html": b"c"})
    live = {name: (status.st_dev, status.st_ino) for name in ("a/index.html", "b.html")
            if (status := (output / name).stat())}
    kept: list[str] = []
    real = Staging.keep

    def spy(self: Staging, name: str, known: tuple[int, int] | None = None) -> None:
        kept.append(name)
        real(self, name, known)

    monkeypatch.setattr(Staging, "keep", spy)
    with Staging(output, spare, ["a/index.html", "b.html", "d.html"],
                 in_place=in_place) as staging:
        staging.keep_all(live)
        staging.write("d.html", b"d")
        staging.commit()
    assert sorted(kept) == ([] if in_place else ["a/index.html", "b.html"])
    assert snapshot(output) == {"a/index.html": b"a", "b.html": b"b", "d.html": b"d"}


def test_a_page_file_is_written_new_in_its_folders_with_its_stamp(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    live = tmp_path / "live.html"
    live.write_bytes(b"live")
    (staging / "kept").mkdir()
    os.link(live, staging / "kept" / "index.html")  # a hard link to a live site's file
    written = {name: write_page_file(str(staging), name, name.encode())
               for name in ("404.html", "post/index.html", "roles/one/index.html",
                            "roles/two/index.html", "kept/index.html")}
    for name, stamp in written.items():
        status = os.stat(staging / name)
        assert (staging / name).read_bytes() == name.encode()
        assert stamp == (status.st_size, status.st_mtime_ns)
    assert live.read_bytes() == b"live"  # written as a new file, not through the link
