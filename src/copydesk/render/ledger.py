"""The claims ledger: which number on which page came from which source.

A :class:`PageLedger` collects, while one page renders, every statistic it prints and
numbers the sources in order of first use; those numbers are the page's citation
markers and its "Sources" section. The build keeps every page's claims (``claims.json``).
"""

from __future__ import annotations

from dataclasses import dataclass

from copydesk.content.models import Source, Statistic
from copydesk.errors import Location


@dataclass(frozen=True)
class Citation:
    number: int
    source: Source


# Its __init__ is written here (init=False) and sets the seven fields by one update of its
# __dict__: the one dataclass writes calls object.__setattr__ for each (frozen), and made
# a Claim cost ~16 K instructions, against ~9 K (one for each stat() a page prints).
@dataclass(frozen=True, init=False)
class Claim:
    page: str  # the page's URL path, e.g. "/most-in-demand-roles/"
    statistic: str
    rendered: str  # what the reader saw, e.g. "65%" or "[Insert %]"
    claim: str
    data: Location  # the statistic's record
    citation: int | None  # the page's citation number; None when there is no source
    source: Source | None

    def __init__(self, page: str, statistic: str, rendered: str, claim: str, data: Location,
                 citation: int | None, source: Source | None) -> None:
        fields = vars(self)
        fields["page"] = page
        fields["statistic"] = statistic
        fields["rendered"] = rendered
        fields["claim"] = claim
        fields["data"] = data
        fields["citation"] = citation
        fields["source"] = source


@dataclass(frozen=True)
class BuildWarning:
    """Something the build did not stop for but a person must look at."""

    message: str
    location: Location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class PageLedger:
    """Mutable while its page renders; read once the page is done."""

    def __init__(self, page: str) -> None:
        self.page = page
        self.claims: list[Claim] = []
        self.citations: list[Citation] = []
        self.warnings: list[BuildWarning] = []

    def record(self, statistic: Statistic, rendered: str) -> Citation | None:
        """Note that ``statistic`` was printed as ``rendered``; return its citation, if any."""
        citation = self._cite(statistic.source) if statistic.source is not None else None
        self.claims.append(Claim(
            page=self.page, statistic=statistic.id, rendered=rendered, claim=statistic.claim,
            data=statistic.location, citation=citation.number if citation else None,
            source=statistic.source))
        if statistic.value is None and not any(
                claim.statistic == statistic.id for claim in self.claims[:-1]):
            self.warnings.append(BuildWarning(
                f"statistic '{statistic.id}' has no value; {self.page} shows '{rendered}'",
                statistic.location))
        return citation

    def kept(self) -> tuple[int, int, int]:
        """What the ledger holds now, for :meth:`restore`."""
        return len(self.claims), len(self.citations), len(self.warnings)

    def restore(self, kept: tuple[int, int, int]) -> None:
        """Forget what was recorded since :meth:`kept` returned ``kept`` (a render that
        failed and is made again)."""
        claims, citations, warnings = kept
        del self.claims[claims:], self.citations[citations:], self.warnings[warnings:]

    def _cite(self, source: Source) -> Citation:
        for citation in self.citations:
            if citation.source == source:
                return citation
        citation = Citation(len(self.citations) + 1, source)
        self.citations.append(citation)
        return citation
