"""Tracer: source paths are joined as strings, as pathlib would write them."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copydesk.config import load_config
from copydesk.content.loader import read_text
from copydesk.errors import Location
from copydesk.lint.finding import Finding, Fix
from copydesk.site import tracing
from copydesk.site.init import init_project
from copydesk.site.tracing import Tracer


def test_source_paths_are_what_pathlib_makes_of_them(tmp_path: Path) -> None:
    project = tmp_path / "project"
    init_project(project)
    config = load_config(project)
    tracer = Tracer(config, {})
    for name in ("content/articles/a.md", "content//articles/a.md", "./content/a.md",
                 "content/./a.md", "content/../a.md", "content/", ".", "",
                 str(project / "content/data/x.yaml"), "/abs//x.yaml"):
        path = Path(name)
        assert tracer._path(name) == str(path if path.is_absolute() else config.root / path)


def test_a_moved_finding_is_the_one_dataclasses_replace_makes(tmp_path: Path) -> None:
    project = tmp_path / "project"
    init_project(project)
    config = load_config(project)
    tracer = Tracer(config, {})
    source = project / "content" / "data" / "x.yaml"
    source.write_text("a: one\nb: Pay rose 5% in 2025\n", encoding="utf-8")
    finding = Finding("site/p/index.html", 9, 4, 9, 8, "CD301", "contradicting-year",
                      "warning", "a year", Fix(9, 4, 9, 8, "2026", "the year"), "<p>x 2025</p>")
    moved = tracer._moved(finding, str(source), (2, 0), "2025")
    assert moved == dataclasses.replace(
        finding, path=tracer._shown(str(source)), line=2, col=19, end_line=2, end_col=23,
        fix=None, source_line="b: Pay rose 5% in 2025")


def test_a_pages_trace_key_takes_the_stamp_the_build_listed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild checks 10,000 pages' trace keys: a source the build's listing stamped is
    not stat'ed again; one it did not list is."""
    project = tmp_path / "project"
    init_project(project)
    config = load_config(project)
    source = "content/articles/a.md"
    page = SimpleNamespace(source=Location(source))
    listed = str(config.root / source)
    stated: list[str] = []

    def file_stamp(path: str) -> tuple[int, int]:
        stated.append(path)
        return 7, 7

    tracers = [Tracer(config, {}, stamps=stamps) for stamps in
               ({listed: (1, 2)}, {listed: (1, 3)}, {})]  # the last listed nothing
    monkeypatch.setattr(tracing, "file_stamp", file_stamp)
    keys = [tracer.key(page) for tracer in tracers]  # type: ignore[arg-type]
    assert len(set(keys)) == 3
    assert stated == [listed]


def _find_line_by_line(lines: list[str], path: str, text: str,
                       from_line: int) -> Location | None:
    """Tracer._find as first written: each line from ``from_line`` on, then those before."""
    start = min(max(from_line, 1), len(lines) + 1)
    for number in (*range(start, len(lines) + 1), *range(1, start)):
        col = lines[number - 1].find(text)
        if col >= 0:
            return Location(path, number, col + 1)
    return None


_SOURCE_TEXTS = st.lists(st.sampled_from(
    ["ab", "a", "b", " ", "\n", "\r\n", "\r", "\x0b", "\u2028", "\x85", "é", "\t", "\xa0",
     "\x1c", "<", ">", "=", "|", "%"]), max_size=30).map("".join)


@pytest.fixture(scope="module")
def tracer(tmp_path_factory: pytest.TempPathFactory) -> Tracer:
    """A tracer whose source files are the texts of ``_SOURCES``, by name."""
    project = tmp_path_factory.mktemp("tracing") / "project"
    init_project(project)
    tracer = Tracer(load_config(project), {})
    tracer.text = _SOURCES.__getitem__  # type: ignore[method-assign]
    return tracer


