"""A cached page and its lint as the index keeps them: heavy fields and claims left out of
the index's objects until they are read."""

from __future__ import annotations

import marshal
import pickle
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from copydesk.content.models import Source as Cited
from copydesk.errors import Location
from copydesk.lint.document import Document, Suppression
from copydesk.lint.finding import Finding, Fix, Severity
from copydesk.render.ledger import BuildWarning, Claim
from copydesk.site.build import build_project
from copydesk.site.cache import BuiltPage, PageLint, TracedLint
from copydesk.site.stored import (
    HEAVY,
    LIGHT,
    Heavy,
    Light,
    StoredLint,
    StoredPage,
    _page_blob,
    _page_values,
    attach,
    heavy_blob,
    heavy_in,
    light_of,
    page_of,
    record_of,
    traced_in,
    with_lint,
)
from tests.site.records import make_config, make_project
from tests.site.test_incremental import NOW


class Source:
    """Where a stored lint's heavy fields are: here, the page's own, counted."""

    def __init__(self, page: BuiltPage) -> None:
        self.page, self.reads, self.light_reads = page, 0, 0

    def heavy(self, name: str) -> Heavy:
        self.reads += 1
        return self.page.lint.findings, self.page.lint.traced

    def light(self, name: str) -> Light:
        self.light_reads += 1
        return light_of(self.page)


def a_page_with_claims(tmp_path: Path) -> BuiltPage:
    """A page as a build makes it: a plain BuiltPage with its whole lint."""
    config, project = make_config(tmp_path), make_project(tmp_path)
    pages = build_project(config, project, now=NOW, cache=False).pages
    page = next(page for page in pages if page.claims)
    # The build leaves its pages stored; made whole again as a fresh render would give it.
    lint = PageLint(**{name: getattr(page.lint, name) for name in PageLint.__dataclass_fields__})
    return BuiltPage(**{**{name: getattr(page, name) for name in BuiltPage.__dataclass_fields__},
                        "lint": lint})


def test_the_index_keeps_a_page_as_plain_values_and_pickled_bytes(tmp_path: Path) -> None:
    page = a_page_with_claims(tmp_path)
    record = record_of(page)
    # What marshal can hold is plain data: no object of copydesk's in the record.
    assert marshal.loads(marshal.dumps(record)) == record
    loaded = page_of(pickle.loads(pickle.dumps(record)))
    assert isinstance(loaded, StoredPage) and isinstance(loaded.lint, StoredLint)
    assert not set(HEAVY) & set(loaded.lint.__dict__)
    lazy = ("lastmod", "claims", "warnings", "facts", "trace", "report")
    assert not set(lazy) & {*loaded.__dict__, *loaded.lint.__dict__}
    assert (loaded.path, loaded.source, loaded.inputs, loaded.output, loaded.stamp) == (
        page.path, page.source, page.inputs, page.output, page.stamp)
    # Its inputs are made again at each read, not kept with it to the build's end.
    assert "inputs" not in loaded.__dict__ and replace(loaded).inputs == page.inputs
    assert (loaded.sitemap_entry, loaded.claims_entry) == (page.sitemap_entry, page.claims_entry)
    assert loaded.claims == page.claims and loaded.claims
    assert (loaded.lastmod, loaded.warnings) == (page.lastmod, page.warnings)
    source = Source(page)
    loaded.lint.attach(source, page.path.file)
    assert (loaded.lint.key, loaded.lint.facts, loaded.lint.trace, loaded.lint.report) == (
        page.lint.key, page.lint.facts, page.lint.trace, page.lint.report)
    assert source.light_reads == 1 and source.reads == 0
    assert not loaded.lint.loaded
    assert loaded.lint.findings == page.lint.findings and loaded.lint.loaded
    assert loaded.lint.traced == page.lint.traced and source.reads == 1
    assert record_of(loaded) is loaded.__dict__["_record"]  # saved again as it was loaded


def test_a_built_page_with_another_lint_is_the_one_replace_makes(tmp_path: Path) -> None:
    """A page as rendered gets its traced lint in the worker (lint_build.traced_here) as a
    copy of its fields, the same as dataclasses.replace makes."""
    page = a_page_with_claims(tmp_path)
    lint = replace(page.lint, report=None, key="another")
    made, replaced = with_lint(page, lint), replace(page, lint=lint)
    assert type(made) is BuiltPage and made == replaced and made.__dict__ == replaced.__dict__
    assert made.lint is lint and page.lint is not lint


