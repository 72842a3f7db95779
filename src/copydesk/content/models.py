"""Typed, validated content records. Each remembers where it came from (file and line).

These are the values that flow from ``copydesk.content`` (loading + validation) into
``copydesk.render`` and ``copydesk.site``. All are frozen: a loaded project never changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from copydesk.errors import Location

SourceKind = Literal["external", "first-party"]
SalaryPeriod = Literal["year", "month", "week", "day", "hour"]


class Fingerprinted:
    """A record that digests its value once and keeps the digest in its ``__dict__``, so
    that it is pickled with the record: the parse memo keeps records across builds, and a
    rebuild plans 10,000 pages from these digests without digesting the records again."""

    @cached_property
    def fingerprint(self) -> str:
        return _digest(repr(self))


def _digest(*texts: str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for text in texts:
        hasher.update(text.encode("utf-8", "surrogateescape") + b"\0")
    return hasher.hexdigest()


@dataclass(frozen=True)
class Source:
    """Where a number comes from. ``first-party`` is the publisher's own data."""

    name: str
    kind: SourceKind = "external"
    url: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Statistic(Fingerprinted):
    """One number with its claim wording and its source.

    ``value`` is None when the author has not filled it in yet: the renderer then names
    the statistic instead of printing a hole (that is how "[Insert %]" reaches readers).
    ``unit`` is one of "%", "x", a currency code such as "USD", or "" for a plain count.
    """

    id: str
    value: Decimal | None
    unit: str
    claim: str
    location: Location
    as_of: date | None = None
    source: Source | None = None
    roles: tuple[str, ...] = ()  # slugs of the roles this statistic is about


@dataclass(frozen=True)
class SalaryRange:
    minimum: Decimal
    maximum: Decimal
    currency: str  # ISO 4217, e.g. "USD"
    period: SalaryPeriod
    year: int
    source: Source | None = None
    note: str = ""  # e.g. "base salary, senior practitioners"


@dataclass(frozen=True)
class Role(Fingerprinted):
    slug: str
    title: str
    summary: str
    location: Location
    question: str = ""  # the reader question the role section opens with
    responsibilities: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    salary: SalaryRange | None = None
    body: str = ""  # further Markdown prose about the role (may call stat())


@dataclass(frozen=True)
class FaqEntry(Fingerprinted):
    id: str
    question: str
    answer: str  # Markdown
    location: Location


@dataclass(frozen=True)
class Author(Fingerprinted):
    id: str
    name: str
    location: Location
    bio: str = ""  # Markdown
    url: str | None = None
    job_title: str = ""


@dataclass(frozen=True)
class Article(Fingerprinted):
    """A Markdown article with YAML front matter. ``body`` is Markdown that may use Jinja."""

    path: Path
    slug: str
    title: str
    description: str
    date: datetime
    body: str
    body_line: int  # 1-based line of the body's first line in the source file
    location: Location
    updated: datetime | None = None
    author: str | None = None  # an Author id
    tags: tuple[str, ...] = ()
    keyphrase: str | None = None
    draft: bool = False
    roles: tuple[str, ...] = ()  # role slugs the article uses, in order
    faq: tuple[str, ...] = ()  # FAQ entry ids, in order
    data: tuple[str, ...] = ()  # names of further data collections the template uses
    template: str = "article.html"
    extra: Mapping[str, Any] = field(default_factory=dict)  # other front-matter keys

    @cached_property
    def fingerprint(self) -> str:
        # The repr of a long body with non-ASCII text costs about 0.2 ms: its bytes are
        # digested instead; the other fields' values are those of head(), in its order,
        # with the path (not a copy of the article without its body: ~30 us each of a
        # load's 10,000 articles).
        return _digest(repr((self.path, self.head())), self.body)

    @classmethod
    def without_body(cls, file: str, head: tuple[Any, ...], fingerprint: str,
                     read_body: Callable[[], str]) -> Article:
        """The article of ``file`` whose other fields are ``head`` (:meth:`head`), its body
        read by ``read_body`` when first asked for: a rebuild keeps 10,000 articles and
        renders a few, so the parse memo keeps no bodies. Its path too is made on first use
        (a Path costs more than the rest of the article)."""
        article = object.__new__(cls)
        vars(article).update(zip(_HEAD_FIELDS, head, strict=True), fingerprint=fingerprint,
                             _file=file, _read_body=read_body)
        return article

    def head(self) -> tuple[Any, ...]:
        """The values of every field but the path and the body, in :meth:`without_body`'s
        order (:meth:`head_fields`)."""
        return tuple(getattr(self, name) for name in _HEAD_FIELDS)

    @staticmethod
    def head_fields() -> tuple[str, ...]:
        return _HEAD_FIELDS

    if not TYPE_CHECKING:  # hidden from mypy, which would then accept any attribute name
        def __getattr__(self, name: str) -> Any:
            # Only reached for a name not set: the path or body of an article made without.
            own = vars(self)
            if name == "path" and "_file" in own:
                value: Any = Path(own["_file"])
            elif name == "body" and "_read_body" in own:
                value = own["_read_body"]()
            else:
                raise AttributeError(name)
            object.__setattr__(self, name, value)  # frozen: set as __init__ sets fields
            return value

    def __getstate__(self) -> dict[str, Any]:
        """Pickled whole, body included (its reader is not something to pickle)."""
        state = {name: getattr(self, name) for name in _FIELDS}
        if "fingerprint" in vars(self):
            state["fingerprint"] = self.fingerprint
        return state


_FIELDS = tuple(item.name for item in fields(Article))
_HEAD_FIELDS = tuple(name for name in _FIELDS if name not in ("path", "body"))


@dataclass(frozen=True)
class DataCollection(Fingerprinted):
    """A data file that is not one of the typed record kinds, passed to templates as is."""

    name: str
    items: Any
    location: Location


@dataclass(frozen=True)
class Project:
    root: Path
    roles: tuple[Role, ...]
    statistics: Mapping[str, Statistic]
    faq: Mapping[str, FaqEntry]
    authors: Mapping[str, Author]
    articles: tuple[Article, ...]
    data: Mapping[str, DataCollection] = field(default_factory=dict)

    def role(self, slug: str) -> Role | None:
        return next((role for role in self.roles if role.slug == slug), None)
