"""The build's lint in parts: what each page adds to the report, kept with it across builds.

A rebuild that renders one page of 10,000 must print the report of the whole lint (its
error-level findings and a summary) without unpickling, sorting or formatting the 160,000
findings of the pages it did not touch. So each page keeps its :class:`PageReport`: the
report of the files only it reports on (its file in ``site/``, its Markdown source), as
printed lines and counts, and its few findings on files other pages report on too (the
data files), which are merged with theirs on every build. The whole lint is a file-by-file
concatenation: findings sort by path first, and no two parts share a path.
"""

from __future__ import annotations

import copyreg
import heapq
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter, neg
from typing import NamedTuple, overload

from copydesk.lint.finding import Finding, Severity
from copydesk.report.text import format_finding

_ERROR, _WARNING, _INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


class FileReport(NamedTuple):
    """One file's findings as ``copydesk build`` reports them: a tuple, so that a rebuild
    keeps and sums 20,000 of them as plain values (see :data:`Row`)."""

    path: str
    errors: int
    warnings: int
    infos: int
    lines: tuple[str, ...]  # each error-level finding as printed, in order


# A file's report as plain values, in FileReport's order: what the build's state keeps.
Row = tuple[str, int, int, int, tuple[str, ...]]


def rows(files: Iterable[FileReport]) -> tuple[Row, ...]:
    """``files`` as plain tuples: unpickled without a call to their class each."""
    return tuple((file.path, file.errors, file.warnings, file.infos, file.lines)
                 for file in files)


@dataclass(frozen=True)
class PageReport:
    """A page's part of the build's lint."""

    paths: tuple[str, ...]  # the files only this page reports on
    files: tuple[FileReport, ...]  # their reports (a file without findings has none)
    shared: tuple[Finding, ...]  # its own findings traced to files other pages share
    # Its source's suppression comments apply to findings of other pages too (a source
    # several pages are made from): they are read with the page's traced findings.
    suppresses_shared: bool = False
    # Its site-wide findings traced to files other pages share, as found: a rebuild that
    # does not run the site-wide rules on this page merges them as they are.
    site_shared: tuple[Finding, ...] = ()

    def halves(self) -> tuple[bytes, bytes]:
        """The part pickled in two, as the next build keeps it (``site_lint.KeptPart``):
        what only it reports on, and what it shares with other parts (b"" when nothing).
        Remembered: a pickle of the part is then made of them (:func:`joined`), not of
        its findings again (the build cache stores every page's part as well)."""
        made: tuple[bytes, bytes] | None = self.__dict__.get("_halves")
        if made is None:
            # Its shared half as the part it was made from has it (with_shared_half), or
            # pickled now.
            shared: bytes | None = self.__dict__.get("_shared_half")
            if shared is None:
                values = (self.shared, self.suppresses_shared, self.site_shared)
                shared = (pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)
                          if any(values) else b"")
            # Its own half as plain tuples, pickled in C: as a PageReport (its __reduce__)
            # holding FileReports (a NamedTuple's __getnewargs__) it called Python for each,
            # ~7.5 against ~1 us a page, and a cold build makes every page's.
            made = (pickle.dumps((self.paths, tuple(map(tuple, self.files))),
                                 protocol=pickle.HIGHEST_PROTOCOL), shared)
            self.__dict__["_halves"] = made  # a cache of its value: the part stays frozen
        return made

    def __reduce__(self) -> tuple[object, ...]:
        made = self.__dict__.get("_halves")
        if made is None:  # as object.__reduce_ex__ pickles it
            return copyreg.__newobj__, (type(self),), self.__dict__  # type: ignore[attr-defined]
        return joined, made


def joined(own: bytes, shared: bytes) -> PageReport:
    """The part whose :meth:`PageReport.halves` are ``own`` and ``shared``."""
    paths, files = pickle.loads(own)
    reports = tuple(FileReport(*file) for file in files)
    if not shared:
        return PageReport(paths, reports, ())
    shares, suppresses_shared, site_shared = pickle.loads(shared)
    return PageReport(paths, reports, shares, suppresses_shared, site_shared)


def with_shared_half(report: PageReport, like: PageReport) -> PageReport:
    """``report``, which shares with other parts what ``like`` does (the same shared
    findings, suppressions and site-wide findings on shared files), given ``like``'s shared
    half when it has its halves made: a cold build's lint makes every page's part from the
    one its worker made, and pickled its shared findings again (~5.5 us a page)."""
    made = like.__dict__.get("_halves")
    if (made is not None and report.shared is like.shared
            and report.suppresses_shared == like.suppresses_shared
            and report.site_shared == like.site_shared):
        report.__dict__["_shared_half"] = made[1]  # a cache of part of its value
    return report