def test_a_replaced_stored_page_holds_every_field_and_is_recorded_whole(
        tmp_path: Path) -> None:
    page = a_page_with_claims(tmp_path)
    loaded = page_of(record_of(page))
    loaded.lint.attach(Source(page), page.path.file)
    changed = replace(loaded, claims=page.claims[:1],
                      lint=replace(loaded.lint, report=None, key="another"))
    assert isinstance(changed, StoredPage) and changed.claims == page.claims[:1]
    again = page_of(record_of(changed))
    again.lint.attach(Source(changed), page.path.file)
    assert again.claims == page.claims[:1] and again.lastmod == page.lastmod
    assert (again.lint.key, again.lint.report, again.lint.facts) == (
        "another", None, page.lint.facts)
    assert light_of(loaded) == light_of(page)  # the bytes as stored, not pickled again


def test_a_pages_light_part_is_its_facts_trace_and_report_each_pickled(
        tmp_path: Path) -> None:
    page = a_page_with_claims(tmp_path)
    lint = page.lint
    assert lint.trace is not None and lint.report is not None
    light = light_of(page)
    # Each pickled as plain values (no class of copydesk's looked up), made again when read.
    plain = [pickle.loads(part) for part in light]
    assert all(type(value) is tuple for value in plain), [type(v) for v in plain]
    assert plain[2] == lint.report.halves()
    read = page_of(record_of(page))
    read.lint.__dict__.update(zip(LIGHT, light, strict=True))
    assert (read.lint.facts, read.lint.trace, read.lint.report) == (
        lint.facts, lint.trace, lint.report)
    assert (type(read.lint.facts), type(read.lint.trace), type(read.lint.report)) == (
        type(lint.facts), type(lint.trace), type(lint.report))
    assert read.lint.trace.__dict__ == lint.trace.__dict__
    # Another value (none, or one of another class) is pickled as it is.
    other = page_of(record_of(page))
    other.lint.__dict__.update(facts=lint.facts, trace=None, report=lint.report.halves())
    light_other = light_of(other)
    assert pickle.loads(light_other[1]) is None
    assert pickle.loads(light_other[2]) == lint.report.halves()
    # A lint holding its parts' bytes (as read from a bucket) gives them as they are, and
    # pickles the others.
    stored = page_of(record_of(page))
    stored.lint.__dict__.update(_facts=b"facts", _report=b"report", trace=lint.trace)
    assert light_of(stored) == (b"facts", light[1], b"report")


def test_a_stored_pages_warnings_are_plain_values_until_read(tmp_path: Path) -> None:
    warned = (BuildWarning("statistic 's1' has no value", Location("content/s.yaml", 4, 2)),
              BuildWarning("another", Location("content/t.yaml")))
    page = replace(a_page_with_claims(tmp_path), warnings=warned)
    record = record_of(page)
    assert marshal.loads(marshal.dumps(record)) == record
    loaded = page_of(record)
    assert "warnings" not in loaded.__dict__
    assert loaded.warnings == warned and [str(w) for w in loaded.warnings] == [
        "content/s.yaml:4:2: statistic 's1' has no value", "content/t.yaml: another"]
    assert record_of(page_of(record_of(replace(loaded, claims=()))))[12] == record[12]


def test_a_loaded_page_holds_its_plain_values_and_makes_the_others_when_first_read(
        tmp_path: Path) -> None:
    page = a_page_with_claims(tmp_path)
    record = record_of(page)
    source = Source(page)
    loaded = page_of(record, source, page.path.file)
    plain = {"output", "stamp", "sitemap_entry", "claims_entry"}  # set from the record
    assert set(loaded.__dict__) == {"_record", "_warnings", "_page", "_stored", *plain}
    assert {name: getattr(loaded, name) for name in plain} == {
        name: getattr(page, name) for name in plain}
    assert loaded.path == page.path and set(loaded.__dict__) == {
        "_record", "_warnings", "_page", "_stored", *plain, "path"}
    assert (loaded.path, loaded.source, loaded.inputs, loaded.output) == (
        page.path, page.source, page.inputs, page.output)
    assert loaded.lint.key == page.lint.key and source.reads == 0
    assert loaded.lint.findings == page.lint.findings and source.reads == 1
    # Attached elsewhere once its lint is made, or before: it reads from there.
    later, early = Source(page), Source(page)
    attach(loaded, later, page.path.file)
    fresh = page_of(record)
    attach(fresh, early, page.path.file)
    assert loaded.lint.traced == page.lint.traced and later.reads == 1
    assert fresh.lint.findings == page.lint.findings and early.reads == 1
    assert replace(loaded, output="x").path == page.path  # a copy holds every field


class Text(str):
    """A string of a subclass: marshal cannot hold it, pickle can."""


_zones = st.sampled_from([None, UTC, timezone(timedelta(hours=2)),
                          timezone(timedelta(hours=-5, minutes=-30), "Office"),
                          ZoneInfo("Europe/London")])
_texts = st.text(max_size=12) | st.builds(Text, st.text(max_size=4))
_lastmods = st.none() | st.builds(
    lambda moment, zone, fold: moment.replace(tzinfo=zone, fold=fold),
    st.datetimes(), _zones, st.integers(0, 1))
