"""site_facts: what the site-wide rules keep of each file, and rules run from it."""

from __future__ import annotations

import pickle
from dataclasses import fields
from datetime import date
from urllib.parse import unquote

from copydesk.config import Thresholds
from copydesk.lint.readers import read_document
from copydesk.lint.rule import RuleContext
from copydesk.lint.rules.site import RULES
from copydesk.lint.runner import lint_site
from copydesk.lint.site_facts import SiteFacts, facts_of
from copydesk.lint.site_rule import Site
from copydesk.lint.url_parts import split_url

MARKDOWN = ("---\ntitle: Pay guide\nkeyphrase: pay bands\n---\n\n# Pay\n\n"
            "<!-- copydesk: ignore CD201 -->\nBody text that only per-file rules read.\n")
HTML = ("<!doctype html>\n<html lang=\"en\"><head>\n<title>Pay</title>\n"
        "<meta name=\"description\" content=\"All about pay.\">\n"
        "<meta name=\"robots\" content=\"index, follow\">\n"
        "<meta name=\"copydesk:keyphrase\" content=\"pay bands\">\n"
        "<link rel=\"canonical\" href=\"https://example.com/pay/\">\n</head><body>\n"
        "<h1 id=\"top\">Pay</h1>\n<p>Prose the site rules never read.</p>\n"
        "<!-- copydesk: ignore CD807 -->\n"
        "<p><a href=\"/other/\">a link</a> and <a name=\"end\" href=\"#top\">up</a></p>\n"
        "</body></html>\n")
CONTEXT = RuleContext(Thresholds(), date(2026, 11, 26))


def test_an_html_page_keeps_its_head_links_anchors_and_the_lines_they_are_on() -> None:
    facts = facts_of(read_document("pay/index.html", HTML))
    assert facts.page and (facts.title, facts.title_line) == ("Pay", 3)
    assert (facts.description, facts.description_line) == ("All about pay.", 4)
    assert facts.robots == "index, follow" and facts.indexable
    assert (facts.keyphrase, facts.keyphrase_line) == ("pay bands", 6)
    assert facts.canonical == "https://example.com/pay/"
    assert facts.links == (("/other/", 12), ("#top", 12))
    assert facts.ids == frozenset({"top", "end"})
    assert [s.target_line for s in facts.suppressions] == [12]
    assert facts.line_count == 13
    assert facts.line(3) == "<title>Pay</title>" and facts.line(12).startswith("<p><a href")
    assert facts.line(10) == ""  # prose is not kept


def test_a_markdown_source_keeps_its_keyphrase_and_suppressions_only() -> None:
    facts = facts_of(read_document("pay.md", MARKDOWN))
    assert not facts.page and facts.title is None and facts.links == ()
    assert (facts.keyphrase, facts.keyphrase_line) == ("pay bands", 3)
    assert facts.line(3) == "keyphrase: pay bands" and facts.line(9) == ""
    assert [s.line for s in facts.suppressions] == [8]


def test_noindex_takes_a_page_out_of_the_duplicate_rules() -> None:
    html = HTML.replace("index, follow", "NOINDEX")
    assert not facts_of(read_document("a.html", html)).indexable


def test_facts_pickle_back_to_equal_values_with_every_field() -> None:
    facts = facts_of(read_document("pay/index.html", HTML))
    again = pickle.loads(pickle.dumps(facts))
    assert again == facts
    assert all(getattr(again, field.name) == getattr(facts, field.name)
               for field in fields(SiteFacts))
    # Every field is in the constructor's arguments, in order.
    assert facts.__reduce__()[1] == tuple(getattr(facts, field.name)
                                          for field in fields(SiteFacts))


def test_the_site_rules_find_the_same_on_facts_as_on_the_files() -> None:
    files = {"index.html": HTML.replace("/other/", "/pay/"), "pay/index.html": HTML,
             "other/index.html": HTML.replace("#top", "#nowhere"), "a.md": MARKDOWN,
             "b.md": MARKDOWN}
    from_files = lint_site(Site.from_files(files), RULES, CONTEXT)
    documents = {name: read_document(name, text) for name, text in files.items()}
    site = Site({name: facts_of(document) for name, document in documents.items()},
                frozenset(files), {})
    from_facts = lint_site(site, RULES, CONTEXT)
    codes = {finding.code for finding in from_facts}
    assert {"CD690", "CD802", "CD805", "CD806"} <= codes
    assert from_facts == from_files
    # The finding shows the line the site facts kept.
    title = next(finding for finding in from_facts if finding.code == "CD805")
    assert title.source_line == "<title>Pay</title>" and title.line == 3


def test_site_paths_of_addresses_are_what_splitting_them_gives() -> None:
    site = Site.from_files({"index.html": HTML.replace("https://example.com/pay/",
                                                       "https://example.com/")})
    assert site.base_url == "https://example.com/"
    urls = ["https://example.com/a/b/", "https://example.com/a%20b/", "https://example.com/",
            "https://example.com/a/?page=2", "https://example.com/a/#top",
            "https://example.com//host/x", "https://example.com/ a/", "https://example.com/a b",
            "https://example.com/a:b/", "https://example.com/\ta/"]
    for url in urls:  # as the whole address split would give it
        assert site.local_path(url) == "/" + unquote(split_url(url[len("https://example.com/"):])
                                                     .path), url
    assert site.local_path("https://other.org/a/") is None


def test_a_fragment_link_points_at_its_own_page_in_every_folder() -> None:
    page = HTML.replace('href="/other/"', 'href="https://elsewhere.org/x"')
    site = Site.from_files({"a/index.html": page, "b/index.html": page,
                            "index.html": page.replace("#top", "#nowhere")})
    links = [(name, target, fragment) for name, _, href, target, fragment
             in site.internal_links]
    assert links == [("a/index.html", "a/index.html", "top"),
                     ("b/index.html", "b/index.html", "top"),
                     ("index.html", "index.html", "nowhere")]


def test_the_line_of_a_fragment_link_is_kept_only_when_the_page_lacks_the_anchor() -> None:
    html = HTML.replace('<p>Prose the site rules never read.</p>',
                        '<p>Long prose with a <a href="#top">working</a> link.</p>\n'
                        '<p>More prose, <a href="#gone">broken</a>.</p>')
    facts = facts_of(read_document("a.html", html))
    assert facts.line(10) == "" and facts.line(11).startswith("<p>More prose")
    hits = lint_site(Site({"a.html": facts}, frozenset({"a.html"})), RULES, CONTEXT)
    assert [(hit.code, hit.line, hit.source_line) for hit in hits if hit.code == "CD802"] == [
        ("CD802", 11, '<p>More prose, <a href="#gone">broken</a>.</p>')]
