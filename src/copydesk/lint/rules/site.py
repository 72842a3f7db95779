"""CD8xx site-wide checks, and CD690 duplicate-keyphrase: rules over a whole site folder.

They run when ``copydesk check`` is given a folder, and on every build. Links resolve
against the folder as a web server would serve it (``/a/`` is ``a/index.html``); absolute
URLs on the site's own address (see :attr:`Site.base_url`) count as internal. Each reports
on the files in the site's scope only (:attr:`Site.scope`), from what it gathered of every
file (:attr:`Site.gathered`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import unquote

from copydesk.lint.finding import Severity
from copydesk.lint.rule import RuleContext
from copydesk.lint.site_facts import SiteFacts
from copydesk.lint.site_rule import (
    DUPLICATED,
    ROBOTS,
    SITEMAP,
    UNLINKED_PAGES,
    Site,
    SiteHit,
    SiteRule,
    group_key,
    is_indexable,
)


def broken_link(site: Site, context: RuleContext) -> Iterable[SiteHit]:
    """A link to a page or file of the site that does not exist.

    What it does:
        Resolves every internal link (relative, root-relative, or an absolute URL on the
        site's own address) against the folder and reports those that reach no file.

    Why it matters:
        A reader who follows it lands on a 404 page, and search engines spend their crawl
        on dead ends.

    Example:
        ``<a href="/posts/old-slug/">`` when ``posts/old-slug/index.html`` does not exist.
    """
    for page, line, href, target, _ in site.internal_links:
        if not target:
            yield SiteHit(page, line, f"link to {href} resolves to no file of the site; "
                          "fix the address or restore the page", href)


def broken_anchor(site: Site, context: RuleContext) -> Iterable[SiteHit]:
    """A link to ``#anchor`` that names no element of its target page.

    What it does:
        For internal links with a fragment, checks that the target page has an element
        with that ``id`` (or an ``<a name>``).

    Why it matters:
        The browser opens the page at the top instead of the promised section, often after
        a heading was renamed and its id changed.

    Example:
        ``<a href="#salaries">`` on a page whose heading is ``<h2 id="salary-ranges">``.
    """
    for page, line, href, target, fragment in site.internal_links:
        facts = site.facts.get(target) if fragment else None
        if facts is not None and facts.page and unquote(fragment) not in facts.ids:
            yield SiteHit(page, line, f"link to {href}: {target} has no element with "
                          f"id '{unquote(fragment)}'; link to an id the page has", href)


def page_missing_from_sitemap(site: Site, context: RuleContext) -> Iterable[SiteHit]:
    """A page of the site that sitemap.xml does not list.

    What it does:
        When the folder has a sitemap.xml listing pages (not a sitemap index), reports
        every indexable HTML page (not ``404.html``, not ``noindex``) whose address no
        ``<loc>`` names.

    Why it matters:
        The sitemap is how search engines learn about pages quickly; one left out is
        found late or never, especially when few pages link to it.

    Example:
        ``posts/new-post/index.html`` exists but the sitemap was generated before it.
    """
    listed = site.gathered.listed
    if listed is None:
        return  # no sitemap, one that does not parse, or a sitemap index
    for name, facts in site.indexable:
        if name not in listed and facts.page:
            yield SiteHit(name, 1, f"page {name} is not listed in {SITEMAP}; add its URL "
                          "to the sitemap (or mark the page noindex)")


def sitemap_entry_without_page(site: Site, context: RuleContext) -> Iterable[SiteHit]:
    """A sitemap.xml entry whose URL is no page of the site.

    What it does:
        Maps each ``<loc>`` to a file through the site's address and reports those that
        reach nothing (or point at another host).

    Why it matters:
        Search engines report the sitemap as broken and trust it less; the entry usually
        names a page that was renamed or deleted.

    Example:
        ``<loc>https://example.com/posts/deleted/</loc>`` with no ``posts/deleted/``.
    """
    for loc, line, file in site.sitemap_files if site.in_scope(SITEMAP) else ():
        if not file:
            yield SiteHit(SITEMAP, line, f"sitemap entry {loc} is no page of the site; "
                          "remove it or restore the page", loc)


_OTHERS_SHOWN = 3  # a group of n pages would otherwise print n² names in all


def _first_others(name: str, group: Sequence[str]) -> str:
    # Only the first names are shown: the rest of a large group is counted, not copied.
    others = [other for other in group[:_OTHERS_SHOWN + 1] if other != name][:_OTHERS_SHOWN]
    shown = ", ".join(others)
    hidden = len(group) - 1 - _OTHERS_SHOWN
    return f"{shown} and {hidden:,} more" if hidden > 0 else shown


def _compared(facts: SiteFacts, kind: str) -> tuple[str, str, int] | None:
    """The group key, text and line of a file's ``kind`` of value (``DUPLICATED``), when
    the duplicate rules compare it."""
    text, line = DUPLICATED[kind](facts)
    key = group_key(text)
    return None if key is None or text is None else (key, text.strip(), line)


_KINDS = tuple(DUPLICATED)


def _duplicates(site: Site, kind: str, what: str) -> Iterator[SiteHit]:
    """A hit on every indexable page sharing its ``kind`` of value (``DUPLICATED``, case-
    and space-blind) with another."""
    gathered = site.gathered
    groups, place = gathered.groups[kind], _KINDS.index(kind)
    for name, facts in site.indexable:
        key = gathered.keys[name][place]  # as _compared makes it, made when gathered
        group = groups.get(key, ()) if key is not None else ()
        if len(group) > 1:
            value, line = DUPLICATED[kind](facts)
            text = (value or "").strip()  # a value: its key is not None
            yield SiteHit(name, line, f"{what} '{text}' is also used by "
                          f"{_first_others(name, group)}; give each page its own {what}", text)


def duplicate_title(site: Site, context: RuleContext) -> Iterable[SiteHit]:
    """Two or more pages with the same ``<title>``.

    What it does:
        Compares the titles of every HTML page of the folder (ignoring case and spacing).

    Why it matters:
        Search results show the title; identical ones compete with each other and tell
        the reader nothing about which page to open.

    Example:
        Two posts both titled ``<title>ML Roles in 2026</title>``.
    """
    return _duplicates(site, "title", "title")


def duplicate_description(site: Site, context: RuleContext) -> Iterable[SiteHit]:
    """Two or more pages with the same meta description.

    What it does:
        Compares the ``<meta name="description">`` of every HTML page of the folder.

    Why it matters:
        Google shows the description as the snippet; a copied one hides what is
        different about each page and is often replaced by arbitrary page text.

    Example:
        Every role page keeps the template's default description.
    """
    return _duplicates(site, "description", "meta description")


def orphan_page(site: Site, context: RuleContext) -> Iterable[SiteHit]:
    """A page that no other page of the site links to.

    What it does:
        Reports HTML pages (other than ``index.html`` and ``404.html``) that are the
        target of no internal link from another page.

    Why it matters:
        Readers cannot reach it by browsing and search engines rank it low: internal
        links are how a site says a page matters.

    Example:
        A post in ``posts/forgotten/`` that neither the home page nor any post links to.
    """
    linked = site.gathered.linked
    for name, facts in site.scoped:
        if facts.page and name not in linked and name not in UNLINKED_PAGES:
            yield SiteHit(name, 1, f"no page of the site links to {name}; link to it from "
                          "the home page, a listing or a related post")


def _robots_groups(text: str) -> Iterator[tuple[set[str], list[tuple[str, str, int]]]]:
    """robots.txt as (user agents, [(field, value, line)]) groups."""
    agents: set[str] = set()
    rules: list[tuple[str, str, int]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        key, _, value = raw.split("#", 1)[0].partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if rules:
                yield agents, rules
                agents, rules = set(), []
            agents.add(value)
        elif key in ("allow", "disallow"):
            rules.append((key, value, number))
    if agents:
        yield agents, rules


def robots_blocks_site(site: Site, context: RuleContext) -> Iterable[SiteHit]:
    """A robots.txt that forbids every crawler the whole site.

    What it does:
        Reports ``Disallow: /`` in the group for ``User-agent: *`` (unless the group
        also says ``Allow: /``, which wins).

    Why it matters:
        The site disappears from search: a staging setting shipped to production is the
        usual cause.

    Example:
        ``User-agent: *`` followed by ``Disallow: /``.
    """
    text = site.texts.get(ROBOTS, "") if site.in_scope(ROBOTS) else ""
    for agents, rules in _robots_groups(text):
        # An equally long Allow wins over Disallow (RFC 9309), so "Allow: /" undoes it.
        allowed = any(key == "allow" and value == "/" for key, value, _ in rules)
        for key, value, line in rules:
            if "*" in agents and key == "disallow" and value == "/" and not allowed:
                yield SiteHit(ROBOTS, line, "robots.txt blocks the whole site for every "
                              "crawler; remove 'Disallow: /' (or list only private paths)")


def robots_without_sitemap(site: Site, context: RuleContext) -> Iterable[SiteHit]:
    """A robots.txt that does not name the sitemap.

    What it does:
        When the folder has a robots.txt, checks it has a ``Sitemap:`` line.

    Why it matters:
        Crawlers look for the sitemap there first; without the line they must guess its
        address or be told in each search console by hand.

    Example:
        ``User-agent: *`` and ``Allow: /`` with no ``Sitemap: https://example.com/sitemap.xml``.
    """
    text = site.texts.get(ROBOTS) if site.in_scope(ROBOTS) else None
    if text is not None and not any(line.split(":", 1)[0].strip().lower() == "sitemap"
                                     for line in text.splitlines()):
        yield SiteHit(ROBOTS, 1, "robots.txt does not name the sitemap; add "
                      "'Sitemap: <site address>/sitemap.xml'")


def duplicate_keyphrase(site: Site, context: RuleContext) -> Iterable[SiteHit]:
    """Two pages of the site optimised for the same keyphrase.

    What it does:
        Compares the focus keyphrase of every page: the ``keyphrase`` of Markdown front
        matter, ``<meta name="copydesk:keyphrase">`` in HTML.

    Why it matters:
        Two pages chasing one query compete in search results (keyword cannibalisation)
        and usually both rank lower than one page would.

    Example:
        Two articles with ``keyphrase: machine learning roles``.
    """
    return _duplicates(site, "keyphrase", "keyphrase")


RULES: tuple[SiteRule, ...] = (
    SiteRule("CD690", "duplicate-keyphrase", Severity.WARNING, duplicate_keyphrase),
    SiteRule("CD801", "broken-internal-link", Severity.ERROR, broken_link),
    SiteRule("CD802", "broken-anchor", Severity.ERROR, broken_anchor),
    SiteRule("CD803", "page-missing-from-sitemap", Severity.WARNING, page_missing_from_sitemap),
    SiteRule("CD804", "sitemap-entry-without-page", Severity.ERROR, sitemap_entry_without_page),
    SiteRule("CD805", "duplicate-title", Severity.WARNING, duplicate_title),
    SiteRule("CD806", "duplicate-meta-description", Severity.WARNING, duplicate_description),
    SiteRule("CD807", "orphan-page", Severity.WARNING, orphan_page),
    SiteRule("CD808", "robots-blocks-site", Severity.ERROR, robots_blocks_site),
    SiteRule("CD809", "robots-without-sitemap", Severity.WARNING, robots_without_sitemap),
)


def duplicate_hits(name: str, facts: SiteFacts) -> Iterator[tuple[SiteRule, SiteHit]]:
    """The hits the duplicate rules make on file ``name`` should another page share its
    value, without their messages (which name the other pages): where they are is known
    from the file alone, so a build traces them where it lints the page."""
    if not is_indexable(name, facts):
        return
    # The value as _compared gives it, without its group key (made for each of a build's
    # pages: ~1.3 us each): a value has one when it is more than white space.
    for rule, value in _DUPLICATE_RULES:
        text, line = value(facts)
        shown = text.strip() if text else ""
        if shown:
            yield rule, SiteHit(name, line, "", shown)


_DUPLICATE_RULES = tuple(
    (next(rule for rule in RULES if rule.check is check), DUPLICATED[kind])
    for check, kind in ((duplicate_keyphrase, "keyphrase"), (duplicate_title, "title"),
                        (duplicate_description, "description")))
