"""A cached page and its lint as the build cache's index keeps them (``site.snapshot_store``).

Loading the index must cost a few microseconds a page, yet a build reads only a few pages'
findings and claims. So a :class:`StoredLint` leaves its heavy fields (:data:`HEAVY`) in
its bucket until one is read, and a :class:`StoredPage` keeps its claims pickled, as one
bytes string in the index, until they are read. Both are frozen like the values they
stand for; ``dataclasses.replace`` on them gives a value holding every field, no longer
the one stored, which the next save writes whole.
"""

from __future__ import annotations

import pickle
from typing import Protocol

from copydesk.heap import collection_paused
from copydesk.lint.finding import Finding
from copydesk.render.ledger import Claim
from copydesk.site.cache import BuiltPage, PageLint, TracedLint

HEAVY = ("findings", "traced")  # the fields of PageLint kept out of the index
Heavy = tuple["tuple[Finding, ...]", "TracedLint | None"]


class HeavySource(Protocol):
    def heavy(self, name: str) -> Heavy: ...


class StoredLint(PageLint):
    """A cached page's lint whose heavy fields are read from its bucket when one of them
    is first read; its other fields are in the index."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self._heavy()[0]

    @findings.setter
    def findings(self, value: tuple[Finding, ...]) -> None:
        # Only the dataclass's __init__ sets fields (the instance is frozen otherwise).
        self.__dict__["findings"] = value

    @property
    def traced(self) -> TracedLint | None:
        return self._heavy()[1]

    @traced.setter
    def traced(self, value: TracedLint | None) -> None:
        self.__dict__["traced"] = value

    def __getstate__(self) -> dict[str, object]:
        """The index's part: the heavy fields are pickled apart, each page on its own."""
        return {name: value for name, value in self.__dict__.items()
                if name not in HEAVY and name != "_stored"}

    @property
    def loaded(self) -> bool:
        """Whether its heavy fields are in memory (read, or never stored)."""
        return "_stored" not in self.__dict__ or HEAVY[0] in self.__dict__

    @property
    def stored_in(self) -> HeavySource | None:
        """Where its heavy fields are, when they are the ones stored there."""
        stored = self.__dict__.get("_stored")
        return stored[0] if stored is not None else None

    def attach(self, source: HeavySource, name: str) -> None:
        """Read its heavy fields from ``source`` (where page ``name``'s are) from now on."""
        for field in HEAVY:
            self.__dict__.pop(field, None)
        self.__dict__["_stored"] = source, name

    def _heavy(self) -> Heavy:
        fields = self.__dict__
        if HEAVY[0] not in fields:
            source, name = fields["_stored"]
            fields["findings"], fields["traced"] = source.heavy(name)
        return fields["findings"], fields["traced"]


class StoredPage(BuiltPage):
    """A cached page whose claims stay pickled until they are read: the index holds them
    as one bytes string, which costs next to nothing to load."""

    @property
    def claims(self) -> tuple[Claim, ...]:
        fields = self.__dict__
        if "claims" not in fields:
            with collection_paused():  # see copydesk.heap: unpickling makes no garbage
                fields["claims"] = pickle.loads(fields["_claims"])
        claims: tuple[Claim, ...] = fields["claims"]
        return claims

    @claims.setter
    def claims(self, value: tuple[Claim, ...]) -> None:
        self.__dict__["claims"] = value

    def __getstate__(self) -> dict[str, object]:
        state = {name: value for name, value in self.__dict__.items() if name != "claims"}
        if "_claims" not in state:
            state["_claims"] = pickle.dumps(self.claims, protocol=pickle.HIGHEST_PROTOCOL)
        return state


def stored_page(page: BuiltPage) -> StoredPage:
    """``page`` as the index keeps it: claims pickled on save, lint a :class:`StoredLint`
    (its heavy fields, if any, kept until saved)."""
    lint = page.lint
    if isinstance(page, StoredPage) and isinstance(lint, StoredLint):
        return page
    if not isinstance(lint, StoredLint):
        lint = StoredLint.__new__(StoredLint)
        lint.__dict__.update(page.lint.__dict__)
    stored = StoredPage.__new__(StoredPage)
    stored.__dict__.update(page.__dict__)
    stored.__dict__.pop("_claims", None)  # claims of a page no longer the one stored
    stored.__dict__["claims"] = page.claims
    stored.__dict__["lint"] = lint
    return stored
