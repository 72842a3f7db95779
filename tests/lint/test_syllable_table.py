"""The syllable table: found by bisection, cached in the user's cache folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copydesk.lint import syllable_table
from copydesk.lint.syllable_table import SyllableTable, cached_path, load_table

WORDS = {"a": 1, "a's": 1, "ab": 2, "abc-d": 3, "b": 1, "ba": 2, "zz": 12, "é": 1}


def _table(counts: dict[str, int]) -> SyllableTable:
    return SyllableTable("\n".join(sorted(f"{word} {n}" for word, n in counts.items())))


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "copydesk"


@given(st.dictionaries(st.text(st.characters(blacklist_characters=" \n"), min_size=1),
                       st.integers(0, 20)),
       st.lists(st.text(), max_size=20))
def test_get_finds_exactly_the_words_of_the_table(counts: dict[str, int],
                                                  others: list[str]) -> None:
    table = _table(counts)
    for word in [*counts, *others]:
        assert table.get(word) == counts.get(word)
    assert dict(table.items()) == counts
    assert len(table) == len(counts)


def test_words_that_only_start_like_an_entry_are_not_found() -> None:
    table = _table(WORDS)
    assert [table.get(word) for word in ("a", "a'", "abc", "abc-d", "zz", "z", "")] == [
        1, None, None, 3, 12, None, None]


def test_the_table_is_made_once_then_read_from_the_cache_folder(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = load_table()
    path = cached_path()
    assert path is not None and path.parent == cache_home and path.is_file()

    def refuse() -> str:
        raise AssertionError("the cached table was not used")

    monkeypatch.setattr(syllable_table, "table_text", refuse)
    again = load_table()
    assert again.get("infrastructure") == made.get("infrastructure") == 4
    assert len(again) == len(made) > 100_000


def test_a_damaged_cache_file_is_made_again(cache_home: Path) -> None:
    path = cached_path()
    assert path is not None
    load_table()
    whole = path.read_text(encoding="utf-8")
    path.write_text(whole[:len(whole) // 2], encoding="utf-8")  # cut short, as by a full disk
    assert load_table().get("zywicki") == 3
    assert path.read_text(encoding="utf-8") == whole


def test_tables_of_other_cmudict_files_are_left_alone(cache_home: Path) -> None:
    """Two virtual environments on one machine must not undo each other's table."""
    cache_home.mkdir(parents=True)
    other = cache_home / "syllables-1-0000000000000000.txt"
    other.write_text("copydesk-syllables 1\nthe 7", encoding="utf-8")
    assert load_table().get("the") == 1
    assert other.read_text(encoding="utf-8") == "copydesk-syllables 1\nthe 7"
    assert len(list(cache_home.glob("syllables-*.txt"))) == 2


def test_an_unwritable_cache_folder_costs_time_only(cache_home: Path) -> None:
    cache_home.parent.mkdir(parents=True, exist_ok=True)
    cache_home.write_text("a file where the folder should be", encoding="utf-8")
    assert load_table().get("machine") == 2
    assert cache_home.is_file()


def test_a_relative_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/folder")
    assert syllable_table.cache_folder() == Path.home() / ".cache" / "copydesk"
    assert os.path.isabs(syllable_table.cache_folder())