_cited = st.none() | st.builds(Cited, _texts, st.sampled_from(["external", "first-party"]),
                               st.none() | _texts, st.none() | st.dates())
_claims = st.lists(st.builds(
    Claim, _texts, _texts, _texts, _texts,
    st.builds(Location, _texts, st.integers(0, 10**6), st.integers(-1, 500)),
    st.none() | st.integers(1, 99), _cited), max_size=4).map(tuple)


def _fields(value: Any) -> Any:
    """``value`` as every type and field of it reads, all the way down."""
    if isinstance(value, tuple):
        return tuple(map(_fields, value))
    if isinstance(value, datetime):
        return type(value), value.timetuple(), value.microsecond, value.fold, value.tzinfo
    if hasattr(value, "__dict__"):
        return type(value), {name: _fields(field) for name, field in vars(value).items()}
    return type(value), value


@given(_lastmods, _claims)
def test_a_pages_lastmod_and_claims_are_kept_as_plain_values_or_pickled(
        lastmod: datetime | None, claims: tuple[Claim, ...]) -> None:
    blob = _page_blob(lastmod, claims)
    # What the pickle would give, field by field and type by type.
    assert _fields(_page_values(blob)) == _fields(pickle.loads(pickle.dumps((lastmod, claims))))
    plain = not any(isinstance(text, Text) for claim in claims for text in (
        claim.page, claim.statistic, claim.rendered, claim.claim, claim.data.path,
        *((claim.source.name, claim.source.url) if claim.source else ())))
    assert (blob[:1] != b"\x80") == plain  # pickled only when marshal cannot hold it


class Noted(Claim):
    """A claim of a subclass: pickled, as marshal would lose its class."""


def test_a_claim_of_a_subclass_or_with_more_fields_is_pickled() -> None:
    claim = Claim("/p/", "s1", "5%", "5% of them", Location("d.yaml", 3, 1), 1,
                  Cited("Survey", "external", None, date(2026, 1, 2)))
    noted = Noted(*(getattr(claim, name) for name in Claim.__dataclass_fields__))
    extra = Claim(*(getattr(claim, name) for name in Claim.__dataclass_fields__))
    object.__setattr__(extra, "note", "kept")
    moment = datetime(2026, 6, 1, tzinfo=UTC)
    assert _page_blob(moment, (claim,))[:1] != b"\x80"
    for odd in (noted, extra):
        blob = _page_blob(moment, (claim, odd))
        assert blob[:1] == b"\x80"
        assert _fields(_page_values(blob)) == _fields((moment, (claim, odd)))


_texts = st.text(max_size=12)
_numbers = st.integers(min_value=0, max_value=300)
_findings = st.builds(
    Finding, _texts, _numbers, _numbers, _numbers, _numbers, st.sampled_from(("CD101", "CD704")),
    _texts, st.sampled_from(list(Severity)), _texts,
    st.none() | st.builds(Fix, _numbers, _numbers, _numbers, _numbers, _texts, _texts), _texts)


@given(st.lists(_findings, max_size=6), st.lists(st.integers(min_value=0, max_value=7)),
       st.booleans(), st.booleans())
def test_a_lints_heavy_fields_are_read_back_as_pickled(
        findings: list[Finding], traced_from: list[int], traced: bool,
        suppressed: bool) -> None:
    """heavy_blob keeps the findings' fields as plain tuples: what heavy_in and traced_in
    make of them is, field by field, what a pickle round trip of both gives, with a traced
    finding that is one of the findings (most of them) made once for both."""
    # The traced findings: some of the findings themselves (again, maybe), some new ones.
    moved = [replace(finding, path="content/moved.md", line=finding.line + 1)
             for finding in findings]
    pool = [*findings, *moved]
    suppressions = Document("content/a.md", "markdown", "x\n", (),
                            suppressions=(Suppression(("CD101",), 1, 2),))
    lint = (TracedLint(tuple(pool[number] for number in traced_from if number < len(pool)),
                       suppressions if suppressed else None) if traced else None)
    blob = heavy_blob(tuple(findings), lint)
    read, read_traced = heavy_in(blob)
    assert (read, read_traced) == pickle.loads(pickle.dumps((tuple(findings), lint)))
    assert traced_in(blob) == read_traced
    assert [type(finding) for finding in read] == [Finding] * len(findings)
    assert all(type(finding.severity) is Severity for finding in read)
    if read_traced is not None:
        assert lint is not None
        # A traced finding that was one of the findings is that one read back.
        at = {id(finding): number for number, finding in enumerate(findings)}
        for given_one, one in zip(lint.findings, read_traced.findings, strict=True):
            if id(given_one) in at:
                assert one is read[at[id(given_one)]]
