"""Articles: Markdown with YAML front matter between two ``---`` lines.

Front-matter keys that are :class:`~copydesk.content.models.Article` fields are validated
(references to authors, roles, FAQ entries and data collections must exist); any other
key goes to ``extra`` for templates, unless it looks like a misspelt required field.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass, fields
from pathlib import Path

from copydesk.content.fields import SLUG_HINT, SLUG_RE, Field, Record
from copydesk.content.located import LocatedMap
from copydesk.content.models import Article
from copydesk.content.yaml_reader import parse_yaml
from copydesk.errors import ContentError, Location
from copydesk.paths import leaves_folder
from copydesk.suggestions import did_you_mean

FENCE = "---"
CLOSING_FENCES = ("---", "...")
NOT_FRONT_MATTER = frozenset({"path", "body", "body_line", "location", "extra"})
FRONT_MATTER_FIELDS = frozenset(
    f.name for f in fields(Article) if f.name not in NOT_FRONT_MATTER)
REQUIRED = ("title", "description", "date")
# an http(s) address, or a site path that neither climbs (..) nor names another scheme
SAFE_IMAGE_RE = re.compile(r"(?:https?://[^\s\\]+|(?!.*(?:^|/)\.\.(?:/|$))[\w./%+~-]+)\Z")
FRONT_MATTER_EXAMPLE = "---\ntitle: ...\ndescription: ...\ndate: 2026-03-01\n---"


@dataclass(frozen=True)
class KnownNames:
    """What an article's front matter may refer to."""

    authors: Collection[str]
    roles: Collection[str]
    faq: Collection[str]
    data: Collection[str]


def parse_article(path: Path, display: str, text: str, known: KnownNames) -> Article:
    """Parse one article; ``text`` is the file's decoded content with ``\\n`` line ends."""
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        raise ContentError("the article has no front matter", Location(display, 1),
                           f"start the file with front matter:\n{FRONT_MATTER_EXAMPLE}")
    closing = next((index for index, line in enumerate(lines[1:], start=1)
                    if line.rstrip() in CLOSING_FENCES), None)
    if closing is None:
        raise ContentError("the front matter is not closed", Location(display, 1),
                           "end the front matter with a line holding only '---'")
    front_matter = parse_yaml("\n".join(lines[1:closing]), display, first_line=2)
    if front_matter is None:
        front_matter = LocatedMap(2)
    root = Field(front_matter, "", Location(display, 1))
    known_part, extra = _split(root)
    record = Record(known_part, FRONT_MATTER_FIELDS)
    slug_field = record.get("slug")
    return Article(
        path=path,
        slug=slug_field.slug() if slug_field else _slug_from_name(path, display),
        title=record.text("title"),
        description=record.text("description"),
        date=record.require("date").moment(),
        body=article_body(lines, closing + 2),
        body_line=closing + 2,
        location=Location(display, 1),
        updated=record.optional("updated", Field.moment),
        author=_author(record, known.authors),
        tags=record.optional("tags", Field.texts) or (),
        keyphrase=record.optional("keyphrase", Field.text),
        draft=record.optional("draft", Field.flag) or False,
        roles=record.references("roles", known.roles, "role"),
        faq=record.references("faq", known.faq, "FAQ entry"),
        data=record.references("data", known.data, "data collection"),
        template=record.optional("template", _template_name) or "article.html",
        extra=_checked_extra(root, extra),
    )


def article_body(lines: list[str], body_line: int) -> str:
    """The body of an article whose file's ``lines`` hold it from line ``body_line`` on."""
    return "\n".join(lines[body_line - 1:])


def text_body(text: str, body_line: int) -> str:
    """:func:`article_body` of ``text.split("\\n")`` (``body_line`` 1-based): the text after
    its line end before that line, found without splitting the text into lines and joining
    them again (~55 K instructions of each article body a build reads from its file)."""
    start = 0
    for _ in range(body_line - 1):
        start = text.find("\n", start) + 1
        if not start:  # fewer lines than that
            return ""
    return text[start:]


def _split(root: Field) -> tuple[Field, dict[str, object]]:
    """The front matter's Article fields, and the rest for ``extra``."""
    mapping = root.value
    if not isinstance(mapping, LocatedMap):
        raise root.fail("the front matter must be 'name: value' lines",
                        f"write it like this:\n{FRONT_MATTER_EXAMPLE}")
    own = LocatedMap(mapping.line)
    extra: dict[str, object] = {}
    for key, value in mapping.items():
        name = key.replace("-", "_") if isinstance(key, str) else key
        if name in FRONT_MATTER_FIELDS:
            own[key] = value
            own.key_lines[key] = mapping.line_of(key)
        else:
            extra[str(key)] = value
    for key in extra:
        missing = [name for name in REQUIRED if name not in own]
        close = difflib.get_close_matches(key, missing, n=1)
        if close:
            raise root.child(key, extra[key], mapping.line_of(key)).fail(
                f"unknown field '{key}'", f"did you mean '{close[0]}'?")
    return Field(own, root.path, root.location), extra


def _template_name(field: Field) -> str:
    name = field.text()
    if leaves_folder(name):
        raise field.fail(f"the template name {name!r} leaves the templates folder",
                         "name a template inside the templates folder, e.g. 'article.html'")
    return name


def _checked_extra(root: Field, extra: dict[str, object]) -> dict[str, object]:
    """``extra`` after checking ``image:``, which pages print as a URL in the head."""
    image = extra.get("image")
    if isinstance(image, str) and not SAFE_IMAGE_RE.match(image):
        line = root.value.line_of("image") if isinstance(root.value, LocatedMap) else 0
        raise root.child("image", image, line).fail(
            f"the image {image!r} is neither a web address nor a path on the site",
            "write https://... or a path from the site root such as /images/cover.png")
    return extra


def _slug_from_name(path: Path, display: str) -> str:
    if not SLUG_RE.fullmatch(path.stem):
        raise ContentError(f"the file name '{path.stem}' cannot be the page's slug",
                           Location(display, 1),
                           f"rename the file or add 'slug: ...' to its front matter; {SLUG_HINT}")
    return path.stem


def _author(record: Record, authors: Collection[str]) -> str | None:
    found = record.get("author")
    if found is None:
        return None
    name = found.text()
    if name not in authors:
        raise found.fail(f"unknown author '{name}'",
                         "use an author id from content/data/authors.*; "
                         + did_you_mean(name, authors))
    return name

