"""Site-wide rules: checks over every page of a folder at once (links, sitemap, titles).

A :class:`SiteRule` is the site-wide twin of :class:`~copydesk.lint.rule.Rule`: its
``check`` is ``(Site, RuleContext) -> Iterable[SiteHit]`` with the same three docstring
sections. A :class:`Site` holds the facts of the folder's documents
(:class:`~copydesk.lint.site_facts.SiteFacts`) by their path relative to the folder, the
names of every file in it (images and stylesheets are link targets too) and the text of
``sitemap.xml`` and ``robots.txt``. It is built from a folder on disk by the runner, from
each page's facts by the build, or from a ``{relative path: text}`` mapping by the tests.

What the rules gather from every page (pages sharing a title, files some page links to,
files the sitemap lists: :class:`Gathered`) is made from the facts, or given by a build
that keeps it up to date across builds (``copydesk.site.site_index``); a Site with a
``scope`` reports on the files in it only, so that a rebuild that changes a few pages
runs the rules on those and on the pages their changes reach, not on 10,000.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from functools import cached_property
from urllib.parse import unquote
from xml.etree import ElementTree

from copydesk.lint.document import Document
from copydesk.lint.finding import Severity
from copydesk.lint.readers import kind_for, read_document
from copydesk.lint.rule import Documented, RuleContext
from copydesk.lint.site_facts import SiteFacts, facts_of
from copydesk.lint.url_parts import split_url

_PLAIN_PATH = re.compile(r"[^?#:\s\x00-\x1f]*")  # what urlsplit gives back as the path
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
# Pages that nothing needs to link to and no sitemap needs to list.
UNLINKED_PAGES = frozenset({"index.html", "404.html"})


def slim(document: Document) -> Document:
    """The document as the site-wide rules read it, and no more: for an HTML page its title,
    description, canonical, meta, links and anchors, suppressions, and the lines those point
    at; for Markdown its front matter (the keyphrase) and suppressions. Other lines are
    blank (their numbers stay), and blocks, JSON-LD, images and times, which only per-page
    rules read, are dropped: a check or build of 10,000 files keeps one of these per file."""
    page = document.page
    if page is None:
        keep = set(range(1, _front_matter_lines(document.lines) + 1))
    else:
        keep = {1, page.title_line, page.description_line, *page.meta_lines.values(),
                *(link.line for link in page.links)}
        page = replace(page, json_ld=(), images=(), times=())
    return replace(document, source=document.lines_only(keep), blocks=(), page=page)


def _front_matter_lines(lines: list[str]) -> int:
    """How many lines the front matter fenced by the first line ("---" or "+++") takes."""
    fence = lines[0].rstrip() if lines else ""
    if fence not in ("---", "+++"):
        return 0
    closing = ("---", "...") if fence == "---" else ("+++",)
    return next((number + 1 for number in range(1, len(lines))
                 if lines[number].rstrip() in closing), 0)


# Its __init__ written here, as Hit's (copydesk.lint.rule): a site makes tens of thousands.
@dataclass(frozen=True, init=False)
class SiteHit:
    """A site rule's result: ``path`` (relative to the site folder) at ``line``."""

    path: str
    line: int
    message: str
    highlight: str = ""  # the text on the line to point at (an href, a title); "" = the line

    def __init__(self, path: str, line: int, message: str, highlight: str = "") -> None:
        self.__dict__.update(path=path, line=line, message=message, highlight=highlight)


# What the duplicate rules compare, by kind: a value of a file's facts and its line.
DUPLICATED: Mapping[str, Callable[[SiteFacts], tuple[str | None, int]]] = {
    "title": lambda facts: (facts.title, facts.title_line),
    "description": lambda facts: (facts.description, facts.description_line),
    "keyphrase": lambda facts: (facts.keyphrase, facts.keyphrase_line),
}


def group_key(text: str | None) -> str | None:
    """What two files must share for the duplicate rules (case and spacing aside); None:
    nothing to compare."""
    return " ".join(text.lower().split()) if text and text.strip() else None