@dataclass(frozen=True)
class OwnReport:
    """A page's part made where the page was linted, before the site-wide rules ran: of
    its own findings alone (``page_parts.own_report``), with the codes those have on its
    own files. The build's lint counts the page's site-wide findings in
    (``page_parts.with_site``); never kept in the build cache. Kept as the part's halves
    (:meth:`PageReport.halves`) and the codes pickled: a cold build's main process holds
    one for each page until its lint (~1 KB, against 3.3 KB of objects), and the part
    made with the page's site-wide findings mostly shares what this one does, so takes its
    shared half as it is (:func:`with_shared_half`)."""

    own: bytes
    shared: bytes
    codes: bytes

    @classmethod
    def of(cls, report: PageReport, codes: frozenset[str]) -> OwnReport:
        return cls(*report.halves(), pickle.dumps(codes, protocol=pickle.HIGHEST_PROTOCOL))

    def unpacked(self) -> tuple[PageReport, frozenset[str]]:
        report = joined(self.own, self.shared)
        report.__dict__["_halves"] = self.own, self.shared  # a cache of its value
        codes: frozenset[str] = pickle.loads(self.codes)
        return report, codes


@dataclass(frozen=True)
class LintReport:
    """What ``copydesk build`` prints of its lint, without the findings themselves."""

    lines: tuple[str, ...]  # the error-level findings as printed, sorted
    errors: int
    summary: str  # see lint_summary


def file_reports(findings: Iterable[Finding], printed: bool = True) -> list[FileReport]:
    """The reports of the files of ``findings``, in the order of their first finding;
    ``printed``: with their error-level findings formatted (else no lines)."""
    counts: dict[str, list[int]] = {}
    lines: dict[str, list[str]] = {}
    for finding in findings:
        path = finding.path
        if path not in counts:
            counts[path], lines[path] = [0, 0, 0], []
        severity = finding.severity
        if severity == _ERROR:
            counts[path][0] += 1
            if printed:
                lines[path].append(format_finding(finding))
        elif severity == _WARNING:
            counts[path][1] += 1
        else:
            counts[path][2] += 1
    return [FileReport(path, count[0], count[1], count[2], tuple(lines[path]))
            for path, count in counts.items()]


def lint_report(files: Sequence[Row]) -> LintReport:
    """The report of files sorted by path."""
    return LintReport(tuple(chain.from_iterable(map(_LINES, files))), sum(map(_ERRORS, files)),
                      summary(files))


_PATH, _ERRORS, _WARNINGS, _INFOS, _LINES = (itemgetter(number) for number in range(5))


def worst_files(files: Iterable[Row], count: int = 3) -> list[tuple[str, int, int]]:
    """(path, errors, warnings) of the files with the most errors, then warnings."""
    files = list(files)
    # Ranked on plain tuples, without a Python call per file (a site reports on 20,000).
    ranked = heapq.nsmallest(count, zip(map(neg, map(_ERRORS, files)),
                                        map(neg, map(_WARNINGS, files)), map(_PATH, files),
                                        strict=True))
    return [(path, -errors, -warnings) for errors, warnings, path in ranked
            if errors or warnings]


def summary(files: Sequence[Row]) -> str:
    """One line of counts by severity, and the files with the most errors and warnings."""
    errors = sum(map(_ERRORS, files))
    warnings = sum(map(_WARNINGS, files))
    infos = sum(map(_INFOS, files))
    if not errors + warnings + infos:
        return "lint: no findings"
    counts = ", ".join(f"{number} {severity.value}s" for number, severity
                       in zip((errors, warnings, infos), (_ERROR, _WARNING, _INFO), strict=True))
    worst = "; ".join(f"{path} ({errors} errors, {warnings} warnings)"
                      for path, errors, warnings in worst_files(files))
    return (f"lint: {errors + warnings + infos} findings ({counts}); most in: {worst}; "
            "run `copydesk check` for every finding")


class LazyFindings(Sequence[Finding]):
    """The build's whole lint, made on first use: a rebuild that only prints its report
    never reads the findings of the pages it did not touch."""

    def __init__(self, make: Callable[[], tuple[Finding, ...]]) -> None:
        self._make: Callable[[], tuple[Finding, ...]] | None = make
        self._findings: tuple[Finding, ...] = ()

    def _all(self) -> tuple[Finding, ...]:
        if self._make is not None:
            self._findings, self._make = self._make(), None
        return self._findings

    @overload
    def __getitem__(self, index: int) -> Finding: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Finding]: ...

    def __getitem__(self, index: int | slice) -> Finding | Sequence[Finding]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyFindings):
            return self._all() == other._all()
        return self._all() == other if isinstance(other, tuple) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # compares by value, like a list

    def __reduce__(self) -> tuple[type[tuple[Finding, ...]], tuple[tuple[Finding, ...]]]:
        return tuple, (self._all(),)  # pickled as what it stands for
