"""Mappings kept in buckets: a save rewrites the buckets whose names or values changed."""

from __future__ import annotations

from pathlib import Path

from copydesk.site.store import (
    BUCKETS,
    Buckets,
    bucket_of,
    load_after,
    load_pickle,
    save_pickle,
)


def test_changed_buckets_are_those_of_names_added_dropped_or_given_another_value(
        tmp_path: Path) -> None:
    kept, same, replaced, dropped, added = object(), object(), object(), object(), object()
    names = {f"page-{number}.html": same for number in range(200)}
    loaded = {**names, "kept": kept, "replaced": replaced, "dropped": dropped}
    values = {**names, "kept": kept, "replaced": object(), "added": added}
    buckets: Buckets[object] = Buckets(tmp_path / "pages", "stamp")
    assert buckets.changed(values, loaded) == {bucket_of(name)
                                               for name in ("replaced", "dropped", "added")}
    assert buckets.changed(loaded, loaded) == set()
    assert buckets.changed({}, loaded) == {bucket_of(name) for name in loaded}
    assert all(0 <= bucket_of(name) < BUCKETS for name in loaded)


def test_written_buckets_load_back_under_their_stamp_only(tmp_path: Path) -> None:
    values = {f"page-{number}.html": number for number in range(100)}
    Buckets[int](tmp_path / "pages", "one").write(values, set(range(BUCKETS)))
    assert Buckets[int](tmp_path / "pages", "one").load() == values
    assert Buckets[int](tmp_path / "pages", "two").load() == {}


def test_a_pickle_loads_back_and_a_damaged_or_missing_one_is_none(tmp_path: Path) -> None:
    value = {"page.html": ("x" * 100_000, 1, (2, 3))}  # several pickle frames
    path = tmp_path / "kept.pickle"
    assert save_pickle(path, value)
    assert load_pickle(path) == value
    path.write_bytes(path.read_bytes()[:50_000])  # truncated
    assert load_pickle(path) is None
    path.write_bytes(b"not a pickle")
    assert load_pickle(path) is None
    assert load_pickle(tmp_path / "missing.pickle") is None


UNPICKLED: list[str] = []


class _Counted:
    """Notes each time it is unpickled."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __setstate__(self, state: dict[str, str]) -> None:
        UNPICKLED.append(state["name"])
        self.__dict__.update(state)


def test_a_value_after_its_head_is_read_only_for_a_head_wanted(tmp_path: Path) -> None:
    path = tmp_path / "kept.pickle"
    assert save_pickle(path, ("head", 1), _Counted("value"))
    UNPICKLED.clear()
    assert load_after(path, lambda head: head == ("head", 2)) is None
    assert UNPICKLED == []  # never unpickled for a head not wanted
    found = load_after(path, lambda head: head == ("head", 1))
    assert isinstance(found, _Counted) and found.name == "value" and UNPICKLED == ["value"]
    path.write_bytes(path.read_bytes()[:-5])  # the value truncated
    assert load_after(path, lambda head: True) is None
    assert load_after(tmp_path / "missing.pickle", lambda head: True) is None
