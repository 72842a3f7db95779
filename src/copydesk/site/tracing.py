"""Moving the build's page findings to the source file and line their text came from.

A page finding whose offending text came from a statistic (the claims ledger knows its
record) or appears in the page's own source file or a data file is moved there, so a
problem is reported where it can be fixed. A page's own findings are traced once, when it
is rendered, and kept with it in the build cache (:class:`~copydesk.site.cache.TracedLint`)
with what the trace read (:class:`~copydesk.site.cache.Trace`): the stamp of the page's
source and the working folder paths are shown from (:meth:`Tracer.key`), and the texts it
looked for in the data files with what it found there. Editing a data file traces again
only the pages whose texts now lead elsewhere; while the data files keep the stamps the
previous build traced against (:attr:`Tracer.data_stamp`, kept in the build cache), no text
is looked for again at all.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from copydesk.config import Config
from copydesk.content.loader import DATA_DIR, taken_text
from copydesk.errors import Location
from copydesk.lint.document import Document
from copydesk.lint.finding import Finding
from copydesk.lint.readers import kind_for, read_document
from copydesk.lint.runner import FileIgnores, display_path
from copydesk.lint.text import LINE_BREAKS
from copydesk.paths import file_stamp
from copydesk.site.cache import (
    BuiltPage,
    DataHit,
    SiteTrace,
    Trace,
    TracedLint,
    digest,
)
from copydesk.site.data_changes import DataChanges

# Where str.splitlines ends a line (what lines() splits at): any of them, found in C by
# one search (ten ``in`` tests were each a call).
_LINE_BREAK = re.compile("[" + LINE_BREAKS + "]")
# Characters a template or a statistic prints and Markdown prose seldom holds: a text
# with one is in no source without it, told in C without reading the source for the text
# (~12 K instructions a miss at 6 KB). A tag's "<" and ">" (a head line: the words before
# a meta tag's value are its markup), an attribute's "=", the "|" between a page's title
# and the site's name, a statistic's "%" (the words around a rendered figure: the source
# holds the stat() call). Of ~9 misses a built page's source was read for, ~5 had one.
_MARKS = "<>=|%"
_MIN_TRACED = 3  # shorter offending text ("5") is found everywhere and proves nothing
_MIN_CONTEXT = 16  # the words before computed text must be this long to identify a line
_FILES_KEPT = 64  # source files the tracer keeps read at once
_CONTEXT = 40  # characters of the page line around a text that find it in its source
# Texts looked for in the data files in full before their words are listed (a build that
# traces a few pages does not list 3.6 MB of words; one that traces thousands does).
_SEARCHES_UNLISTED = 16
SiteKey = tuple[str, int, int, int, int]  # a site-wide finding's code and place on its page
Place = tuple[int, int]  # a line of a source file and a column on it (1-based)


class Tracer:
    """Moves page findings to the source file and line their text came from, when known.

    A page's own source is searched first, then the data files, whose text templates pull
    in (once per text a build looks for: the answer is the same for every page). Other
    articles are not searched: no page takes its text from another article's file but the
    index, whose findings stay on the index; and searching 10,000 files for every text
    would make a build quadratic in its size. A finding moved to a source obeys that
    file's ``per-file-ignores`` (it is dropped).
    """

    def __init__(self, config: Config, pages: dict[str, BuiltPage], traced_against: str = "",
                 data_before: Callable[[], Mapping[str, str] | None] | None = None,
                 stamps: Mapping[str, tuple[int, int]] | None = None) -> None:
        """``traced_against``: the :attr:`data_stamp` every cached trace of ``pages`` was
        made or checked under (the previous build's); ``data_before``: reads the data
        files' texts then (:meth:`data_texts`), if kept, once a data file is known to have
        changed (3.6 MB at 10,000 posts, unread by a rebuild after an article edit);
        ``stamps``: the sources' stamps by path, when the build took them before reading
        any (``noop.Inputs.stamps``)."""
        self.config = config
        self._stamps = stamps or {}
        self.pages = pages  # by the path page findings show
        self._root = f"{config.root}{os.sep}"
        self._cwd = os.getcwd()
        shown = display_path(config.root)
        self._root_shown = "" if shown == "." else f"{shown}/"
        data = config.content_path / DATA_DIR
        self.data = ([str(path) for path in sorted(data.rglob("*")) if path.is_file()]
                     if data.is_dir() else [])
        # Taken before any data file is read: one edited meanwhile is searched again next time.
        self.data_stamp = digest(*((path, file_stamp(path)) for path in self.data))
        self.data_unchanged = traced_against == self.data_stamp
        self._data_before = data_before
        self._changes: DataChanges | None = None
        # Bounded: the data files stay (they are searched for every page), the pages'
        # own sources pass through; 10,000 articles need not all be in memory at once.
        self.text = functools.lru_cache(maxsize=_FILES_KEPT)(self._read)
        self._loaded: tuple[str, str] | None = None  # a source's text, from the loader
        self.lines = functools.lru_cache(maxsize=_FILES_KEPT)(self._split)
        self._starts = functools.lru_cache(maxsize=_FILES_KEPT)(self._line_starts)
        self._in_data: dict[str, DataHit] = {}
        self._data_words: frozenset[str] | None = None  # every word of the data files
        self._shown_data: frozenset[str] | None = None
        self._unlisted = _SEARCHES_UNLISTED
        self._searched: dict[str, DataHit] = {}  # by the page being traced
        self._paths: dict[str, str] = {}
        self._display: dict[str, str] = {}
        self._relative: dict[str, str] = {}  # a shown path from the project root
        self._ignored: dict[str, tuple[str, ...]] = {}
        self._ignores = FileIgnores(config)

    def key(self, page: BuiltPage) -> str:
        """What a trace of ``page``'s findings read besides them, its claims (rendered
        again when a statistic changes) and the data files. Plain text, not a digest: it
        is made for every page of every rebuild, from the stamp the build took before it
        read the source (a stat per page was a quarter of a rebuild's lint); one edited
        since is traced again by the next build."""
        # Looked up as the listing's walk writes a path under the root, before any Path
        # is made: a source named otherwise is found under its own name and stat'ed.
        name = page.source.path
        stamp = self._stamps.get(self._root + name) or file_stamp(self._path(name))
        return f"{stamp}\0{self._cwd}"

    def still_valid(self, trace: Trace, page: BuiltPage) -> bool:
        """Whether the page's findings traced as ``trace`` says are what tracing them
        again would give."""
        return trace.key == self.key(page) and (trace.against == self.data_stamp
                                                or self.same_data(trace.data))

    def shown_source(self, page: BuiltPage) -> str:
        """The page's source file as the findings traced into it show it."""
        return self._shown(self._path(page.source.path))

    @property
    def shown_root(self) -> str:
        """How the project root is shown in findings ("" when it is the working folder)."""
        return self._root_shown

    def shown_data(self) -> frozenset[str]:
        """The data files as the findings traced into them show them (asked for each page
        a worker traces: made once)."""
        if self._shown_data is None:
            self._shown_data = frozenset(self._shown(path) for path in self.data)
        return self._shown_data

    def same_data(self, searched: Iterable[tuple[str, DataHit]]) -> bool:
        """Whether each text looked for in the data files is still found where it was."""
        return self.data_unchanged or all(self._holds(text, hit) for text, hit in searched)

    def unmoved(self, texts: Collection[str]) -> bool:
        """Whether each of ``texts``, looked for in the data files by a trace kept from the
        previous build, is still found where it was, told without the places found (the
        trace is not read): no line moved and no changed line has it. False: maybe not."""
        if self.data_unchanged or not texts:
            return True
        changes = self._data_changes()
        return changes is not None and changes.untouched(texts)

    def _holds(self, text: str, hit: DataHit) -> bool:
        changes = self._data_changes()
        if changes is not None and changes.still_holds(text, hit):
            return True
        return self._data_hit(text) == hit

    def _data_changes(self) -> DataChanges | None:
        """How the data files changed since the previous build, when its texts were kept."""
        if self._data_before is not None and self._changes is None:
            before, self._data_before = self._data_before(), None
            if before is not None:
                self._changes = DataChanges.between(before, self.data, self.lines)
        return self._changes

    def data_texts(self) -> dict[str, str]:
        """The data files' texts as this build read them (``data_before`` for the next)."""
        return {path: self.text(path) for path in self.data}

    def traced(self, page: BuiltPage, site: tuple[tuple[SiteKey, SiteTrace], ...] = ()
               ) -> tuple[Trace, TracedLint]:
        """The page's own findings traced to their sources, and its source's suppressions,
        with what the trace read; ``site``: the trace's :attr:`Trace.site`."""
        self._searched = {}
        kept = tuple(finding for finding in map(self.trace, page.lint.findings)
                     if finding is not None)
        return (Trace(self.key(page), tuple(self._searched.items()), site, self.data_stamp),
                TracedLint(kept, self._suppressions(page.source.path)))

    def trace_searching(self, finding: Finding
                        ) -> tuple[Finding | None, tuple[tuple[str, DataHit], ...]]:
        """:meth:`trace`, with the texts it looked for in the data files."""
        self._searched = {}
        return self.trace(finding), tuple(self._searched.items())

    def trace(self, finding: Finding) -> Finding | None:
        """``finding`` where its text came from; None when that file's ignores turn it off."""
        moved = self._move(finding)
        if moved is not finding and moved.code.startswith(self._ignored_at(moved.path)):
            return None
        return moved

    def _ignored_at(self, shown: str) -> tuple[str, ...]:
        """The codes ``per-file-ignores`` turns off for a file shown as ``shown``: asked
        for the files findings moved to only (globs matched against every page's source
        were a tenth of a rebuild's lint)."""
        if shown not in self._ignored:
            self._ignored[shown] = self._ignores(self._relative[shown])
        return self._ignored[shown]

    def _move(self, finding: Finding) -> Finding:
        page = self.pages.get(finding.path)
        if page is None:
            return finding
        line, start = finding.source_line, finding.col - 1
        one_line = finding.end_line == finding.line
        # Where the finding's text ends on its first line (exclusive).
        end = finding.end_col - 1 if one_line else len(line)
        middle = line[start:end]
        text = middle.strip()
        if "<" in text:
            return finding
        own = self._path(page.source.path)
        found = self._in_context(own, line, start, end, one_line, page.source.line, middle,
                                 len(text) < _MIN_TRACED)
        if found is not None:
            return self._moved(finding, own, found, middle)
        if len(text) < _MIN_TRACED:
            return finding
        claim = next((claim for claim in page.claims if text in claim.rendered), None)
        if claim is not None:
            data = claim.data
            return self._moved(finding, self._path(data.path), (data.line, data.col), text)
        # Text a template computed (a formatted salary) is in no file: the words before are.
        before = line[line.rfind(">", 0, start) + 1:start].strip()
        for needle in (text, before if len(before) >= _MIN_CONTEXT else ""):
            if not needle:
                continue
            path = own
            place = self._place(own, needle, page.source.line)
            if place is None:
                hit = self._find_in_data(needle)
                if hit is not None:
                    path, place = self._path(hit.path), (hit.line, hit.col)
            if place is not None and needle == text:
                return self._moved(finding, path, place, text)
            if place is not None:  # just after the words that precede it
                return self._moved(finding, path, (place[0], place[1] + len(needle) + 1), "")
        return finding

    def _in_context(self, path: str, line: str, start: int, end: int, one_line: bool,
                    from_line: int, middle: str, short: bool) -> Place | None:
        """Where ``path`` has the text at ``start:end`` of a finding's page ``line`` with the
        words around it on the line, or else those before it, or those after it (those
        after only when the finding is on one line): a short text ("when", "2025", two
        spaces) is then found on its own line, not on the first line that has it; and in
        the source, not in a statistic that rendered the same text ("[Insert %]")
        elsewhere on the page. Around a text shorter than ``_MIN_TRACED``, the words must
        be ``_MIN_CONTEXT`` long to prove anything (``short``: ``middle``, the text, is
        shorter). No words after the text (or none before) leave one text to look for,
        looked for once. Written out, not as a loop over the three: it runs for each of a
        page's findings."""
        lead, trail = _around(line, start, end, one_line)
        enough = _MIN_CONTEXT if short else 1
        if len((lead + trail).strip()) >= enough:
            found = self._place(path, lead + middle + trail, from_line, len(lead))
            if found is not None:
                return found
        if trail and len(lead.strip()) >= enough:
            found = self._place(path, lead + middle, from_line, len(lead))
            if found is not None:
                return found
        if lead and len(trail.strip()) >= enough:
            return self._place(path, middle + trail, from_line)
        return None

    def _suppressions(self, name: str) -> Document | None:
        """The suppression comments of a Markdown source, as a Document of those lines only
        (the rest blank); None when it has none. Read only when the text names copydesk."""
        path = self._path(name)
        text = self.text(path)
        if "copydesk" not in text or kind_for(name) != "markdown":  # the name: a PurePath
            return None
        document = read_document(self._shown(path), text)
        if not document.suppressions:
            return None
        keep = {suppression.line for suppression in document.suppressions}
        return replace(document, source=document.lines_only(keep), blocks=(), front_matter={})

    def _path(self, name: str) -> str:
        if name not in self._paths:
            if name != "." and os.path.normpath(name) == name:  # as Path writes it: no Path
                self._paths[name] = os.path.join(str(self.config.root), name)
            else:
                path = Path(name)
                self._paths[name] = str(path if path.is_absolute() else self.config.root / path)
        return self._paths[name]

    def _shown(self, source: str) -> str:
        """``source`` as findings show it: from the root, without resolving each file (a
        build traces into thousands), as ``SiteFiles`` shows the site's files."""
        if source not in self._display:
            if source.startswith(self._root):
                relative = source[len(self._root):].replace(os.sep, "/")
                shown = self._root_shown + relative
            else:
                relative = shown = display_path(Path(source))
            self._display[source] = shown
            self._relative[shown] = relative
        return self._display[source]

    def take_loaded(self, page: BuiltPage) -> None:
        """Take the text of the page's source from the content loader when it read that
        file last (``loader.taken_text``: the worker has just read the article's body
        there), not from the file again. Never a data file's: the traces read those after
        :attr:`data_stamp` is taken. For a tracer without the build's stamps (the one
        where pages are linted): a source changed since it was read is traced as read,
        and then again from the file by the build's lint, the trace key being the stamp
        taken after the trace (:meth:`traced`), which the build's listing does not have."""
        path = self._path(page.source.path)
        text = taken_text(path) if path not in self.data else None
        self._loaded = None if text is None else (path, text)

    def _read(self, path: str) -> str:
        loaded = self._loaded
        if loaded is not None and loaded[0] == path:
            self._loaded = None
            return loaded[1]
        return _read_text(path)

    def _split(self, path: str) -> list[str]:
        return self.text(path).splitlines()

    def _line_starts(self, path: str) -> list[int]:
        """The offset in ``path``'s text where each of ``lines(path)`` starts, and its end."""
        return line_starts(self.text(path), self.lines(path))

    def _find(self, path: str, text: str, from_line: int, skip: int = 0) -> Location | None:
        """The first place at or after ``from_line`` where ``text`` (not empty) appears in
        ``path`` on one line, else the first before it; ``skip`` characters into it."""
        place = self._place(path, text, from_line, skip)
        return None if place is None else _location(path, *place)

    def _place(self, path: str, text: str, from_line: int, skip: int = 0) -> Place | None:
        """:meth:`_find`'s line and column, without the Location (~4.6 K instructions; the
        tracer makes one only for a text it found in a data file, which a trace keeps).

        Searched in the whole text, in C: its first place, then, when that is before the
        line, from where the line starts (trying line after line was a third of tracing a
        page's findings). Not tested with ``in`` first, which searched a file a second time
        for each text found there (most texts are looked for from the first line). A text
        with no line break (told without the pattern when it is printable: no break is) is
        never across a line start: the first place after the line's start is the first
        at or after it, and with none there the first place is the first before it. A
        text is told to have one once found (~14 of a page's ~23 searches miss: telling
        each of those first cost ~2 K instructions)."""
        whole = self.text(path)
        for mark in _MARKS:
            if mark in text and mark not in whole:
                return None
        at = whole.find(text)
        if at < 0:
            return None  # a file without it is not split into lines (a data file: MBs)
        if not text.isprintable() and _LINE_BREAK.search(text) is not None:
            return None  # no line of lines(path) holds a break
        starts = self._starts(path)
        if from_line > 1:  # a record's line, maybe past a short file
            first = starts[min(from_line, len(starts)) - 1]
            if at < first:
                later = whole.find(text, first)
                at = later if later >= 0 else at
        number = bisect.bisect_right(starts, at)
        return number, at - starts[number - 1] + 1 + skip

    def _find_in_data(self, text: str) -> Location | None:
        hit = self._searched[text] = self._data_hit(text)
        return hit[0]

    def _data_hit(self, text: str) -> DataHit:
        """Where ``text`` first is in the data files, with that line; once per build."""
        if text not in self._in_data:
            found = next((found for path in self.data
                          if (found := self._find(path, text, 1)) is not None), None
                         ) if self._may_be_in_data(text) else None
            line = self.lines(found.path)[found.line - 1] if found is not None else ""
            self._in_data[text] = found, line
        return self._in_data[text]

    def _may_be_in_data(self, text: str) -> bool:
        """False when a word of ``text`` is in no data file, told without searching them.

        Most texts looked for there are the page's own, a template made (a title and the
        site's name): not found, each searched 3.6 MB of data at 10,000 posts (~0.5 ms, a
        tenth of a page's work). A word of ``text`` that white space bounds in it is a
        word of the data file (``str.split``'s) wherever the file holds the text."""
        if self._data_words is None:
            if self._unlisted > 0:
                self._unlisted -= 1
                return True
            self._data_words = self._listed_words()
        return all(map(self._data_words.__contains__, _whole_words(text)))

    def _listed_words(self) -> frozenset[str]:
        """Every word of the data files (``_may_be_in_data``)."""
        return frozenset(_distinct_words(map(self.text, self.data)))

    def list_data_words(self) -> None:
        """List the data files' words now: in the process that forks the workers of a
        build's rounds, which then share them (each worker of each round listed them for
        itself: 0.36 G instructions at 10,000 posts, 12 times in a cold build on two
        cores). The texts are let go of here (3.6 MB): a worker that searches them reads
        them again (~7 M instructions), and finds where their lines start (~0.1 G; kept
        here too, they made this process ~15 MB larger during the pool)."""
        self._data_words = self._listed_words()
        self.text.cache_clear()

    def forget_read(self) -> None:
        """Let go of the files read and what was made of them, as the build's end would:
        the tracer is in a reference cycle (its caches hold its methods), which the
        build's paused collector leaves alone."""
        for cache in (self.text, self.lines, self._starts):
            cache.cache_clear()
        self._data_words = None

    def _moved(self, finding: Finding, source: str, place: Place, text: str) -> Finding:
        """``finding`` at ``place`` (a line of ``source``, a full path, and a column: 0 to
        find ``text`` on that line)."""
        number, col = place
        lines = self.lines(source)
        line = lines[number - 1] if 0 < number <= len(lines) else ""
        col = col or max(line.find(text), 0) + 1
        # Most texts are where the trace found them: told without searching the line.
        end_col = (col + len(text) if text and (line.startswith(text, col - 1) or text in line)
                   else len(line) + 1)
        # Every field given, not dataclasses.replace (which reads each field of the old
        # finding by name): the code, name, severity and message are all that stay.
        return Finding(self._shown(source), number, col, number, max(end_col, col + 1),
                       finding.code, finding.name, finding.severity, finding.message, None,
                       line)


def _location(path: str, line: int, col: int) -> Location:
    """``Location(path, line, col)``, its fields put in its ``__dict__`` at once: a frozen
    dataclass's __init__ calls object.__setattr__ for each, and the tracer makes one for
    each text it finds (most findings)."""
    location: Location = object.__new__(Location)
    location.__dict__.update(path=path, line=line, col=col)
    return location


def line_starts(text: str, lines: list[str]) -> list[int]:
    """The offset in ``text`` where each of its ``lines`` (``text.splitlines()``) starts,
    and its end. Every line break but "\\r\\n" is one character: a text without "\\r" is
    measured from the lines already split, in C (splitting it again, keeping the breaks,
    made a list of every line once more for each page traced)."""
    if "\r" in text:
        return [0, *itertools.accumulate(map(len, text.splitlines(keepends=True)))]
    starts = [0, *itertools.accumulate(map(_ONE_MORE, map(len, lines)))]
    starts[-1] = len(text)  # the last line may end without a break
    return starts


_ONE_MORE = (1).__add__


def _around(line: str, start: int, end: int, one_line: bool) -> tuple[str, str]:
    """The words before ``start`` and after ``end`` on a page line, up to ``_CONTEXT``
    characters each and cut at a tag; none after a finding that ends on another line.
    Found around the text, in C: a paragraph is one line, and copying its two ends to
    split them at tags cost more than looking for the text."""
    lead = line[max(line.rfind(">", 0, start) + 1, start - _CONTEXT):start]
    if not one_line:
        return lead, ""
    cut = line.find("<", end, end + _CONTEXT)
    return lead, line[end:cut if cut >= 0 else end + _CONTEXT]


def _distinct_words(texts: Iterable[str]) -> set[str]:
    """Every word (``str.split``'s) of ``texts``, split a piece at a time: the data files
    of 10,000 posts hold 530,000 words but 14,000 distinct ones, and splitting each file at
    once made all 530,000 (~30 MB in each worker, which its allocator kept: the build's
    peak went from 378 to 421 MiB)."""
    found: set[str] = set()
    for text in texts:
        start = 0
        while start < len(text):
            # A piece ends at white space, so no word is cut in two.
            end = text.find("\n", start + _SPLIT_PIECE)
            end = len(text) if end < 0 else end
            found.update(text[start:end].split())
            start = end
    return found


_SPLIT_PIECE = 1 << 16  # characters


def _whole_words(text: str) -> list[str]:
    """The words of ``text`` (``str.split``'s) that white space bounds on both sides in it:
    its first and last may be the ends of longer ones where it is found."""
    words = text.split()
    return words[(not text[:1].isspace()):len(words) - (not text[-1:].isspace())]


def _read_text(path: str) -> str:
    """The text of ``path`` as ``Path.read_text`` reads it (its line ends made "\\n"),
    without a Path: a page's own source is read where it is traced, and pathlib cost
    ~36 K instructions a page."""
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError):
        return ""
