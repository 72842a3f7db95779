"""What a page read while it rendered: the template files and the statistics.

Both are recorded rather than guessed. A template reaches others through extends, include
and import, and an article body or a role body rendered with ``render_body`` may include
one too: every one of them is loaded through the environment's ``get_template`` or
``select_template``, so the :class:`TemplateRecorder` notes each name asked for, found or
not (a missing template that appears later must rebuild the page). The ``statistics``
mapping templates receive is a :class:`ReadTracker`: a key looked up is a dependency on
that statistic, a loop over the mapping a dependency on all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from jinja2 import Environment, Template

from copydesk.site.cache import EVERY

V = TypeVar("V")
T = TypeVar("T")


class TemplateRecorder:
    """Notes the names of the templates the environments load while a page renders."""

    def __init__(self, *environments: Environment) -> None:
        self.names: set[str] = set()
        for environment in {id(env): env for env in environments}.values():
            self._record(environment)

    def _record(self, environment: Environment) -> None:
        get_template: Callable[..., Template] = environment.get_template
        select_template: Callable[..., Template] = environment.select_template

        def recording_get(name: str | Template, *args: Any, **kwargs: Any) -> Template:
            self._note(name)
            return get_template(name, *args, **kwargs)

        def recording_select(names: Iterable[str | Template], *args: Any,
                             **kwargs: Any) -> Template:
            names = list(names)
            for name in names:  # every candidate: an earlier one may appear later
                self._note(name)
            return select_template(names, *args, **kwargs)

        # Jinja's own loader cache means a recording loader would see each template once per
        # build, not once per page; these two methods are called on every use.
        setattr(environment, "get_template", recording_get)  # noqa: B010
        setattr(environment, "select_template", recording_select)  # noqa: B010

    def _note(self, name: str | Template) -> None:
        self.names.add(name if isinstance(name, str) else (name.name or EVERY))

    def take(self) -> frozenset[str]:
        """The names noted since the last call."""
        names = frozenset(self.names)
        self.names.clear()
        return names


class ReadTracker(Mapping[str, V]):
    """A read-only view of a mapping that remembers which keys were read."""

    def __init__(self, data: Mapping[str, V]) -> None:
        self._data = data
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> V:
        self.read.add(key)
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        self.read.add(str(key))
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        self.read.add(EVERY)
        return iter(self._data)

    def __len__(self) -> int:
        self.read.add(EVERY)
        return len(self._data)


class AttributeTracker(Generic[T]):
    """A stand-in for a record that notes the names of the attributes read through it in
    ``read`` (shared by all the records of a list); printing or comparing the record
    whole reads all of it (EVERY)."""

    __slots__ = ("_read", "_record")

    def __init__(self, record: T, read: set[str]) -> None:
        self._record = record
        self._read = read

    def __getattr__(self, name: str) -> Any:
        self._read.add(name)
        return getattr(self._record, name)

    def _whole(self) -> T:
        self._read.add(EVERY)
        return self._record

    def __str__(self) -> str:
        return str(self._whole())

    def __repr__(self) -> str:
        return repr(self._whole())

    def __eq__(self, other: object) -> bool:
        mine = self._whole()
        return mine == (other._whole() if isinstance(other, AttributeTracker) else other)

    def __hash__(self) -> int:
        return hash(self._whole())
