"""Parsed content kept across builds: unchanged files are not parsed again."""

from __future__ import annotations

import os
import pickle
import shutil
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copydesk.config import Config, load_config
from copydesk.content import load_project, loader
from copydesk.content.articles import KnownNames, parse_article
from copydesk.content.fields import Field
from copydesk.content.formats import parse_data
from copydesk.content.models import Article, Statistic
from copydesk.content.yaml_items import ItemKey, ParsedItem, parse_items
from copydesk.errors import ContentError, Location
from copydesk.site import parse_cache, plan_reuse
from copydesk.site.build import build_site
from copydesk.site.init import init_project
from copydesk.site.noop import FOLDER
from tests.site import test_lint_incremental as incremental
from tests.site.helpers import snapshot

ARTICLE = "content/articles/most-in-demand-machine-learning-roles-2026.md"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each file was really parsed (not answered from the memo)."""
    calls: Counter[str] = Counter()
    def article(path: Path, display: str, text: str, known: KnownNames) -> Article:
        calls[display] += 1
        return parse_article(path, display, text, known)

    def data(text: str, display: str, name: str, suffix: str) -> Any:
        calls[display] += 1
        return parse_data(text, display, name, suffix)

    def items(text: str, display: str, kept: Mapping[ItemKey, ParsedItem]) -> Any:
        calls[display] += 1
        return parse_items(text, display, kept)

    monkeypatch.setattr(parse_cache, "parse_article", article)
    monkeypatch.setattr(plan_reuse, "parse_article", article)  # articles edited alone
    monkeypatch.setattr(parse_cache, "parse_data", data)
    monkeypatch.setattr(parse_cache, "parse_items", items)
    return calls


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each statistic record (by its YAML path) is built."""
    from copydesk.content import records

    counts: Counter[str] = Counter()
    real = records.statistic

    def statistic(field: Field, role_slugs: Collection[str]) -> Statistic:
        counts[field.path] += 1
        return real(field, role_slugs)

    monkeypatch.setattr(records, "statistic", statistic)
    return counts


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    init_project(root)
    return root


def test_unchanged_files_are_not_parsed_again(project: Path, parsed: Counter[str]) -> None:
    config = load_config(project)
    build_site(config)
    assert parsed[ARTICLE] == 1 and parsed["content/data/statistics.yaml"] == 1
    first = snapshot(project / "site")

    parsed.clear()
    build_site(config)
    assert parsed == Counter()
    assert snapshot(project / "site") == first

    article = project / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n",
                       encoding="utf-8")
    build_site(config)
    assert parsed == Counter({ARTICLE: 1})


def test_an_article_whose_reference_went_away_is_parsed_again(project: Path,
                                                              parsed: Counter[str]) -> None:
    config = load_config(project)
    build_site(config)
    authors = project / "content/data/authors.yaml"
    authors.write_text("[]\n", encoding="utf-8")  # the article's author is gone
    with pytest.raises(ContentError, match="author"):
        build_site(config)
    assert parsed[ARTICLE] == 2


