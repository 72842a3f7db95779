"""The gate: statistics become stat() citations, findings become comments in the draft."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from copydesk.config import Config
from copydesk.content.models import Source, Statistic
from copydesk.errors import Location
from copydesk.lint.finding import Finding, Severity
from copydesk.llm.gate import annotate, find_citations, gate, versions

HERE = Location("content/data/statistics.yaml", 1)
RAG = Statistic("rag", Decimal("65"), "%", "RAG appears in 65% of listings.", HERE,
                source=Source("LinkedIn"))
PAY = Statistic("pay", Decimal("220000"), "USD", "Pay starts at $220,000.", HERE,
                source=Source("Levels"))
TEAMS = Statistic("teams", Decimal("3"), "x", "Teams are 3x larger.", HERE)
OPEN = Statistic("open", Decimal("90"), "", "Roles stay open 90 days.", HERE)
ALL = (RAG, PAY, TEAMS, OPEN)
CONFIG = Config(root=Path("."), source=None)


def cited(text: str) -> list[tuple[str, str]]:
    return [(text[c.start:c.end], c.statistic.id) for c in find_citations(text, ALL)]


def test_a_number_is_cited_only_in_its_statistic_unit() -> None:
    assert cited("RAG is in 65% of them, and 65 percent is a lot.") == [
        ("65%", "rag"), ("65 percent", "rag")]
    assert cited("Pay starts at $220,000 or USD 220000.") == [("$220,000", "pay"),
                                                            ("USD 220000", "pay")]
    assert cited("Teams are 3x larger, not 3 larger; 90 days, not 90%.") == [
        ("3x", "teams"), ("90", "open")]
    assert cited("About 65 teams and $90 and 220,000 people.") == []


def test_the_preview_prints_citations_as_stat_does_in_markdown() -> None:
    text = "RAG is in 65% of listings; pay starts at $220,000; 65% again; 3x."
    assert versions(text, find_citations(text, ALL), "draft.md").rendered == (
        "RAG is in 65%[\\[1\\]](#source-1) of listings; pay starts at "
        "$220,000[\\[2\\]](#source-2); 65%[\\[1\\]](#source-1) again; 3x.")


def gated(text: str, allowed: frozenset[str] = frozenset({"65", "220000", "3", "90"})) -> str:
    return gate(text, ALL, allowed, CONFIG, "draft.md", date(2026, 11, 25)).body


def test_cited_numbers_become_stat_calls_and_pass_the_linter() -> None:
    body = gated("RAG now appears in 65% of listings, and pay starts at $220,000.")
    assert body == ('RAG now appears in {{ stat("rag") }} of listings, and pay starts at '
                    '{{ stat("pay") }}.')


def test_an_invented_number_is_a_comment_above_its_paragraph() -> None:
    text = "## Pay\n\nPay is high.\nMost teams hire 12 people a year.\n\nRAG is in 65% of them."
    result = gate(text, ALL, frozenset({"65"}), CONFIG, "draft.md", date(2026, 11, 25))
    lines = result.body.split("\n")
    assert lines[2].startswith("<!-- copydesk: CD204 claim-not-in-data: '12' is not in the data")
    assert lines[2].endswith(" -->") and lines[3] == "Pay is high."
    (finding,) = [f for f in result.findings if f.code == "CD204"]
    assert (finding.line, lines[finding.line - 1]) == (5, "Most teams hire 12 people a year.")


def test_a_comment_is_one_line_without_a_double_hyphen() -> None:
    finding = Finding("draft.md", 2, 1, 2, 5, "CD204", "claim-not-in-data", Severity.ERROR,
                      "bad -- very\nbad")
    result = annotate("First line\nsecond line of the paragraph.", [finding])
    assert result.body.split("\n") == [
        "<!-- copydesk: CD204 claim-not-in-data: bad – very bad -->",
        "First line", "second line of the paragraph."]
    assert result.findings[0].line == 3


def test_findings_point_into_the_draft_as_written() -> None:
    text = "Pay starts at $220,000 and 65% of teams hire 12 people.\nNext line has 13."
    result = gate(text, ALL, frozenset({"65", "220000"}), CONFIG, "draft.md",
                  date(2026, 11, 25))
    lines = result.body.split("\n")
    covered = {(f.code, lines[f.line - 1][f.col - 1:f.end_col - 1]) for f in result.findings}
    assert {("CD204", "12"), ("CD204", "13")} <= covered
    assert all(f.source_line == lines[f.line - 1] for f in result.findings)


def test_a_position_inside_a_citation_covers_the_whole_stat_call() -> None:
    text = "About 65% of listings."
    drafted = versions(text, find_citations(text, ALL), "draft.md")
    rendered_end = drafted.rendered.index("%") + 2  # just after "65%", inside the marker
    assert drafted.to_written(1, 7) == (1, 7)
    assert drafted.to_written(1, rendered_end, end=True) == (1, 7 + len('{{ stat("rag") }}'))
    assert drafted.to_written(1, len(drafted.rendered) + 1) == (1, len(drafted.written) + 1)
