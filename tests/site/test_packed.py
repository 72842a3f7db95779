"""A page's findings kept pickled (site.packed): the same values, one unpickle per page
read, the same bytes when nothing changed, and spilled to a file where pages are received."""

from __future__ import annotations

import os
import pickle
import weakref
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from copydesk.site import packed as packed_module
from copydesk.site.cache import BuiltPage, PageLint, Snapshot
from copydesk.site.packed import PackedLint, packed, packed_page, relinted
from copydesk.site.snapshot_store import load_snapshot, save_snapshot
from copydesk.site.stored import (
    StoredLint,
    StoredPage,
    heavy_in,
    record_of,
    traced_in,
    with_lint,
)
from tests.site.test_stored import a_page_with_claims


def unpickles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the heavy fields unpickled from here on: "traced" when the traced findings
    alone, "both" when both."""
    counted: list[str] = []
    traced_in, heavy_in = packed_module.traced_in, packed_module.heavy_in

    def traced_only(blob: bytes) -> object:
        counted.append("traced")
        return traced_in(blob)

    def both(blob: bytes) -> object:
        counted.append("both")
        return heavy_in(blob)

    monkeypatch.setattr(packed_module, "traced_in", traced_only)
    monkeypatch.setattr(packed_module, "heavy_in", both)
    return counted


def test_a_packed_lint_gives_the_fields_it_was_made_of(tmp_path: Path) -> None:
    page = a_page_with_claims(tmp_path)
    lint = packed(page.lint)
    assert isinstance(lint, PackedLint) and packed(lint) is lint
    assert not {"findings", "traced"} & set(lint.__dict__)  # bytes only
    assert lint.findings == page.lint.findings and lint.findings
    assert (lint.key, lint.facts, lint.traced, lint.trace, lint.report) == (
        page.lint.key, page.lint.facts, page.lint.traced, page.lint.trace, page.lint.report)
    assert heavy_in(lint.heavy_bytes) == (page.lint.findings, page.lint.traced)
    assert traced_in(lint.heavy_bytes) == page.lint.traced  # the others not made


def test_a_page_is_unpickled_once_and_repacked_only_when_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = a_page_with_claims(tmp_path)
    lint, other = packed(page.lint), packed(replace(page.lint, findings=()))
    counted = unpickles(monkeypatch)
    assert lint.findings and lint.traced == page.lint.traced and counted == ["both"]
    again = replace(lint, report=None)  # what tracing and reporting do to a page's lint
    assert again.__dict__["_heavy"] is lint.__dict__["_heavy"] and again.report is None
    assert other.findings == () and counted == ["both", "both"]
    changed = replace(lint, findings=lint.findings[:1])
    assert changed.heavy_bytes != lint.heavy_bytes
    assert changed.findings == page.lint.findings[:1]


def test_received_pages_are_spilled_to_a_file_and_read_back(tmp_path: Path) -> None:
    page = a_page_with_claims(tmp_path)
    lint = packed(page.lint)
    received = pickle.loads(pickle.dumps(replace(page, lint=lint)))  # as a worker sends it
    kept = received.lint.__dict__["_heavy"]
    assert not isinstance(kept, bytes)  # in this process's spool
    assert received.lint.heavy_bytes == lint.heavy_bytes
    assert received.lint.findings == page.lint.findings
    # A lint packed in the receiving process goes to the spool too; one sent is bytes.
    repacked = replace(received.lint, findings=())
    assert not isinstance(repacked.__dict__["_heavy"], bytes)
    assert isinstance(pickle.loads(pickle.dumps(repacked)).heavy_bytes, bytes)
    assert pickle.loads(pickle.dumps(repacked)).findings == ()


def in_forked_workers(folder: Path, count: int, work: Callable[[int], bytes]) -> list[bytes]:
    """What ``work(number)`` returns in each of ``count`` workers forked from here, run
    at the same time (each writes it to a file in ``folder``)."""
    children = []
    for number in range(count):
        child = os.fork()
        if child == 0:
            try:
                (folder / f"worker-{number}").write_bytes(work(number))
            finally:
                os._exit(0)
        children.append(child)
    for child in children:
        os.waitpid(child, 0)
    return [(folder / f"worker-{number}").read_bytes() for number in range(count)]


def test_forked_workers_append_their_bytes_to_the_spool_and_send_where(
        tmp_path: Path) -> None:
    page = a_page_with_claims(tmp_path)
    lints = [replace(page.lint, findings=page.lint.findings[:count])
             for count in range(len(page.lint.findings) + 1)] * 20
    blobs = [packed(lint).heavy_bytes for lint in lints]

    def work(number: int) -> bytes:  # a worker packs its lints and sends them
        made = [packed(replace(lint, key=f"{number}")) for lint in lints]
        assert not any(isinstance(lint.__dict__["_heavy"], bytes) for lint in made)
        # Where they are is sent as a plain tuple (no class of its own to call back).
        assert all(type(lint.__getstate__()["_heavy"]) is tuple for lint in made)
        return pickle.dumps(made)

    with packed_module.spooling():
        sent = in_forked_workers(tmp_path, 3, work)  # at once, into one file
        for number, blob in enumerate(sent):
            assert len(blob) < sum(map(len, blobs)) / 2  # where the bytes are, not them
            received = pickle.loads(blob)
            assert [lint.key for lint in received] == [f"{number}"] * len(lints)
            assert [lint.heavy_bytes for lint in received] == blobs
            assert [lint.findings for lint in received] == [lint.findings for lint in lints]
    # Received, they are in this process's spool; and sent on again, they are bytes.
    again = pickle.loads(pickle.dumps(received[-1]))
    assert again.findings == lints[-1].findings


def test_each_build_spools_to_a_new_file_and_an_old_one_goes_with_its_pages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = a_page_with_claims(tmp_path)
    with packed_module.spooling():
        first = packed(replace(page.lint, findings=page.lint.findings[:1]))
    with packed_module.spooling():
        second = packed(replace(page.lint, findings=()))
    spools = [lint.__dict__["_heavy"].spool for lint in (first, second)]
    assert spools[0] is not spools[1]
    assert (first.findings, second.findings) == (page.lint.findings[:1], ())
    gone = weakref.ref(spools[0])
    monkeypatch.setattr(packed_module, "_last", (b"", ()))  # what the last pack remembers
    del first, spools
    assert gone() is None  # closed: its file is gone


def test_a_worker_whose_parent_has_no_spool_sends_its_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lint = packed(a_page_with_claims(tmp_path).lint)
    monkeypatch.setattr(packed_module, "_spooling", None)  # another test's may live on

    def work(number: int) -> bytes:
        made = replace(lint, report=None, findings=())
        return b"1" if isinstance(made.__dict__["_heavy"], bytes) else b"0"

    assert in_forked_workers(tmp_path, 1, work) == [b"1"]


def test_a_page_sent_to_a_process_without_the_spool_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lint = a_page_with_claims(tmp_path).lint
    with packed_module.spooling():
        [sent] = in_forked_workers(tmp_path, 1, lambda number: pickle.dumps(packed(lint)))
    monkeypatch.setattr(packed_module, "_spooling", None)  # as in any other process
    with pytest.raises(RuntimeError, match="spool"):
        pickle.loads(sent)


def test_packed_page_packs_what_the_build_makes(tmp_path: Path) -> None:
    page = a_page_with_claims(tmp_path)
    made = packed_page(lambda job: page, "job")
    assert isinstance(made.lint, PackedLint) and made.path == page.path
    assert made.lint.findings == page.lint.findings
    # Sent and kept as its record: the same page, its fields made when read.
    received = pickle.loads(pickle.dumps(made))
    assert isinstance(received, StoredPage) and "_record" in received.__dict__
    assert "claims" not in received.__dict__ and "inputs" not in received.__dict__
    fields = BuiltPage.__dataclass_fields__
    assert [getattr(received, name) for name in fields if name != "lint"] == [
        getattr(page, name) for name in fields if name != "lint"]
    assert received.lint.facts == page.lint.facts


def test_a_received_page_given_a_new_lint_stays_its_record(tmp_path: Path) -> None:
    page = a_page_with_claims(tmp_path)
    received = pickle.loads(pickle.dumps(packed_page(lambda job: page, "job")))
    traced = with_lint(received, replace(received.lint, report=None))
    assert isinstance(traced, StoredPage) and record_of(traced) is record_of(received)
    assert traced.lint.report is None and traced.claims == page.claims
    # Another lint key (other settings) is no longer the record's: a plain page then.
    other = with_lint(received, replace(received.lint, key="other"))
    assert record_of(other) != record_of(received) and other.lint.key == "other"
    assert (other.path, other.inputs, other.claims) == (page.path, page.inputs, page.claims)
    # The save writes it as a plain page would be written, and a load gives it back.
    output = tmp_path / "site"

    def relint(name: str) -> PageLint:
        raise AssertionError("the bucket has the page's parts")

    written = save_snapshot(tmp_path, output, Snapshot("s", {page.path.file: traced}),
                            Snapshot("s"), relint)
    assert isinstance(written[page.path.file].lint, StoredLint)
    loaded = load_snapshot(tmp_path, output, "s", relint).pages[page.path.file]
    assert (loaded.claims, loaded.inputs, loaded.lint.facts, loaded.lint.findings) == (
        page.claims, page.inputs, page.lint.facts, page.lint.findings)


def test_the_save_writes_a_packed_lint_as_its_bytes(tmp_path: Path) -> None:
    page = a_page_with_claims(tmp_path)
    lint = packed(page.lint)
    stored = replace(page, lint=lint)
    output = tmp_path / "site"

    def relint(name: str) -> PageLint:
        raise AssertionError("the bucket has the page's parts")

    save_snapshot(tmp_path, output, Snapshot("s", {page.path.file: stored}), Snapshot("s"),
                  relint)
    loaded = load_snapshot(tmp_path, output, "s", relint).pages[page.path.file]
    assert isinstance(loaded, BuiltPage)
    assert (loaded.lint.findings, loaded.lint.traced) == (page.lint.findings, page.lint.traced)


def test_relinted_sets_light_fields_without_unpickling_the_heavy_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = a_page_with_claims(tmp_path)
    lint = packed(page.lint)
    counted = unpickles(monkeypatch)
    again = relinted(lint, report=None, trace=None)
    assert isinstance(again, PackedLint) and not counted  # nothing read
    assert again.__dict__["_heavy"] is lint.__dict__["_heavy"]
    assert (again.key, again.facts, again.trace, again.report) == (lint.key, lint.facts,
                                                                    None, None)
    assert again == replace(lint, report=None, trace=None)
    assert lint.report == page.lint.report  # the one it was made from is left as it was
    # A heavy field changed, or a lint that is not packed: as dataclasses.replace makes it.
    assert relinted(lint, findings=()).findings == ()
    assert relinted(page.lint, report=None) == replace(page.lint, report=None)


def test_the_traced_findings_are_read_without_the_findings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's lint reads every page's traced findings, not its findings: half the
    unpickling; the findings read afterwards are both read, and then both are kept."""
    page = a_page_with_claims(tmp_path)
    assert page.lint.traced is not None and page.lint.findings
    received = pickle.loads(pickle.dumps(packed(page.lint)))  # as a worker sends it
    counted = unpickles(monkeypatch)
    assert received.traced == page.lint.traced and counted == ["traced"]
    assert received.traced == page.lint.traced and counted == ["traced"]
    assert received.findings == page.lint.findings and counted == ["traced", "both"]
    assert received.traced == page.lint.traced and counted == ["traced", "both"]
    # A lint whose traced findings are none at all reads as such.
    bare = packed(replace(page.lint, traced=None))
    assert bare.traced is None and bare.findings == page.lint.findings
