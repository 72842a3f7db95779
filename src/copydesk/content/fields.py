"""Reading typed values out of parsed data, failing with the field's path and line.

A :class:`Field` is one parsed value with its path (``roles[2].salary.currency``) and
location; a :class:`Record` is a mapping field whose keys have been checked against the
names a record kind knows (a typo gets a did-you-mean). The conversions accept what each
format can express: CSV has only text, so numbers and dates may also arrive as text.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from copydesk.content.located import LocatedMap, LocatedSeq
from copydesk.errors import ContentError, Location
from copydesk.suggestions import did_you_mean

T = TypeVar("T")

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_HINT = "use lower-case letters, digits and single hyphens, e.g. 'mlops-specialist'"


def describe(value: object) -> str:
    """A short account of a value for error messages: ``'dollars'``, ``2026 (a number)``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float | Decimal):
        return f"{value} (a number)"
    if isinstance(value, datetime | date):
        return f"{value.isoformat()} (a date)"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a value of type {type(value).__name__}"


# Its __init__ written here, as Finding's (copydesk.lint.finding): the frozen dataclass's
# calls object.__setattr__ for each field, and a load makes one for each field of each
# record and front matter (~15 an article, ~130,000 for 10,000 posts' data files).
@dataclass(frozen=True, init=False)
class Field:
    """One parsed value, with where it sits: its path in the data and its file line."""

    value: Any
    path: str
    location: Location

    def __init__(self, value: Any, path: str, location: Location) -> None:
        self.__dict__.update(value=value, path=path, location=location)

    def fail(self, problem: str, hint: str) -> ContentError:
        message = f"{self.path}: {problem}" if self.path else problem
        return ContentError(message, self.location, hint)

    def child(self, key: str | int, value: Any, line: int) -> Field:
        path = f"{self.path}[{key}]" if isinstance(key, int) else (
            f"{self.path}.{key}" if self.path else key)
        return Field(value, path, Location(self.location.path, line or self.location.line))

    def items(self) -> list[Field]:
        """The items of a list field."""
        if not isinstance(self.value, list):
            raise self.fail(f"expected a list, got {describe(self.value)}",
                            "write one item per line, each starting with '- '")
        return [self.item(index) for index in range(len(self.value))]

    def item(self, index: int) -> Field:
        """The item at ``index`` of a list field (checked to be one by the caller)."""
        lines = self.value.item_lines if isinstance(self.value, LocatedSeq) else []
        return self.child(index, self.value[index], lines[index] if index < len(lines) else 0)

    def text(self) -> str:
        if not isinstance(self.value, str):
            raise self.fail(f"expected text, got {describe(self.value)}",
                            "put the value in quotes to make it text")
        return self.value

    def texts(self) -> tuple[str, ...]:
        return tuple(item.text() for item in self.items())

    def slug(self) -> str:
        text = self.text()
        if not SLUG_RE.fullmatch(text):
            raise self.fail(f"expected a slug, got {describe(text)}", SLUG_HINT)
        return text

    def choice(self, options: Sequence[str]) -> str:
        text = self.text()
        if text not in options:
            raise self.fail(f"expected one of {', '.join(options)}, got {describe(text)}",
                            did_you_mean(text, options))
        return text

    def decimal(self) -> Decimal:
        value = self.value
        problem = f"expected a number, got {describe(value)}"
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
            raise self.fail(problem, "write digits only, e.g. 65 or 135.8 (no % or commas)")
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise self.fail(problem, "write digits only, e.g. 65 or 135.8 (no % or commas)"
                            ) from None
        if not number.is_finite():
            raise self.fail(problem, "write a finite number")
        return number

    def integer(self) -> int:
        number = self.decimal()
        if number != number.to_integral_value():
            raise self.fail(f"expected a whole number, got {describe(self.value)}",
                            "drop the decimal part")
        return int(number)

    def flag(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.fail(f"expected true or false, got {describe(self.value)}",
                            "write true or false, without quotes")
        return self.value

    def day(self) -> date:
        value = self.value
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return date.fromisoformat(value.strip())
        raise self.fail(f"expected a date, got {describe(value)}",
                        "write the date as YYYY-MM-DD, e.g. 2026-03-01")

    def moment(self) -> datetime:
        """A date or date-time; naive values are taken as UTC."""
        value = self.value
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = datetime.fromisoformat(value.strip())
        if isinstance(value, datetime):
            return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, tzinfo=UTC)
        raise self.fail(f"expected a date, got {describe(value)}",
                        "write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+00:00, e.g. 2026-03-01")

    def url(self) -> str:
        text = self.text()
        if not re.fullmatch(r"https?://[^\s/]+\S*", text):
            raise self.fail(f"expected an absolute http(s) URL, got {describe(text)}",
                            "write the full address, starting with https://")
        return text


class Record:
    """A mapping field whose keys are known names; ``a-b`` and ``a_b`` spell the same key."""

    def __init__(self, field: Field, known: Collection[str],
                 aliases: Mapping[str, str] | None = None) -> None:
        aliases = aliases or {}
        if not isinstance(field.value, Mapping):
            raise field.fail(f"expected a record of 'name: value' fields, got "
                             f"{describe(field.value)}", "write one 'name: value' pair per line")
        self.field = field
        self._fields: dict[str, Field] = {}
        value = field.value
        for key, item in value.items():
            line = value.line_of(key) if isinstance(value, LocatedMap) else 0
            if not isinstance(key, str):
                raise field.child(str(key), item, line).fail(
                    f"a field name must be text, got {describe(key)}", "check the field names")
            child = field.child(key, item, line)
            name = aliases.get(key, key.replace("-", "_"))
            if name not in known:
                spelled = [alias for alias, target in aliases.items() if target in known]
                spelled += [k for k in known if k not in aliases.values()]
                raise child.fail(f"unknown field '{key}'", did_you_mean(key, spelled))
            if name in self._fields:
                raise child.fail(f"'{key}' is given twice", "keep one of the two spellings")
            self._fields[name] = child

    def get(self, name: str) -> Field | None:
        """The field, or None when it is absent or empty (``name:`` with no value)."""
        found = self._fields.get(name)
        return None if found is None or found.value is None else found

    def require(self, name: str, spelled: str | None = None) -> Field:
        found = self.get(name)
        if found is None:
            key = spelled or name
            raise self.field.child(key, None, 0).fail(
                "required field is missing", f"add '{key}: ...' to this record")
        return found

    def optional(self, name: str, convert: Callable[[Field], T]) -> T | None:
        found = self.get(name)
        return None if found is None else convert(found)

    def text(self, name: str) -> str:
        """Required, non-blank text."""
        found = self.require(name)
        if not found.text().strip():
            raise found.fail("must not be empty", f"write the {name} text")
        return found.text()

    def references(self, name: str, known: Collection[str], what: str) -> tuple[str, ...]:
        """A list of names, each of which must be in ``known``."""
        found = self.get(name)
        if found is None:
            return ()
        names: list[str] = []
        for item in found.items():
            value = item.text()
            if value not in known:
                raise item.fail(f"unknown {what} '{value}'", did_you_mean(value, known))
            names.append(value)
        return tuple(names)