def test_kept_articles_references_are_checked_only_when_the_names_changed(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []
    real = parse_cache._references_exist

    def references_exist(article: Article, known: KnownNames) -> bool:
        checked.append(article.slug)
        return real(article, known)

    monkeypatch.setattr(parse_cache, "_references_exist", references_exist)
    config = load_config(project)
    build_site(config)
    build_site(config)
    assert checked == []  # the same names as the articles were checked against
    authors = project / "content/data/authors.yaml"
    authors.write_text(authors.read_text(encoding="utf-8") + "- id: someone-new\n"
                       "  name: Someone New\n", encoding="utf-8")
    build_site(config)
    assert checked  # another author: every kept article is checked again
    checked.clear()
    build_site(config)
    assert checked == []


def test_a_damaged_memo_is_ignored(project: Path, parsed: Counter[str]) -> None:
    config = load_config(project)
    build_site(config)
    first = snapshot(project / "site")
    prefix = project / parse_cache.MEMO_PREFIX
    buckets = list(prefix.parent.glob(f"{prefix.name}-*.pickle"))
    assert buckets
    for bucket in buckets:
        bucket.write_bytes(b"\x80\x05 not a pickle")
    plan_reuse.forget_plan(config)  # the full path, which reads the memo
    parsed.clear()
    build_site(config)
    assert parsed[ARTICLE] == 1
    assert snapshot(project / "site") == first
    assert (project / FOLDER).is_dir()


def test_a_file_is_read_only_when_its_stamp_changed(project: Path, parsed: Counter[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from copydesk.content import loader

    read: Counter[str] = Counter()
    real = loader.read_text

    def counting(path: Path, display: str, max_mb: int) -> str:
        read[display] += 1
        return real(path, display, max_mb)

    monkeypatch.setattr(loader, "read_text", counting)
    config = load_config(project)
    build_site(config)
    read.clear()
    parsed.clear()
    article = project / ARTICLE
    status = article.stat()
    os.utime(article, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    build_site(config)
    assert read == Counter({ARTICLE: 1})  # touched: read, its digest compared
    assert parsed == Counter()  # and the same text is not parsed again


def test_the_records_of_an_unchanged_data_file_are_not_built_again(
        project: Path, built: Counter[str]) -> None:
    config = load_config(project)
    build_site(config)
    assert sum(built.values()) > 1
    built.clear()
    memo = parse_cache.ParseMemo(project)
    loaded = load_project(config, memo.parsers)
    assert built == Counter()
    # Kept with the fingerprints the first build took, and those are still right.
    for kept in loaded.statistics.values():
        assert "fingerprint" in vars(kept)
        assert kept.fingerprint == replace(kept).fingerprint

    # The statistics are checked against the role slugs again when those change.
    roles = project / "content/data/roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace(
        "slug: mlops-specialist", "slug: mlops-person"), encoding="utf-8")
    with pytest.raises(ContentError, match="unknown role 'mlops-specialist'") as caught:
        build_site(config)
    assert caught.value.location.path == "content/data/statistics.yaml"
    assert sum(built.values()) > 1


def test_kept_articles_read_their_body_only_when_asked(project: Path) -> None:
    config = load_config(project)
    build_site(config)
    kept = load_project(config, parse_cache.ParseMemo(project).parsers).articles
    fresh = load_project(config).articles
    assert kept and all("body" not in vars(article) for article in kept)
    # The same records as a fresh parse, body read from the file when first used.
    assert kept == fresh
    assert [article.fingerprint for article in kept] == [a.fingerprint for a in fresh]
    assert all(vars(article)["body"] == article.body for article in kept)


def test_articles_parsed_afresh_read_their_body_only_when_asked(project: Path) -> None:
    # A cold build's workers render from the file: its load holds no bodies either.
    config = load_config(project)
    parsed = load_project(config, parse_cache.ParseMemo(project).parsers).articles
    assert parsed and all("body" not in vars(article) and "fingerprint" in vars(article)
                          for article in parsed)
    fresh = load_project(config).articles
    assert [article.fingerprint for article in parsed] == [a.fingerprint for a in fresh]
    assert parsed == fresh


def test_a_kept_article_pickles_whole(project: Path) -> None:
    config = load_config(project)
    build_site(config)
    article = _kept_article(config)
    data = pickle.dumps(article)
    (project / ARTICLE).unlink()  # the copy does not read the file again
    copy = pickle.loads(data)
    assert "body" in vars(copy) and "_read_body" not in vars(copy)
    assert copy == article and copy.fingerprint == article.fingerprint


def test_an_article_edited_during_the_build_is_not_rendered_from_its_new_body(
        project: Path) -> None:
    config = load_config(project)
    build_site(config)
    article = _kept_article(config)
    path = project / ARTICLE
    path.write_text(path.read_text(encoding="utf-8") + "\nAdded after the listing.\n",
                    encoding="utf-8")
    with pytest.raises(ContentError, match="changed while the site was being built") as caught:
        article.body  # noqa: B018
    assert caught.value.location == Location(ARTICLE, 1)
    assert caught.value.hint


def _kept_article(config: Config) -> Article:
    """The example's article as a rebuild's load gives it (without its body)."""
    loaded = load_project(config, parse_cache.ParseMemo(config.root).parsers)
    return next(article for article in loaded.articles if article.location.path == ARTICLE)


def test_editing_one_statistic_builds_only_its_record_again(
        project: Path, built: Counter[str], parsed: Counter[str]) -> None:
    config = load_config(project)
    build_site(config)
    statistics = project / "content/data/statistics.yaml"
    text = statistics.read_text(encoding="utf-8")
    first_value = next(line for line in text.split("\n") if line.startswith("  value: "))
    statistics.write_text(text.replace(first_value, "  value: 12", 1), encoding="utf-8")
    built.clear()
    loaded = load_project(config, parse_cache.ParseMemo(project).parsers)
    assert built == Counter({"statistics[0]": 1})
    assert loaded.statistics == load_project(config).statistics  # as a fresh load has them
    assert str(next(iter(loaded.statistics.values())).value) == "12"


def test_an_edit_that_repeats_a_kept_records_id_fails_as_a_fresh_load(project: Path) -> None:
    """The records kept from the memo are checked for unique ids all the same, and the
    error names the same two places a fresh load names."""
    config = load_config(project)
    build_site(config)
    statistics = project / "content/data/statistics.yaml"
    text = statistics.read_text(encoding="utf-8")
    ids = [line for line in text.split("\n") if line.startswith("- id: ")]
    statistics.write_text(text.replace(ids[-1], ids[0], 1), encoding="utf-8")
    with pytest.raises(ContentError) as fresh:
        load_project(config)
    with pytest.raises(ContentError) as kept:
        load_project(config, parse_cache.ParseMemo(project).parsers)
    assert "duplicate id" in str(kept.value)
    assert kept.value.render() == fresh.value.render()
    assert kept.value.location == fresh.value.location



def test_an_edit_of_one_item_pickles_that_item_alone(project: Path) -> None:
    config = load_config(project)
    build_site(config)
    before = _statistics_data(project)
    statistics = project / STATISTICS
    text = statistics.read_text(encoding="utf-8")
    first_value = next(line for line in text.split("\n") if line.startswith("  value: "))
    statistics.write_text(text.replace(first_value, "  value: 12", 1), encoding="utf-8")
    build_site(config)
    after = _statistics_data(project)
    assert after.blob == before.blob  # the base, not pickled again
    assert [item[0]["value"] for item in pickle.loads(after.since).values()] == [12]
    # The value made from the base and the item since is the one a whole parse gives.
    data = parse_cache.ParseMemo(project).parsers.data(
        loader.SourceFile(str(statistics), STATISTICS, 10), "statistics", ".yaml")()
    assert data == parse_data(statistics.read_text(encoding="utf-8"), STATISTICS,
                              "statistics", ".yaml")


def _statistics_data(project: Path) -> Any:
    """The statistics file's entry in the memo (a ``parse_cache._Data``)."""
    kept = parse_cache.ParseMemo(project)._kept
    (data,) = (entry.value for key, entry in kept.items()
               if key.endswith("\0data\0statistics\0.yaml"))
    return data


ITEMS = [f"- id: s{number}\n  value: {number}\n" for number in range(80)]


@settings(max_examples=30, deadline=None)
@given(edits=st.lists(st.tuples(st.integers(0, 79), st.integers(0, 3)), min_size=1,
                      max_size=8))
def test_items_kept_as_a_base_and_those_since_are_the_items_parsed(
        edits: list[tuple[int, int]]) -> None:
    """Whatever the edits (values changed and changed back, more than a few items, which
    writes a new base), the items kept are those a parse finds."""
    lines = list(ITEMS)
    found = parse_items("".join(lines), "f.yaml", {})
    assert found is not None
    data = parse_cache._Data.of_items(found[1], None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parse_cache, "base_outgrown", lambda changed, total: changed > 3)
        for number, value in edits:
            lines[number] = f"- id: s{number}\n  value: {value}\n"
            found = parse_items("".join(lines), "f.yaml", data.items())
            assert found is not None
            data = parse_cache._Data.of_items(found[1], data)
            assert list(data.items().items()) == list(found[1].items())


@settings(max_examples=60, deadline=None)
@given(size=st.integers(0, 300), edits=st.lists(
    st.tuples(st.sampled_from(["change", "insert", "delete"]), st.integers(0, 299)),
    max_size=6))
def test_records_kept_in_runs_are_the_records_made(size: int,
                                                  edits: list[tuple[str, int]]) -> None:
    """Whatever records an edit changes, adds or removes, the runs kept after it (those of
    the last load that hold the same records, and the others pickled again) give the
    records made, in order and by key."""
    made = [(f"k{number}", number) for number in range(size)]
    before = parse_cache._Records((), None, tuple(key for key, _ in made), tuple(
        pickle.dumps(tuple(made[start:start + parse_cache.RUN]))
        for start in range(0, size, parse_cache.RUN)))
    old = before.records()
    assert old == made
    records = list(old)  # the records kept are the ones unpickled, as ParseMemo.records has them
    for number, (kind, place) in enumerate(edits):
        at = place % (len(records) + 1)
        if kind == "insert":
            records.insert(at, (f"new{number}", -number))
        elif at < len(records):
            if kind == "change":
                records[at] = (records[at][0], records[at][1] + 1000)
            else:
                del records[at]
    runs = tuple(parse_cache._run(records, start, old, before)
                 for start in range(0, len(records), parse_cache.RUN))
    keys = tuple(key for key, _ in records)
    assert parse_cache._Records((), None, keys, runs).records() == records
    kept = parse_cache._KeptRecords(keys, runs)
    assert list(kept) == list(keys) and len(kept) == len(records)
    assert dict(kept.items()) == {record[0]: record for record in records}
    # A run holding the records kept, in their places, is the very one the last load kept.
    for start in range(0, len(records), parse_cache.RUN):
        if records[start:start + parse_cache.RUN] == old[start:start + parse_cache.RUN]:
            assert runs[start // parse_cache.RUN] is before.runs[start // parse_cache.RUN]


def test_a_rebuild_reads_the_runs_of_the_records_it_uses(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Records kept by the memo are unpickled a run at a time, when one is first read, and
    are those a fresh load makes; an edit of one record pickles its run again, alone."""
    monkeypatch.setattr(parse_cache, "RUN", 2)
    config = load_config(project)
    build_site(config)
    fresh = load_project(config)
    memo = parse_cache.ParseMemo(project, lazy=True)
    kept = loader.load_records(config, memo.parsers)
    (first, *_), count = fresh.statistics, len(fresh.statistics)
    assert count > 4
    inner = kept.statistics[first]  # reads the first run only
    assert inner == fresh.statistics[first]
    assert dict(kept.statistics) == dict(fresh.statistics)
    assert kept.faq == fresh.faq and kept.roles == fresh.roles
    statistics = project / STATISTICS
    text = statistics.read_text(encoding="utf-8")
    first_value = next(line for line in text.split("\n") if line.startswith("  value: "))
    runs = _records_entry(project).runs
    statistics.write_text(text.replace(first_value, "  value: 12", 1), encoding="utf-8")
    memo = parse_cache.ParseMemo(project, lazy=True)
    edited = loader.load_records(config, memo.parsers)
    memo.settle()
    memo.save()
    assert dict(edited.statistics) == dict(load_project(config).statistics)
    after = _records_entry(project).runs
    assert after[0] != runs[0] and after[1:] == runs[1:]


def _records_entry(project: Path) -> Any:
    """The statistics file's records in the memo (a ``parse_cache._Records``)."""
    kept = parse_cache.ParseMemo(project)._kept
    (records,) = (entry.value for key, entry in kept.items()
                  if key.startswith(str(project / STATISTICS)) and key.endswith("\0records"))
    return records


STATISTICS = "content/data/statistics.yaml"
FAQ = "content/data/faq.yaml"
# Edits of the files the memo keeps, each one an edit a sequence may make again.
MEMO_EDITS: dict[str, Callable[[Path], None]] = {
    "article body": lambda p: incremental.append(p / ARTICLE, "One more closing line."),
    "article title": lambda p: incremental.toggle(p / ARTICLE, "title: \"The Most",
                                                  "title: \"Again, The Most"),
    "statistic value": lambda p: incremental.toggle(p / STATISTICS, "value: 90", "value: 91"),
    # A new first record: every other record moves down (same text, other lines); made
    # twice, it is taken out again (its id is unique).
    "statistic added on top": lambda p: incremental.toggle(
        p / STATISTICS, "\n- id: extra-first\n  value: 5\n  unit: \"%\"\n"
        "  claim: Five percent more.\n\n- id: llm-specialist-requests-increase",
        "\n- id: llm-specialist-requests-increase"),
    "statistics comment": lambda p: incremental.append(p / STATISTICS, "# a closing note"),
    "faq answer": lambda p: incremental.toggle(p / FAQ, "answer: >-", "answer: >"),
    "touched": lambda p: os.utime(p / STATISTICS),
}


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.sampled_from(sorted(MEMO_EDITS)), min_size=1, max_size=3))
def test_a_rebuild_from_the_memo_is_a_cold_build(
        tmp_path_factory: pytest.TempPathFactory, edits: list[str]) -> None:
    work = tmp_path_factory.mktemp("memo")
    project = work / "project"
    init_project(project)
    incremental.build(project)
    for name in edits:
        MEMO_EDITS[name](project)
        warm = incremental.build(project)
        cold = incremental.cold_build(project, work / "cold")
        assert warm.report == cold.report
        assert snapshot(project / "site") == snapshot(work / "cold" / "site")


def test_a_lazy_memo_reads_the_buckets_it_needs_and_keeps_the_others_entries(
        project: Path, parsed: Counter[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from copydesk.content.loader import load_records
    from copydesk.site.store import Buckets

    config = load_config(project)
    build_site(config)
    read: list[int] = []
    real = Buckets.load

    def counting(self: Buckets[Any], buckets: Any = None) -> Any:
        buckets = list(range(self.count) if buckets is None else buckets)
        read.extend(buckets)
        return real(self, buckets)

    monkeypatch.setattr(Buckets, "load", counting)
    statistics = project / "content/data/statistics.yaml"
    statistics.write_text(statistics.read_text(encoding="utf-8").replace(
        "value: 90", "value: 91"), encoding="utf-8")
    parsed.clear()
    memo = parse_cache.ParseMemo(project, lazy=True)
    records = load_records(config, memo.parsers)
    assert records.statistics["mlops-roles-open-beyond-days"].value == 91
    assert parsed == Counter({"content/data/statistics.yaml": 1})
    # The data files' entries only: no bucket of articles is read for them.
    assert read and all(bucket >= parse_cache.BUCKETS for bucket in read)
    memo.settle()
    memo.save()
    monkeypatch.setattr(Buckets, "load", real)
    parsed.clear()
    load_project(config, parse_cache.ParseMemo(project).parsers)
    assert parsed == Counter()  # every entry is still there, the statistic's is the new one


def _copies(project: Path, count: int) -> list[Path]:
    """``count`` more articles: the example's, each with a slug of its own."""
    text = (project / ARTICLE).read_text(encoding="utf-8")
    copies = []
    for number in range(count):
        copy = project / f"content/articles/copy-{number:02}.md"
        copy.write_text(text.replace("---\n", f"---\nslug: copy-{number:02}\n", 1),
                        encoding="utf-8")
        copies.append(copy)
    return copies


@pytest.fixture
def prefetched(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Prefetch from two articles on; the number of articles each prefetch parsed."""
    monkeypatch.setattr(parse_cache, "PREFETCH_FROM", 2)
    batches: list[int] = []
    real = parse_cache.begin_map

    def begin_map(function: Callable[[Any], Any], items: Any, **options: Any) -> Any:
        batches.append(len(items))
        return real(function, items, **options)

    monkeypatch.setattr(parse_cache, "begin_map", begin_map)
    return batches


def test_many_articles_to_parse_are_parsed_ahead_by_workers(
        project: Path, prefetched: list[int], parsed: Counter[str]) -> None:
    _copies(project, 40)
    config = load_config(project)
    serial = load_project(config).articles
    ahead = load_project(config, parse_cache.ParseMemo(project, jobs=2).parsers).articles
    assert prefetched == [41]
    # Parsed in the workers (whose counts do not reach this process), not here again.
    assert not [display for display in parsed if display.startswith("content/articles/")]
    assert ahead == serial
    assert [a.fingerprint for a in ahead] == [a.fingerprint for a in serial]
    assert [a.body for a in ahead] == [a.body for a in serial]


def test_articles_parsed_ahead_are_taken_in_as_their_chunks_come_back(
        project: Path, prefetched: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    _copies(project, 300)
    config = load_config(project)
    real = parse_cache.Begun.each
    given: list[int] = []  # how many results each took before the memo read an article
    maps: list[parse_cache.Begun[Any]] = []

    def each(self: parse_cache.Begun[Any]) -> Any:
        maps.append(self)
        for number, result in enumerate(real(self), start=1):
            given.append(number)
            yield result

    taken: list[int] = []
    real_take = parse_cache._Ahead.take

    def take(self: parse_cache._Ahead, key: str) -> Any:
        found = real_take(self, key)
        if key.endswith("\0article"):  # not a data file's
            taken.append(len(given))
        return found

    monkeypatch.setattr(parse_cache.Begun, "each", each)
    monkeypatch.setattr(parse_cache._Ahead, "take", take)
    ahead = load_project(config, parse_cache.ParseMemo(project, jobs=2).parsers).articles
    assert ahead == load_project(config).articles
    assert prefetched == [301] and len(taken) == 301
    assert taken[0] < 301  # the first article read before the last one came back
    assert taken == sorted(taken) and taken[-1] == 301
    assert len(maps) == 1 and maps[0]._executor is None  # its workers ended with the load


def test_a_load_with_few_articles_to_parse_does_not_prefetch(
        project: Path, prefetched: list[int]) -> None:
    copies = _copies(project, 4)
    config = load_config(project)
    build_site(config, jobs=2)
    assert prefetched == [5]
    copies[0].write_text(copies[0].read_text(encoding="utf-8") + "\nMore.\n",
                         encoding="utf-8")
    build_site(config, jobs=2)  # one article to parse again
    assert prefetched == [5]
    shutil.rmtree(project / FOLDER)
    build_site(config, jobs=1)  # five to parse, but one process asked for
    assert prefetched == [5]


@pytest.mark.parametrize("fault", ["front matter", "encoding", "duplicate slug",
                                   "unknown author", "unknown role", "role and date",
                                   "data file", "link out"])
def test_an_article_a_worker_cannot_parse_fails_as_in_a_serial_load(
        project: Path, prefetched: list[int], fault: str) -> None:
    """The workers parse front matters before the data files are loaded, knowing no
    names: a load that fails fails with the error a serial load gives."""
    copies = _copies(project, 12)
    text = copies[7].read_text(encoding="utf-8")
    if fault == "front matter":
        copies[7].write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    elif fault == "encoding":
        copies[7].write_bytes(b"---\ntitle: caf\xe9\n---\n")
    elif fault == "duplicate slug":
        copies[9].write_text(copies[3].read_text(encoding="utf-8"), encoding="utf-8")
    elif fault == "unknown author":
        copies[7].write_text(text.replace("author: matthew-ferdenzi", "author: matthew"),
                             encoding="utf-8")
    elif fault == "unknown role":
        copies[7].write_text(text.replace("  - mlops-specialist\n", "  - mlops\n"),
                             encoding="utf-8")
    elif fault == "role and date":  # the first of two faults, in the front matter's order
        copies[7].write_text(text.replace("  - mlops-specialist\n", "  - mlops\n")
                             .replace("date: 2026-01-15", "date: someday"), encoding="utf-8")
    elif fault == "data file":  # told before any article's, though they were parsed ahead
        copies[7].write_text(text.replace("author: matthew-ferdenzi", "author: matthew"),
                             encoding="utf-8")
        (project / "content/data/faq.yaml").write_text("- id: [\n", encoding="utf-8")
    else:  # a link out of the project, refused after the data files' errors
        (project / "content/articles/outside.md").symlink_to(project.parent / "elsewhere.md")
        (project.parent / "elsewhere.md").write_text(text, encoding="utf-8")
    config = load_config(project)
    with pytest.raises(ContentError) as serial:
        load_project(config)
    with pytest.raises(ContentError) as ahead:
        load_project(config, parse_cache.ParseMemo(project, jobs=2).parsers)
    assert prefetched == [13]
    assert str(ahead.value) == str(serial.value)
    assert (ahead.value.location, ahead.value.hint) == (serial.value.location,
                                                         serial.value.hint)


def test_the_articles_are_parsed_ahead_while_the_data_files_load(
        project: Path, prefetched: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    _copies(project, 12)
    config = load_config(project)
    serial = load_project(config).articles
    real = loader.load_records
    begun: list[int] = []

    def load_records(*args: Any, **options: Any) -> Any:
        begun.extend(prefetched)  # the workers are on the articles already
        return real(*args, **options)

    monkeypatch.setattr(loader, "load_records", load_records)
    ahead = load_project(config, parse_cache.ParseMemo(project, jobs=2).parsers).articles
    assert begun == [13] and ahead == serial
