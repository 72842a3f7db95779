"""What the CD6 rules read from a page, whichever way it was written.

An HTML page declares its title, description, canonical URL and keyphrase in its head
(``Document.page``); a Markdown article declares them in its front matter, which copydesk
(or Hugo, Jekyll) turns into that head. These helpers give the rules one view of both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copydesk.lint.document import Block, Document
from copydesk.lint.rule import Hit
from copydesk.lint.rules._words import block_words
from copydesk.lint.url_parts import split_url

# The head tag copydesk's templates emit for an article's keyphrase; other generators may
# emit it too. <meta name="keywords"> is not used: search engines ignore it, and it holds
# a list rather than the one phrase the page is about.
KEYPHRASE_META = "copydesk:keyphrase"
_ARTICLE_TYPES = frozenset({"article", "post", "posts", "blog", "blogposting"})
_PAGE_TAG_RE = re.compile(r"<(?:html|head|body|title)[\s>]", re.IGNORECASE)
_FIELD_RE = re.compile(r"([A-Za-z_][\w-]*)\s*[:=]")


@dataclass(frozen=True)
class Field:
    """A page-level value (title, description, ...) and the line that declares it."""

    value: str
    line: int


def is_page(document: Document) -> bool:
    """A whole HTML page, or Markdown with front matter: what becomes a web page. An HTML
    fragment (a theme's partial, an include) has none of <html>, <head>, <body>, <title>."""
    return document.once(_is_page)  # most CD6 rules ask


def _is_page(document: Document) -> bool:
    if document.page is not None:
        return _PAGE_TAG_RE.search(document.source) is not None
    return (
        document.kind == "markdown" and bool(document.front_matter))


def is_indexed(document: Document) -> bool:
    """A page search engines may list: ranking advice is pointless on a noindex page."""
    return document.once(_is_indexed)


def _is_indexed(document: Document) -> bool:
    if not is_page(document):
        return False
    robots = document.page.meta.get("robots", "") if document.page is not None else ""
    return "noindex" not in robots.lower()


def is_article(document: Document) -> bool:
    """An article (a post), not a role, landing or index page: og:type in HTML, front
    matter ``type`` or ``layout`` in Markdown; a page that declares no type is an article."""
    if document.page is not None:
        kind = document.page.meta.get("og:type", "article")
    else:
        declared = document.front_matter.get("type") or document.front_matter.get("layout")
        kind = declared if isinstance(declared, str) else "article"
    return kind.strip().lower() in _ARTICLE_TYPES


def front_matter_line(document: Document, key: str) -> int:
    """Line of ``key`` in the front matter (YAML or TOML); 1 when it cannot be found."""
    for number, line in enumerate(document.lines[1:], start=2):
        if line.rstrip() in ("---", "+++", "..."):
            break
        found = _FIELD_RE.match(line)
        if found is not None and found.group(1) == key:
            return number
    return 1


def _front_matter_field(document: Document, key: str) -> Field | None:
    value = document.front_matter.get(key)
    if not isinstance(value, str) or not value.strip():
        return None
    return Field(" ".join(value.split()), front_matter_line(document, key))


# The page's fields, each found once a document: title and description are read by five
# rules each, the slug by two (a pathlib path), and Markdown's search their front matter.
def title(document: Document) -> Field | None:
    return document.once(_title)


def _title(document: Document) -> Field | None:
    if document.page is not None:
        text = document.page.title
        return Field(text, document.page.title_line or first_line(document)) if text else None
    return _front_matter_field(document, "title")


def description(document: Document) -> Field | None:
    return document.once(_description)


def _description(document: Document) -> Field | None:
    if document.page is not None:
        text = document.page.description
        line = document.page.description_line or first_line(document)
        return Field(text, line) if text else None
    return _front_matter_field(document, "description")


def keyphrase(document: Document) -> Field | None:
    if document.page is not None:
        text = document.page.meta.get(KEYPHRASE_META, "")
        line = document.page.meta_lines.get(KEYPHRASE_META) or first_line(document)
        return Field(text, line) if text else None
    return _front_matter_field(document, "keyphrase")


def slug(document: Document) -> Field:
    """The last segment of the page's URL: the canonical URL's path for HTML (the file's
    path without one), else front matter ``slug``, else the file name without suffix."""
    return document.once(_slug)


def _slug(document: Document) -> Field:
    if document.page is not None:
        canonical = document.page.canonical
        line = _canonical_line(document) if canonical else first_line(document)
        path = canonical_parts(document)[1] if canonical else document.path
    else:
        declared = _front_matter_field(document, "slug")
        if declared is not None:
            return declared
        path, line = document.path, 1
    return Field(_last_segment(path), line)


def _last_segment(path: str) -> str:
    """The name of ``PurePosixPath(path)``, less an ".html" or ".htm" suffix, the folder's
    name for an "index" page: the slug a path gives. Its parts split here, as pathlib
    splits them (empty parts and "." dropped), without making a path (~3 µs a page)."""
    parts = [part for part in path.split("/") if part and part != "."]
    name = parts[-1] if parts else ""
    dot = name.rfind(".")
    # PurePath.suffix: from the last dot, when the name neither starts nor ends with it.
    if 0 < dot < len(name) - 1 and name[dot:] in (".html", ".htm"):
        if name[:dot] != "index":
            return name[:dot]
        return parts[-2] if len(parts) > 1 else ""
    return name


def canonical_parts(document: Document) -> tuple[str, str]:
    """The host and the path of the page's canonical URL (empty for a page without one),
    as ``split_url`` gives them; worked out once a document: CD619, CD616 and CD617 ask."""
    return document.once(_canonical_parts)


# The URLs a template writes ("https://host/path/"): nothing in them that urlsplit removes
# (tabs, line breaks; leading control characters and spaces are ruled out by the scheme),
# checks (brackets, a host outside ASCII) or reads otherwise. urlsplit of a new URL costs
# ~4.5 µs, and each page's canonical is new.
_PLAIN_URL_RE = re.compile(r"https?://[^\t\n\r\[\]]*")


def _canonical_parts(document: Document) -> tuple[str, str]:
    url = document.page.canonical if document.page is not None else None
    if not url:
        return "", ""
    if url.isascii() and _PLAIN_URL_RE.fullmatch(url) is not None:
        rest = url[url.index("//") + 2:]
        # The host runs to the first "/", "?" or "#"; the path from there to "?" or "#".
        ends = [at for at in map(rest.find, "/?#") if at >= 0]
        host_end = min(ends) if ends else len(rest)
        path_ends = [at for at in map(rest.find, "?#") if at >= 0]
        return rest[:host_end], rest[host_end:min(path_ends) if path_ends else len(rest)]
    parts = split_url(url)
    return parts.netloc, parts.path


def _canonical_line(document: Document) -> int:
    """The first line with "canonical" and "<link", found in the source (where its lines
    are looked through, each tested twice, ~3 µs a page)."""
    source = document.source
    at = source.find("canonical")
    while at >= 0:
        start = source.rfind("\n", 0, at) + 1
        end = source.find("\n", at)
        end = len(source) if end < 0 else end
        if source.find("<link", start, end) >= 0:
            return source.count("\n", 0, start) + 1
        at = source.find("canonical", end)
    return first_line(document)


def word_count(document: Document) -> int:
    return document.once(_word_count)  # CD603 and the keyphrase density ask


def _word_count(document: Document) -> int:
    return sum(map(len, block_words(document)))


def first_line(document: Document) -> int:
    """The first line that holds anything (a doctype, "---"): where whole-page hits go."""
    return next((number for number, text in enumerate(document.lines, start=1)
                 if text.strip()), 1)


def page_hit(document: Document, message: str) -> Hit:
    return Hit(None, 0, 0, message, line=first_line(document))


def at(field: Field, message: str) -> Hit:
    """A whole-document hit reported on the line that declares ``field``."""
    return Hit(None, 0, 0, message, line=field.line)


def block_hit(block: Block, message: str) -> Hit:
    stripped = block.text.strip()
    start = block.text.index(stripped) if stripped else 0
    return Hit(block, start, start + len(stripped), message)