_SOURCES: dict[str, str] = {}


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(whole=_SOURCE_TEXTS, text=st.sampled_from(
    ["a", "ab", "b a", "ba", "\n", "a\r", "é", "a\tb", "\xa0a", "b\x1c", "\u2028", "a\x85",
     "<a", "b>", "<b a>", "a=", "b | a", "5%", "%b", "=|%"]),
       from_line=st.integers(-1, 12))
def test_text_is_found_where_the_line_by_line_search_finds_it(
        tracer: Tracer, whole: str, text: str, from_line: int) -> None:
    """The search in the whole text finds the line and column the search line by line
    found: the first at or after ``from_line``, else the first before it; none for a text
    with a line break, printable or not (a tab, a no-break space are no break), or with a
    character of ``tracing._MARKS`` ("<", ">", "=", "|", "%") the source lacks."""
    path = repr(whole)  # one name per text: the tracer keeps what it read by name
    _SOURCES[path] = whole
    assert tracer._find(path, text, from_line) == _find_line_by_line(
        whole.splitlines(), path, text, from_line)


_WORDY_TEXTS = st.lists(st.sampled_from(
    ["ab", "a", "b", " ", "  ", "\t", "\n", "\r\n", "\x0b", "\x1c", "\u2028", "\x85", "\xa0",
     "é", "|", "-"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_WORDY_TEXTS, max_size=4), piece=st.integers(1, 8))
def test_the_data_words_split_a_piece_at_a_time_are_those_split_at_once(
        texts: list[str], piece: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tracing, "_SPLIT_PIECE", piece)
        assert tracing._distinct_words(texts) == {word for text in texts
                                                  for word in text.split()}


@settings(max_examples=400, deadline=None)
@given(whole=_WORDY_TEXTS, data=st.data())
def test_the_whole_words_of_a_text_are_words_of_any_text_holding_it(
        whole: str, data: st.DataObject) -> None:
    """What lets the tracer tell a text is in no data file from the files' words alone."""
    start = data.draw(st.integers(0, len(whole)))
    end = data.draw(st.integers(start, len(whole)))
    assert set(tracing._whole_words(whole[start:end])) <= set(whole.split())


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(_WORDY_TEXTS, min_size=1, max_size=3),
       texts=st.lists(_WORDY_TEXTS.filter(bool), min_size=1, max_size=6))
def test_texts_are_found_in_the_data_files_as_without_their_words(
        tracer: Tracer, files: list[str], texts: list[str]) -> None:
    """A tracer that lists the data files' words at once finds each text where one that
    searches every file for it does."""
    paths = [f"data{number}:{text!r}" for number, text in enumerate(files)]
    _SOURCES.update(zip(paths, files, strict=True))
    hits = []
    for unlisted in (0, len(texts)):
        tracer.data, tracer._in_data = paths, {}
        tracer._data_words, tracer._unlisted = None, unlisted
        hits.append([tracer._data_hit(text) for text in texts])
    assert hits[0] == hits[1]


@settings(max_examples=400, deadline=None)
@given(line=st.lists(st.sampled_from(["a", "bc", " ", "<", ">", "<p>", "</a>", "x" * 30]),
                     max_size=20).map("".join),
       data=st.data(), one_line=st.booleans())
def test_the_words_around_a_text_are_those_the_lines_ends_split_at_tags_give(
        line: str, data: st.DataObject, one_line: bool) -> None:
    """The words around a finding's text, found around it, are those splitting copies of
    the line's two ends at tags gave."""
    start = data.draw(st.integers(0, len(line)))
    end = data.draw(st.integers(start, len(line) + 3))  # an end past the line is clamped
    context = tracing._CONTEXT
    lead = line[:start].rsplit(">", 1)[-1][-context:]
    trail = line[end:].split("<", 1)[0][:context] if one_line else ""
    assert tracing._around(line, start, end, one_line) == (lead, trail)


