"""The site-wide rules' index kept up to date page by page is the one made from scratch, and
the rules run on the pages an update reaches give, with every other page's findings as
they were, what the rules give on the whole site."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.config import Thresholds
from copydesk.lint.finding import Finding
from copydesk.lint.rule import RuleContext
from copydesk.lint.rules.site import (
    RULES,
    _compared,
    duplicate_description,
    duplicate_hits,
    duplicate_keyphrase,
    duplicate_title,
)
from copydesk.lint.runner import lint_site
from copydesk.lint.site_facts import SiteFacts
from copydesk.lint.site_index import SiteIndex
from copydesk.lint.site_rule import DUPLICATED, SITEMAP, Site, SiteHit, is_indexable

CONTEXT = RuleContext(Thresholds(), date(2026, 1, 1))
NAMES = ("index.html", "404.html", "a/index.html", "b/index.html", "c/index.html",
         "d/index.html")
TITLES = ("Roles", "roles ", "Pay", None)
HREFS = ("/", "/a/", "/b/#pay", "/c/#top", "/gone/", "#top", "/d/")


def page(title: str | None, description: str | None, keyphrase: str | None,
         hrefs: tuple[str, ...], ids: frozenset[str], noindex: bool) -> SiteFacts:
    lines = {1: "<html>", 2: f"<title>{title}</title>", 3: "<a>"}
    return SiteFacts(True, title, 2, description, 2, None, "noindex" if noindex else "",
                     keyphrase, 2, tuple((href, 3) for href in hrefs), ids, (), 3, lines)


facts = st.builds(page, st.sampled_from(TITLES), st.sampled_from(TITLES),
                  st.sampled_from(TITLES), st.lists(st.sampled_from(HREFS), max_size=3)
                  .map(tuple), st.sets(st.sampled_from(("top", "pay"))).map(frozenset),
                  st.booleans())


first_pages = st.lists(facts, min_size=len(NAMES), max_size=len(NAMES))
# Each: a page, its new facts, and the pages the sitemap lists after the edit.
edit_steps = st.lists(st.tuples(st.sampled_from(NAMES), facts,
                                st.lists(st.sampled_from(NAMES), unique=True).map(tuple)),
                      min_size=1, max_size=5)


def sitemap(names: tuple[str, ...]) -> str:
    locs = "".join(f"<url><loc>https://x.example/{name.removesuffix('index.html')}</loc></url>"
                   for name in names)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'


def site_of(pages: dict[str, SiteFacts], listed: tuple[str, ...]) -> Site:
    index = replace(pages["index.html"], canonical="https://x.example/")
    texts = {SITEMAP: sitemap(listed)}
    return Site({**pages, "index.html": index}, frozenset((*pages, *texts)), texts)


def by_file(findings: list[Finding]) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for finding in findings:
        found.setdefault(finding.path, []).append(finding)
    return found


@settings(max_examples=150, deadline=None)
@given(first=first_pages, edits=edit_steps)
def test_an_updated_index_reports_what_the_whole_site_does(
        first: list[SiteFacts], edits: list[tuple[str, SiteFacts, tuple[str, ...]]]) -> None:
    pages = dict(zip(NAMES, first, strict=True))
    outputs = {name: repr(facts) for name, facts in pages.items()}
    site = site_of(pages, NAMES)
    index = SiteIndex.of(site, outputs)
    before = by_file(lint_site(site, RULES, CONTEXT))
    was_listed = NAMES
    for name, edited, listed in edits:
        pages[name] = edited
        outputs[name] = repr(edited)
        site = site_of(pages, listed)
        # None: gathered again whole (here: a sitemap listing nothing turns the rule off,
        # one listing pages on).
        reached = index.update(site, outputs, "")
        if reached is None:
            assert not listed or not was_listed
            reached = site.files
        was_listed = listed
        assert index == SiteIndex.of(site, outputs)
        whole = by_file(lint_site(site, RULES, CONTEXT))
        scoped = by_file(lint_site(Site(site.facts, site.files, site.texts, reached,
                                        index.gathered), RULES, CONTEXT))
        assert set(scoped) <= reached
        merged = {**{path: found for path, found in before.items() if path not in reached},
                  **scoped}
        assert merged == whole
        before = whole


def test_a_change_of_files_or_settings_gathers_everything_again() -> None:
    pages = {name: page("T", None, None, ("/",), frozenset(), False) for name in NAMES}
    outputs = dict.fromkeys(pages, "x")
    index = SiteIndex.of(site_of(pages, NAMES), outputs)
    assert index.update(site_of(pages, NAMES), outputs, "other settings") is None
    fewer = {name: facts for name, facts in pages.items() if name != "d/index.html"}
    assert index.update(site_of(fewer, NAMES), outputs, "other settings") is None
    assert index == SiteIndex.of(site_of(fewer, NAMES), outputs, "other settings")
    assert index.update(site_of(fewer, NAMES), outputs, "other settings") == frozenset()


@settings(max_examples=100, deadline=None)
@given(first=first_pages, edits=edit_steps)
def test_a_kept_base_with_the_entries_changed_since_replayed_is_the_updated_index(
        first: list[SiteFacts], edits: list[tuple[str, SiteFacts, tuple[str, ...]]]) -> None:
    """What the build keeps of the index (``site.site_lint``): a base pickled once, and the
    entries that changed since, however many updates changed them."""
    pages = dict(zip(NAMES, first, strict=True))
    outputs = {name: repr(facts) for name, facts in pages.items()}
    index = SiteIndex.of(site_of(pages, NAMES), outputs)
    base, changed = pickle.dumps(index), {}
    for name, edited, listed in edits:
        pages[name] = edited
        outputs[name] = repr(edited)
        entries = dict(index.entries)
        if index.update(site_of(pages, listed), outputs, "") is None:  # gathered whole
            base, changed = pickle.dumps(index), {}
            continue
        changed.update((page, entry) for page, entry in index.entries.items()
                       if entry is not entries[page])
        replayed = pickle.loads(base)
        replayed.replay(changed, index.listed, index.texts)
        assert replayed == index


@settings(max_examples=100, deadline=None)
@given(st.lists(facts, min_size=len(NAMES), max_size=len(NAMES)),
       st.lists(st.sampled_from(NAMES), unique=True).map(tuple),
       st.none() | st.sets(st.sampled_from((*NAMES, SITEMAP))).map(frozenset))
def test_a_site_scoped_from_another_reports_what_a_new_one_does(
        first: list[SiteFacts], listed: tuple[str, ...], scope: frozenset[str] | None) -> None:
    site = site_of(dict(zip(NAMES, first, strict=True)), listed)
    gathered = SiteIndex.of(site, {}).gathered  # resolves every link and the sitemap
    lint_site(site, RULES, CONTEXT)
    scoped = site.scoped_to(scope, gathered)
    assert scoped.__dict__["_resolved"] is site.__dict__["_resolved"]  # shared, not redone
    assert scoped.sitemap_files is site.sitemap_files
    fresh = Site(site.facts, site.files, site.texts, scope, gathered)
    assert lint_site(scoped, RULES, CONTEXT) == lint_site(fresh, RULES, CONTEXT)
    assert scoped == fresh


@settings(max_examples=100, deadline=None)
@given(first_pages)
def test_the_gathered_keys_are_the_duplicate_rules_own(pages: list[SiteFacts]) -> None:
    """The duplicate rules look each page's group up by the key gathered with the index:
    that of its value as they compare it (case and spacing aside), None when not compared."""
    site = site_of(dict(zip(NAMES, pages, strict=True)), ())
    keys = SiteIndex.of(site, {}).gathered.keys
    for name, facts in site.facts.items():
        for place, kind in enumerate(DUPLICATED):
            compared = _compared(facts, kind) if is_indexable(name, facts) else None
            assert keys[name][place] == (compared[0] if compared is not None else None)


# Addresses on and off the site ("https://x.example/" by index.html's canonical), plain and not.
_URL_PARTS = st.lists(st.sampled_from(
    ["https://x.example/", "http://x.example/", "a", "b/", "/", "//", ".", "..", "%2F", "%20",
     "?q=1", "#top", ":", " ", "\t", "é", "index.html", "[", "@"]), max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(href=_URL_PARTS, base=st.sampled_from(["https://x.example/", "https://x.example/a/",
                                              "https://x.example/?", "https:///"]),
       folder=st.sampled_from(["", "a", "a/b"]))
def test_a_plain_path_on_the_site_resolves_as_its_split_parts_do(
        href: str, base: str, folder: str) -> None:
    """A link to a plain path from the site's root or after its address, resolved without
    splitting it, leads where its parts, split, lead."""
    pages = {name: page("Roles", None, None, (), frozenset(), False) for name in NAMES}
    site = Site({**pages, "index.html": replace(pages["index.html"], canonical=base + "x")},
                frozenset((*NAMES, "a.html", "a/b/index.html")))
    for url in (href, "/" + href, base + href):
        assert site._target(folder, url) == site._split_target(folder, url)


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(NAMES), values=st.lists(
    st.sampled_from((*TITLES, " ", "", " Pay\t", "\xa0")), min_size=3, max_size=3),
       noindex=st.booleans())
def test_the_duplicate_hits_a_page_may_get_are_its_compared_values(
        name: str, values: list[str | None], noindex: bool) -> None:
    """What a build traces ahead where it lints a page (duplicate_hits): a hit of each
    duplicate rule whose value _compared gives, at its line, pointing at it stripped."""
    title, description, keyphrase = values
    found = page(title, description, keyphrase, (), frozenset(), noindex)
    by_check = {rule.check: rule for rule in RULES}
    expected = [(by_check[check], SiteHit(name, compared[2], "", compared[1]))
                for check, kind in ((duplicate_keyphrase, "keyphrase"),
                                    (duplicate_title, "title"),
                                    (duplicate_description, "description"))
                if (compared := _compared(found, kind)) is not None
                ] if is_indexable(name, found) else []
    assert list(duplicate_hits(name, found)) == expected
