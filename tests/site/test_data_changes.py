"""data_changes: a cached data hit is trusted after an edit only when a search would
find the text at the very same place."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.errors import Location
from copydesk.site.cache import DataHit
from copydesk.site.data_changes import DataChanges, keep, load_kept

FILES = ("a.yaml", "b.yaml")
LINES = st.lists(st.sampled_from(["- id: x", "  value: 12", "  value: 13", "note ab", "", "ba"]),
                 max_size=6)


def first_place(files: dict[str, list[str]], text: str) -> DataHit:
    """Where a build's tracer finds ``text`` first: file by file, line by line."""
    for path in FILES:
        for number, line in enumerate(files.get(path, []), start=1):
            col = line.find(text)
            if col >= 0:
                return Location(path, number, col + 1), line
    return None, ""


@settings(max_examples=300, deadline=None)
@given(before=st.fixed_dictionaries({path: LINES for path in FILES}),
       after=st.fixed_dictionaries({path: LINES for path in FILES}),
       edits=st.lists(st.tuples(st.sampled_from(FILES), st.integers(0, 5),
                                st.sampled_from(["  value: 14", "ab", "- id: y", ""])),
                      max_size=2),
       text=st.sampled_from(["value: 12", "value: 13", "ab", "id: x", "14", "zz"]))
def test_a_hit_said_to_hold_is_where_a_search_finds_the_text(
        before: dict[str, list[str]], after: dict[str, list[str]],
        edits: list[tuple[str, int, str]], text: str) -> None:
    # As kept: texts, split again as the tracer splits them.
    before = {path: "\n".join(lines).splitlines() for path, lines in before.items()}
    # Small edits of the files as they were (what users make), or files unrelated to them.
    edited = {path: list(lines) for path, lines in before.items()}
    for path, number, line in edits:
        lines = edited[path]
        if number < len(lines):
            lines[number] = line
        else:
            lines.insert(min(number, len(lines)), line)
    for now in (edited, after):
        changes = DataChanges.between({path: "\n".join(lines) for path, lines in before.items()},
                                      FILES, lambda path, now=now: now[path])  # type: ignore[misc]
        hit = first_place(before, text)
        if changes.still_holds(text, hit):
            assert first_place(now, text) == hit
        if changes.untouched([text]):  # told without the hit
            assert first_place(now, text) == hit


def test_an_edited_value_leaves_the_hits_before_it_and_elsewhere_standing() -> None:
    before = {"a.yaml": ["- id: x", "  value: 12", "- id: y", "  value: 7"], "b.yaml": ["z"]}
    now = {"a.yaml": ["- id: x", "  value: 13", "- id: y", "  value: 7"], "b.yaml": ["z"]}
    changes = DataChanges.between({path: "\n".join(lines) for path, lines in before.items()},
                                  FILES, now.__getitem__)
    assert changes.changed == {"a.yaml": ((1, "  value: 13"),), "b.yaml": ()}
    assert changes.still_holds("id: y", first_place(before, "id: y"))
    assert changes.still_holds("z", first_place(before, "z"))
    assert not changes.still_holds("value: 12", first_place(before, "value: 12"))
    assert changes.still_holds("nowhere", first_place(before, "nowhere"))
    assert not changes.still_holds("13", first_place(before, "13"))  # found now
    # Told without the places: a text of no changed line, as it is or as it was.
    assert changes.untouched(["id: y", "z", "nowhere"])
    assert not changes.untouched(["z", "value: 12"]) and not changes.untouched(["13"])


def test_a_line_added_moves_the_hits_after_it() -> None:
    before = {"a.yaml": ["one", "two", "three"], "b.yaml": []}
    now = {"a.yaml": ["one", "new", "two", "three"], "b.yaml": []}
    changes = DataChanges.between({path: "\n".join(lines) for path, lines in before.items()},
                                  FILES, now.__getitem__)
    assert changes.changed["a.yaml"] == ((1, "new"),) and changes.moved_from == {"a.yaml": 1}
    assert changes.still_holds("one", first_place(before, "one"))
    assert not changes.still_holds("three", first_place(before, "three"))
    assert not changes.untouched(["one"])  # where each text is must be looked at


def test_the_kept_texts_are_read_back_only_under_their_stamp(tmp_path: Path) -> None:
    file = tmp_path / "cache" / "kept.pickle"
    assert load_kept(file, "s1") is None
    keep(file, "s1", {"a.yaml": "text"})
    assert load_kept(file, "s1") == {"a.yaml": "text"}
    assert load_kept(file, "s2") is None
    file.write_bytes(b"not a pickle")
    assert load_kept(file, "s1") is None