@settings(max_examples=400, deadline=None)
@given(whole=_SOURCE_TEXTS)
def test_line_starts_from_the_split_lines_are_those_of_the_lines_kept_whole(whole: str) -> None:
    """Measured from the lines split without their breaks (one character each but
    "\\r\\n"), each line starts where the lines split with them say, and the text ends
    where it does."""
    kept = [0]
    for line in whole.splitlines(keepends=True):
        kept.append(kept[-1] + len(line))
    assert tracing.line_starts(whole, whole.splitlines()) == kept


@settings(max_examples=100, deadline=None)
@given(path=st.text(max_size=8), line=st.integers(), col=st.integers())
def test_a_location_the_tracer_makes_is_the_one_its_class_makes(
        path: str, line: int, col: int) -> None:
    made, given_ = tracing._location(path, line, col), Location(path, line, col)
    assert (made, hash(made), repr(made), str(made)) == (given_, hash(given_), repr(given_),
                                                         str(given_))
    assert pickle.loads(pickle.dumps(made)) == given_
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 0  # type: ignore[misc]


def test_a_tracer_that_listed_the_data_words_first_finds_texts_where_one_listing_late_does(
        tmp_path: Path) -> None:
    """What a build lists before forking its workers (Tracer.list_data_words) gives them
    the same answers, a text with a word in no data file told without reading one; let
    go of (forget_read), the words are listed again when needed."""
    project = tmp_path / "project"
    init_project(project)
    config = load_config(project)
    (config.content_path / "data" / "extra.yaml").write_text(
        "- name: Pay rose 5% in 2025\n  note: a b\n\n- name: Pay fell\n", encoding="utf-8")
    texts = ["Pay rose", "5% in 2025", "nowhere to be found", "a b", "rose 5%", "Pay fell",
             "name: Pay", "fell\n"]
    lazy, ahead = Tracer(config, {}), Tracer(config, {})
    expected = [lazy._data_hit(text) for text in texts]
    assert any(hit[0] is not None for hit in expected)
    ahead.list_data_words()
    assert ahead.text.cache_info().currsize == 0  # the texts are not kept
    assert ahead._data_hit("nowhere to be found") == (None, "")
    assert ahead.text.cache_info().misses == 0  # told without reading a file
    assert [ahead._data_hit(text) for text in texts] == expected
    ahead.forget_read()
    ahead._in_data, ahead._unlisted = {}, 0
    assert ahead.text.cache_info().currsize == 0
    assert [ahead._data_hit(text) for text in texts] == expected


def test_a_pages_source_is_taken_from_the_loader_once_and_no_data_file(tmp_path: Path) -> None:
    """A worker's tracer takes the text of the page's source the loader read last (the
    page's body was just read from it) as it would read it, once; a source changed since
    is traced as read (its trace key is the stamp taken after). A data file is read from
    the file: the tracer's stamp of the data files is taken before it reads any."""
    project = tmp_path / "project"
    init_project(project)
    config = load_config(project)
    source = config.root / "content" / "articles" / "a.md"
    source.write_bytes(b"one\r\ntwo\rthree\n")
    data = config.content_path / "data" / "extra.yaml"
    data.write_text("a: b\n", encoding="utf-8")
    tracer = Tracer(config, {})
    read_text(source, "a.md", 1)
    source.write_text("changed\n", encoding="utf-8")
    tracer.take_loaded(SimpleNamespace(source=Location("content/articles/a.md")))  # type: ignore[arg-type]
    assert tracer.text(str(source)) == "one\ntwo\nthree\n"
    tracer.text.cache_clear()
    assert tracer.text(str(source)) == "changed\n"
    read_text(data, "extra.yaml", 1)
    data.write_text("a: c\n", encoding="utf-8")
    tracer.take_loaded(SimpleNamespace(source=Location("content/data/extra.yaml")))  # type: ignore[arg-type]
    assert tracer.text(str(data)) == "a: c\n"
