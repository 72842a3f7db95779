"""site_rule.slim: what a check or build keeps of each file for the site-wide rules."""

from __future__ import annotations

from datetime import date

from copydesk.config import Thresholds
from copydesk.lint.readers import read_document
from copydesk.lint.rule import RuleContext
from copydesk.lint.rules.site import duplicate_keyphrase
from copydesk.lint.site_rule import Site, slim

MARKDOWN = ("---\ntitle: Pay guide\nkeyphrase: pay bands\n---\n\n# Pay\n\n"
            "<!-- copydesk: ignore CD201 -->\nBody text that only per-file rules read.\n")
HTML = ("<!doctype html>\n<html lang=\"en\"><head>\n<title>Pay</title>\n"
        "<meta name=\"copydesk:keyphrase\" content=\"pay bands\">\n</head><body>\n"
        "<h1 id=\"top\">Pay</h1>\n<p>Prose the site rules never read.</p>\n"
        "<p><a href=\"/other/\">a link</a></p>\n</body></html>\n")


def test_markdown_keeps_its_front_matter_and_suppressions_and_its_line_numbers() -> None:
    document = read_document("a.md", MARKDOWN)
    slimmed = slim(document)
    assert slimmed.lines[:4] == document.lines[:4]
    assert len(slimmed.lines) == len(document.lines)
    assert not any(slimmed.lines[4:]) and slimmed.blocks == ()
    assert slimmed.front_matter == document.front_matter
    assert slimmed.suppressions == document.suppressions


def test_html_keeps_the_lines_of_its_head_and_links_and_drops_the_prose() -> None:
    document = read_document("a.html", HTML)
    slimmed = slim(document)
    assert document.page is not None and slimmed.page is not None
    kept = [line for line in slimmed.lines if line]
    assert "<title>Pay</title>" in kept and '<p><a href="/other/">a link</a></p>' in kept
    assert "<p>Prose the site rules never read.</p>" not in kept
    assert slimmed.page.links == document.page.links and slimmed.page.ids == document.page.ids


def test_a_duplicate_keyphrase_is_found_on_slimmed_documents_as_on_whole_ones() -> None:
    context = RuleContext(Thresholds(), date(2026, 11, 26))
    for reader_input in (("a.md", MARKDOWN), ("a.html", HTML)):
        whole = {name: read_document(name, reader_input[1]) for name in ("x/" + reader_input[0],
                                                                        "y/" + reader_input[0])}
        hits = list(duplicate_keyphrase(Site.of_documents(whole, frozenset(whole), {}), context))
        slimmed = {name: slim(document) for name, document in whole.items()}
        assert hits and list(duplicate_keyphrase(
            Site.of_documents(slimmed, frozenset(slimmed), {}), context)) \
            == hits
