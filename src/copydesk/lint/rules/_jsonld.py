"""JSON-LD as the CD7xx rules read it: parsed script blocks, their entities, dates, text.

A page may hold one entity per ``<script type="application/ld+json">``, a list of
entities, or an ``@graph``; the rules see the same flat list of top-level entities in
every case, each with the line of the script that declared it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from copydesk.lint.document import Document
from copydesk.lint.page import JsonLdBlock
from copydesk.lint.rule import Hit

ARTICLE_TYPES = frozenset({"Article", "BlogPosting", "NewsArticle"})
_SCHEMA_PREFIX_RE = re.compile(r"^(?:https?://schema\.org/|schema:)")
# Tags that end a line of visible text: replaced by a space, inline tags by nothing, so
# "<p>a</p><p>b</p>" reads "a b" and "<b>x</b>." reads "x.".
_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|dd|dt|dl|section)\b[^>]*>",
    re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")
# Elements whose content the HTML reader does not count as visible prose (code, scripts).
_HIDDEN_ELEMENT_RE = re.compile(
    r"<(code|pre|script|style|noscript|template|svg|math)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Entity:
    """A top-level JSON-LD object and the line of the script that holds it."""

    data: Mapping[str, Any]
    line: int
    # ``@type`` as a set of bare schema.org names, whether written as a string or a list:
    # read once (every CD70x rule asks each entity for it).
    types: frozenset[str]


@dataclass(frozen=True)
class Moment:
    """A schema.org Date or DateTime as written: its calendar date, and the full value
    when it has a time of day."""

    day: date
    value: datetime | None

    @property
    def has_timezone(self) -> bool:
        return self.value is not None and self.value.tzinfo is not None


def types_of(data: Mapping[str, Any]) -> frozenset[str]:
    raw = data.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return frozenset(_SCHEMA_PREFIX_RE.sub("", name) for name in names if isinstance(name, str))


def as_list(value: Any) -> list[Any]:
    """A property's values: schema.org allows one value or a list wherever it allows one."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def parsed_blocks(document: Document) -> tuple[tuple[JsonLdBlock, Any], ...]:
    """Each JSON-LD block of the document's page with its JSON value, or the
    ``json.JSONDecodeError`` it raised. Parsed once per document: six rules read the same
    blocks, and each parsing them again was most of what those rules cost."""
    return document.once(_parsed_blocks)


def _parsed_blocks(document: Document) -> tuple[tuple[JsonLdBlock, Any], ...]:
    blocks = document.page.json_ld if document.page is not None else ()
    return tuple((block, _parse(block)) for block in blocks)


def _parse(block: JsonLdBlock) -> Any:
    try:
        return json.loads(block.text)
    except json.JSONDecodeError as error:
        return error


def entities(document: Document) -> tuple[Entity, ...]:
    """Every top-level entity of every block that parses (CD701 reports the others).
    Found once per document: five rules read them."""
    return document.once(_entities)


def _entities(document: Document) -> tuple[Entity, ...]:
    return tuple(Entity(data, block.line, types_of(data))
                 for block, value in parsed_blocks(document)
                 if not isinstance(value, json.JSONDecodeError) for data in _top_level(value))


def _top_level(value: Any) -> Iterator[Mapping[str, Any]]:
    for item in as_list(value):
        if not isinstance(item, dict):
            continue
        if "@graph" in item:
            yield from _top_level(item["@graph"])
        if "@type" in item:
            yield item


def parse_moment(value: Any) -> Moment | None:
    """An ISO 8601 date or date-time; None when ``value`` is not one."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if "T" not in text and len(text) == 10:
            return Moment(date.fromisoformat(text), None)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return Moment(moment.date(), moment)


def same_moment(first: Moment, second: Moment) -> bool:
    """Equal instants when both carry a time zone; otherwise the calendar dates as written
    (a page that shows "15 January 2026" says nothing about the hour)."""
    if first.has_timezone and second.has_timezone:
        return first.value == second.value
    return first.day == second.day


# Remembered: CD704 asks it of each FAQ answer in a page's markup, and a site's answers
# (records of its data files) are shared by several pages (~5 µs an answer).
@lru_cache(maxsize=256)
def visible_text(markup: str) -> str:
    """Text of an HTML fragment as copydesk's HTML reader sees it: code dropped, tags
    stripped, entities decoded, whitespace collapsed."""
    text = _HIDDEN_ELEMENT_RE.sub("", markup)
    text = _TAG_RE.sub("", _BLOCK_TAG_RE.sub(" ", text))
    return normalise_space(html.unescape(text))


def normalise_space(text: str) -> str:
    """``text`` with its white space collapsed to single spaces and stripped."""
    # Most texts are so already (headings, FAQ answers): told in C without a string made
    # of each word (~16 K instructions an answer's paragraph, ~6 K for isprintable). White
    # space but a space is not printable; with no two spaces in a row and none at an
    # edge, split() and join() give the text back.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def line_hit(line: int, message: str) -> Hit:
    """A finding about JSON-LD, at a line of the page (the script's, or the error's)."""
    return Hit(None, 0, 0, message, line=line)