def is_indexable(name: str, facts: SiteFacts) -> bool:
    """Whether search engines may list the file (not 404.html, not ``noindex``): pages kept
    out of search results compete with nothing."""
    return name != "404.html" and facts.indexable


@dataclass(frozen=True)
class Gathered:
    """What the site-wide rules gather from every file of the site."""

    # By kind (DUPLICATED), the names of the indexable files sharing each group_key, in
    # the site's order.
    groups: Mapping[str, Mapping[str, Sequence[str]]]
    linked: Container[str]  # files some page links to, other than themselves
    listed: Container[str] | None  # files the sitemap lists; None: no sitemap to compare
    # By file with facts, its group_key of each DUPLICATED kind in that order (None: not
    # compared): the duplicate rules look each page's group up without making its keys again.
    keys: Mapping[str, Sequence[str | None]]


# What a Site works out from its facts, files and texts alone (Site.scoped_to).
_UNSCOPED = ("base_url", "sitemap_locations", "sitemap_files")


@dataclass(frozen=True)
class Site:
    facts: Mapping[str, SiteFacts]  # relative POSIX path -> what the rules know of it
    files: frozenset[str]  # every file of the folder, relative POSIX paths
    texts: Mapping[str, str] = field(default_factory=dict)  # sitemap.xml, robots.txt
    scope: AbstractSet[str] | None = None  # the files to report on; None: every one
    known: Gathered | None = None  # what the rules gather, when kept up to date elsewhere

    @classmethod
    def from_files(cls, files: Mapping[str, str]) -> Site:
        """A site from ``{relative path: text}``, its documents read."""
        facts = {name: facts_of(read_document(name, text)) for name, text in files.items()
                 if kind_for(name) in ("markdown", "html")}
        texts = {name: files[name] for name in (SITEMAP, ROBOTS) if name in files}
        return cls(facts, frozenset(files), texts)

    @classmethod
    def of_documents(cls, documents: Mapping[str, Document], files: frozenset[str],
                     texts: Mapping[str, str]) -> Site:
        return cls({name: facts_of(document) for name, document in documents.items()},
                   files, texts)

    def scoped_to(self, scope: AbstractSet[str] | None, known: Gathered | None) -> Site:
        """The same site reporting on ``scope`` only, with ``known`` gathered. Its files,
        facts and texts are these, so what this one resolved (links, the sitemap, the
        site's address) is shared, not made again: a build runs the rules on a site in
        two scopes after its index, and each resolved every page's links and parsed a
        sitemap of 10,000 entries again."""
        site = Site(self.facts, self.files, self.texts, scope, known)
        site.__dict__["_resolved"] = self._resolved  # caches filled by either
        site.__dict__["_links"] = self._links
        site.__dict__.update({name: self.__dict__[name] for name in _UNSCOPED
                              if name in self.__dict__})
        return site

    def in_scope(self, name: str) -> bool:
        return self.scope is None or name in self.scope

    @cached_property
    def scoped(self) -> tuple[tuple[str, SiteFacts], ...]:
        """The files in scope, with their facts, in the site's order when every one is."""
        if self.scope is None:
            return tuple(self.facts.items())
        return tuple((name, self.facts[name]) for name in self.scope if name in self.facts)

    @cached_property
    def internal_links(self) -> tuple[tuple[str, int, str, str, str], ...]:
        """(page, line, href, target file or "", fragment) of every internal link of the
        pages in scope, in page order."""
        return tuple(link for name, facts in self.scoped if facts.page
                     for link in self.links_of(name, facts))

    def links_of(self, name: str, facts: SiteFacts) -> list[tuple[str, int, str, str, str]]:
        """The internal links of page ``name`` (``facts``: its facts) as
        :attr:`internal_links` gives them. A site repeats its links (menus, listings,
        "#sources") on every page: each href is resolved once (a relative one once per
        folder it is linked from), then looked up. Kept by page: a build gathers them
        for its index (``site_index``), then the link rules read them again."""
        links = self._links.get(name)
        if links is None:
            links = self._links[name] = self._found_links(name, facts)
        return links

    def _found_links(self, name: str, facts: SiteFacts) -> list[tuple[str, int, str, str, str]]:
        folder = posixpath.dirname(name)
        links: list[tuple[str, int, str, str, str]] = []
        for href, line in facts.links:
            # "#faq" is the linking page wherever it is, like an absolute link.
            absolute = href.startswith(("/", "#")) or ":" in href
            key = ("/" if absolute else folder, href)
            if key not in self._resolved:
                self._resolved[key] = (None if self._elsewhere(href)
                                       else self._target(folder, href))
            found = self._resolved[key]
            if found is not None:
                file, fragment = found
                links.append((name, line, href, name if file is None else file, fragment))
        return links

    @cached_property
    def _resolved(self) -> dict[tuple[str, str], tuple[str | None, str] | None]:
        return {}

    @cached_property
    def _links(self) -> dict[str, list[tuple[str, int, str, str, str]]]:
        return {}

    @cached_property
    def gathered(self) -> Gathered:
        """What the rules gather from every file: given, or made from the facts."""
        if self.known is not None:
            return self.known
        from copydesk.lint.site_index import SiteIndex  # it builds on this module

        return SiteIndex.of(self, {}).gathered

    def listed(self) -> frozenset[str] | None:
        """The files the sitemap lists; None without a sitemap listing pages."""
        if not self.sitemap_locations:
            return None  # no sitemap, one that does not parse, or a sitemap index
        return frozenset(file for _, _, file in self.sitemap_files)

    def _elsewhere(self, href: str) -> bool:
        """Whether ``href`` is a web address on another site: the external links of a
        site's pages mostly differ from page to page, and need no splitting."""
        base = self.base_url
        return href.startswith(("http://", "https://")) and (base is None
                                                              or not href.startswith(base))

    def _target(self, folder: str, href: str) -> tuple[str | None, str] | None:
        """(file, fragment) an internal ``href`` on a page in ``folder`` points to; None if
        external. The file is "" when the link resolves to nothing in the folder, None when
        it is the linking page itself ("#faq", "?page=2")."""
        plain = self._plain_path(href.strip())
        if plain is None:
            return self._split_target(folder, href)
        # A page's address, from the root or in full (listings link to every page, each page
        # to its own): what _split_target gives it, without splitting it (~40% of resolving
        # the site's links for its index).
        joined = posixpath.normpath("/" + plain.lstrip("/"))
        return self.resolve(joined.lstrip("/"), plain.endswith("/")), ""

    def _split_target(self, folder: str, href: str) -> tuple[str | None, str] | None:
        """:meth:`_target` of any ``href``, from its parts."""
        parts = split_url(href.strip())
        if parts.scheme or parts.netloc:
            path = self.local_path(href.strip())
            if path is None:
                return None
        elif not href.strip() or href.startswith(("javascript:", "data:")):
            return None
        else:
            path = unquote(parts.path)
        if not path:
            return None, parts.fragment
        base = "" if path.startswith("/") else folder
        joined = posixpath.normpath(posixpath.join("/", base, path.lstrip("/")))
        return self.resolve(joined.lstrip("/"), path.endswith("/")), parts.fragment

    def resolve(self, relative: str, directory: bool) -> str:
        """The file a site path is served from: ``a/`` -> ``a/index.html``, ``a`` -> ``a.html``."""
        candidates = ([f"{relative}/index.html".lstrip("/")] if directory else
                      [relative, f"{relative}/index.html".lstrip("/"), f"{relative}.html"])
        return next((name for name in candidates if name in self.files), "")

    @cached_property
    def base_url(self) -> str | None:
        """The site's own address: the canonical of index.html, else the sitemap's common prefix."""
        index = self.facts.get("index.html")
        if index is not None and index.page and index.canonical:
            canonical = split_url(index.canonical)
            if canonical.scheme and canonical.netloc:
                folder = canonical.path.rsplit("/", 1)[0]
                return f"{canonical.scheme}://{canonical.netloc}{folder}/"
        locations = [loc for loc, _ in self.sitemap_locations]
        if not locations:
            return None
        prefix = posixpath.commonprefix(locations)
        host = split_url(prefix)
        root = f"{host.scheme}://{host.netloc}/"
        return prefix.rsplit("/", 1)[0] + "/" if len(prefix) > len(root) else root

    @cached_property
    def sitemap_locations(self) -> tuple[tuple[str, int], ...]:
        """Each ``<loc>`` of sitemap.xml with its line; () without a readable sitemap.
        Parsed once: the site's address and two rules read it."""
        text = self.texts.get(SITEMAP, "")
        try:
            root = ElementTree.fromstring(text) if text else None
        except ElementTree.ParseError:
            return ()
        if root is None or root.tag.endswith("sitemapindex"):
            return ()  # an index names other sitemaps, not pages: nothing to compare
        locations = [" ".join((element.text or "").split()) for element in root.iter()
                     if element.tag.rsplit("}", 1)[-1] == "loc"]
        found: list[tuple[str, int]] = []
        offset, line, counted = 0, 1, 0
        for loc in locations:
            # ElementTree keeps no lines; the n-th loc is found after the previous one, and
            # lines are counted on from there (from the start each time: quadratic).
            offset = max(text.find(loc, offset), offset)
            line += text.count("\n", counted, offset)
            counted = offset
            found.append((loc, line))
            offset += len(loc)
        return tuple(found)

    @cached_property
    def sitemap_files(self) -> tuple[tuple[str, int, str], ...]:
        """(loc, line, file it is served from or "") of each ``<loc>`` of sitemap.xml."""
        found = []
        for loc, line in self.sitemap_locations:
            path = self.local_path(loc)
            found.append((loc, line, "" if path is None
                          else self.resolve(path.strip("/"), path.endswith("/"))))
        return tuple(found)

    @cached_property
    def indexable(self) -> tuple[tuple[str, SiteFacts], ...]:
        """The files in scope search engines may list (:func:`is_indexable`)."""
        return tuple((name, facts) for name, facts in self.scoped if is_indexable(name, facts))

    def local_path(self, url: str) -> str | None:
        """The site path ("/a/b/") of an absolute URL on this site; None for another site."""
        base = self.base_url
        if base is None or not url.startswith(base):
            return None
        rest = url[len(base):]
        # A sitemap lists thousands of plain paths: only the others need splitting.
        return "/" + unquote(rest if _whole_path(rest) else split_url(rest).path)

    def _plain_path(self, href: str) -> str | None:
        """The site path of ``href`` when ``split_url`` would find nothing in it but that
        path (no scheme, host, query, fragment or colon): a plain path from the site's
        root, or the site's address (splitting cleanly) followed by one; else None."""
        if href.startswith("/"):
            rest, shown = href, ""
        else:
            base = self._plain_base
            if base is None or not href.startswith(base):
                return None
            rest, shown = href[len(base):], "/"  # as local_path gives it
        return shown + unquote(rest) if _whole_path(rest) else None

    @cached_property
    def _plain_base(self) -> str | None:
        """The site's address, when a URL made of it and a plain path splits into its
        scheme, its host and that path: with no query or fragment of its own."""
        base = self.base_url
        if base is None or "?" in base or "#" in base:
            return None
        parts = split_url(base)
        return base if parts.scheme and parts.netloc else None


def _whole_path(rest: str) -> bool:
    """Whether ``split_url`` gives ``rest`` back whole as the path: no scheme, host, query,
    fragment or colon in it (most links of a site, and every sitemap entry)."""
    return _PLAIN_PATH.fullmatch(rest) is not None and not rest.startswith("//")


SiteCheck = Callable[[Site, RuleContext], Iterable[SiteHit]]


@dataclass(frozen=True)
class SiteRule(Documented):
    code: str
    name: str
    severity: Severity
    check: SiteCheck
