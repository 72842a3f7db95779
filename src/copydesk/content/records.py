"""The typed record kinds of ``content/data/``: roles, statistics, FAQ entries, authors.

Field names are the dataclass field names of :mod:`copydesk.content.models` (so a new
model field is accepted as soon as it is read here), plus the spellings data files use:
``as-of`` for ``as_of``, ``min``/``max`` for a salary's ``minimum``/``maximum``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import fields
from functools import cache
from typing import Any, cast, get_args, get_type_hints

from copydesk.content.fields import Field, Record
from copydesk.content.models import (
    Author,
    FaqEntry,
    Role,
    SalaryPeriod,
    SalaryRange,
    Source,
    SourceKind,
    Statistic,
)

SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
PERIODS: tuple[str, ...] = get_args(SalaryPeriod)
CURRENCY_RE = re.compile(r"[A-Z]{3}")
KIND_MODELS: dict[str, type[Any]] = {
    "roles": Role, "statistics": Statistic, "faq": FaqEntry, "authors": Author}


def list_fields(kind: str) -> frozenset[str]:
    """The fields of a record kind that hold lists of text (``;``-separated in CSV)."""
    model = KIND_MODELS.get(kind)
    if model is None:
        return frozenset()
    return frozenset(name for name, hint in get_type_hints(model).items()
                     if hint == tuple[str, ...])


@cache  # asked for each record: 12,000 statistics and FAQ entries at 10,000 posts
def _names(model: type[Any]) -> frozenset[str]:
    return frozenset(f.name for f in fields(model) if f.name != "location")


def _currency(field: Field) -> str:
    code = field.text()
    if not CURRENCY_RE.fullmatch(code):
        raise field.fail(f"expected a 3-letter currency code, got {code!r}",
                         "use the ISO 4217 code in capitals, e.g. USD, GBP or EUR")
    return code


def _unit(field: Field) -> str:
    unit = field.text()
    if unit not in ("%", "x", "") and not CURRENCY_RE.fullmatch(unit):
        raise field.fail(f"expected a unit, got {unit!r}",
                         "use '%', 'x' (a multiple), a currency code such as USD, "
                         "or '' for a plain count")
    return unit


def _source_kind(field: Field) -> SourceKind:
    return cast(SourceKind, field.choice(SOURCE_KINDS))


def source(field: Field) -> Source:
    record = Record(field, _names(Source))
    return Source(
        name=record.text("name"),
        kind=record.optional("kind", _source_kind) or "external",
        url=record.optional("url", Field.url),
        published=record.optional("published", Field.day),
    )


def salary(field: Field) -> SalaryRange:
    record = Record(field, _names(SalaryRange), {"min": "minimum", "max": "maximum"})
    minimum = record.require("minimum", "min").decimal()
    maximum_field = record.require("maximum", "max")
    maximum = maximum_field.decimal()
    if maximum < minimum:
        raise maximum_field.fail(f"the maximum {maximum} is below the minimum {minimum}",
                                 "swap min and max")
    return SalaryRange(
        minimum=minimum,
        maximum=maximum,
        currency=_currency(record.require("currency")),
        period=cast(SalaryPeriod, record.require("period").choice(PERIODS)),
        year=record.require("year").integer(),
        source=record.optional("source", source),
        note=record.optional("note", Field.text) or "",
    )


def role(field: Field) -> Role:
    record = Record(field, _names(Role))
    return Role(
        slug=record.require("slug").slug(),
        title=record.text("title"),
        summary=record.text("summary"),
        location=field.location,
        question=record.optional("question", Field.text) or "",
        responsibilities=record.optional("responsibilities", Field.texts) or (),
        skills=record.optional("skills", Field.texts) or (),
        salary=record.optional("salary", salary),
        body=record.optional("body", Field.text) or "",
    )


def statistic(field: Field, role_slugs: Collection[str]) -> Statistic:
    record = Record(field, _names(Statistic))
    return Statistic(
        id=record.require("id").slug(),
        value=record.optional("value", Field.decimal),
        unit=_unit(record.require("unit")),
        claim=record.text("claim"),
        location=field.location,
        as_of=record.optional("as_of", Field.day),
        source=record.optional("source", source),
        roles=record.references("roles", role_slugs, "role"),
    )


def faq_entry(field: Field) -> FaqEntry:
    record = Record(field, _names(FaqEntry))
    return FaqEntry(
        id=record.require("id").slug(),
        question=record.text("question"),
        answer=record.text("answer"),
        location=field.location,
    )


def author(field: Field) -> Author:
    record = Record(field, _names(Author))
    return Author(
        id=record.require("id").slug(),
        name=record.text("name"),
        location=field.location,
        bio=record.optional("bio", Field.text) or "",
        url=record.optional("url", Field.url),
        job_title=record.optional("job_title", Field.text) or "",
    )
