"""Parsed content kept across builds: 10,000 unchanged front matters are not read again.

Parsing a data file is a function of its text, its path, name and format; parsing an
article, of its text and path, and of the names its front matter may refer to. An entry is
kept by path (and copydesk's code) with the file's (size, mtime) and the digest of its
text: a file whose stamp is unchanged is not even read; one whose stamp changed is read,
and parsed again only when its text changed too. For an article the names are checked on
use: one whose authors, roles, FAQ entries and data collections all still exist parses to
the same record, and one whose reference went away is parsed again, which reports the
missing name as a fresh parse would. The typed records of a data file (statistics, FAQ
entries, ...) are kept too, with the digest of the text they were built from and of the
role slugs they were checked against. Articles are kept without their bodies (nine tenths
of the memo): a kept article reads its body from its file when first asked for, which only
a page rendered does, and refuses a file whose text is no longer the one the memo knows;
so is an article parsed afresh, once its fingerprint is taken.
An edit that keeps a file's size and modification time is not seen (``copydesk build
--no-cache`` parses everything). The memo is kept in buckets under ``.copydesk/``
(``copydesk.site.store.Buckets``): a save rewrites those whose entries changed; an
unreadable one is ignored, and each save keeps only the entries the last load used. The
entries of a data file (its parsed value, its records) and the names the articles were
checked against are kept in buckets of their own, apart from the articles': a rebuild
reads every data file's entries and one or two articles', and read with the articles of
their buckets, ~1,000 kept front matters were unpickled for nothing (10,000 posts).

A load that must parse many articles (a first build, a new clone, a checkout that touched
most files) parses them over worker processes while it loads the data files, before it
goes through them in order (:meth:`ParseMemo.prefetch`): a front matter takes about 0.2 ms
to parse and check, so 10,000 of them were seconds of a cold build during which one core
waited, and the workers began only once the data files were loaded (their names are
checked afterwards).
"""

from __future__ import annotations

import operator
import pickle
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from copydesk.content.articles import KnownNames, parse_article, text_body
from copydesk.content.formats import YAML_SUFFIXES, parse_data
from copydesk.content.loader import EachRecord, Parsers, SourceFile, by_key, made
from copydesk.content.models import Article, Fingerprinted
from copydesk.content.yaml_items import ItemKey, ParsedItem, assembled, parse_items
from copydesk.errors import ContentError, Location
from copydesk.heap import collection_paused
from copydesk.parallel import Begun, available_cores, begin_map
from copydesk.site.cache import FORMAT, bytes_digest, code_stamp, digest
from copydesk.site.noop import FOLDER
from copydesk.site.store import BUCKETS, Buckets, base_outgrown, bucket_of

T = TypeVar("T")
# .4: articles without bodies; .5: data by item; .6: a data file's items as a base and those
# since; .7: the data files' entries in buckets of their own; .8: records pickled in runs
MEMO_PREFIX = FOLDER / f"parsed-v{FORMAT}.8"
# The memo's entry for the names its articles were last checked against (KnownNames).
_NAMES = "\0known names"
# Fewer articles to parse than this are parsed in this process: forking workers and
# sending the articles back costs about what parsing a hundred or two does.
PREFETCH_FROM = 500


@dataclass(frozen=True)
class _Entry:
    stamp: tuple[int, int] | None  # (size, mtime_ns) of the file when it was read
    text: str  # digest of its text
    value: Any  # the Article, the parsed data, or the records of a data file


class ParseMemo:
    """Parsers for :func:`~copydesk.content.loader.load_project` that remember their work."""

    def __init__(self, root: Path, *, lazy: bool = False, jobs: int | None = None) -> None:
        """``lazy``: read a bucket when an entry of it is first asked for (a load of a few
        files, the data files of a rebuild, reads a few buckets); ``jobs``: the worker
        processes :meth:`prefetch` may use (None: one per core)."""
        self._jobs = jobs
        self._ahead: _Ahead | None = None  # the articles prefetch() has workers parse
        self._buckets: Buckets[_Entry] = Buckets(root / MEMO_PREFIX, code_stamp(), _bucket,
                                                 2 * BUCKETS)
        self._kept = {} if lazy else self._buckets.load()
        self._loaded: set[int] | None = set() if lazy else None  # the buckets read, if lazy
        self._used: dict[str, _Entry] = {}
        self._texts: dict[str, str] = {}  # file -> digest of its text, as this load read it
        self._items: dict[str, tuple[ItemKey, ...] | None] = {}  # data file -> its items
        # This load's names, and whether the kept articles were checked against the same.
        self._names: tuple[KnownNames, bool] | None = None
        self._changed: set[int] = set(range(2 * BUCKETS))  # until settle() knows better

    @property
    def parsers(self) -> Parsers:
        return Parsers(self.article, self.data, self.records, self.prefetch)

    @contextmanager
    def prefetch(self, sources: Sequence[SourceFile]) -> Iterator[None]:
        """While the block runs (the load of the data files), parse over worker processes
        the articles of ``sources`` that :meth:`article` will have to read (no entry, or
        the file's stamp changed), when there are many; :meth:`article` waits for them.
        The workers do not know the data files' names yet: an article whose front matter
        refers to one they do not have, or that fails to read or parse, is left to
        :meth:`article`, which raises its error in its turn, as a load without prefetch
        does."""
        jobs = self._jobs or available_cores()
        if self._loaded is None and jobs >= 2:
            keys = [_key(source, "article") for source in sources]
            stale = [(key, source) for key, source in zip(keys, sources, strict=True)
                     if (entry := self._kept.get(key)) is None or entry.stamp != source.stamp]
            if len(stale) >= PREFETCH_FROM and _forked():
                self._ahead = _Ahead([key for key, _ in stale], begin_map(
                    _fresh_article, [source for _, source in stale], jobs=jobs))
        try:
            yield
        finally:
            if self._ahead is not None:  # stopped if the load failed before its end
                self._ahead.close()
                self._ahead = None

    def article(self, source: SourceFile, known: KnownNames) -> Article:
        def parse(text: str) -> Article:
            return parse_article(source.path, source.display, text, known)

        same_names = self._same_names(known)

        def usable(value: Any) -> bool:
            return isinstance(value, Article) and (same_names
                                                   or _references_exist(value, known))

        def named(value: Any) -> bool:  # parsed ahead, by workers that knew no names
            return isinstance(value, Article) and _references_exist(value, known)

        article: Article = self._remember("article", source, parse, usable, _ARTICLE, named)
        return article

    def data(self, source: SourceFile, name: str, suffix: str) -> Callable[[], Any]:
        what = f"data\0{name}\0{suffix}"
        before = self._entry(_key(source, what))
        parsed: list[Any] = []  # the value, when parsed by this load

        def parse(text: str) -> _Data:
            if suffix in YAML_SUFFIXES:  # a list of records: only the items that changed
                kept = before.value if before is not None and isinstance(
                    before.value, _Data) and before.value.keys is not None else None
                found = parse_items(text, source.display, kept.items() if kept else {})
                if found is not None:
                    parsed.append(found[0])
                    return _Data.of_items(found[1], kept)
            parsed.append(parse_data(text, source.display, name, suffix))
            return _Data(_pickled(parsed[0]), None)

        data: _Data = self._remember(what, source, parse, lambda value: isinstance(value, _Data))
        self._items[source.file] = data.keys
        return (lambda: parsed[0]) if parsed else data.value

    def records(self, source: SourceFile, context: tuple[str, ...], key: str,
                build: Callable[[EachRecord], tuple[Any, ...]]) -> Mapping[str, Any]:
        """The records of a data file whose text and ``context`` are the ones they were
        built from last time are those records: thousands of statistics and FAQ entries are
        not validated again, and keep the fingerprints the build's planning gave them (read
        by a lazy memo, each is unpickled when first read: :class:`_KeptRecords`). When the
        text changed, so are those of the items whose text and place did not (a YAML file
        parsed item by item, see ``content.yaml_items``), and only the others are pickled
        for the next load."""
        text = self._texts.get(source.file)
        if text is None:  # not a data file this memo read
            return by_key(build(made), key)
        entry_key = _key(source, "records")
        made_from = digest(text, context)
        entry = self._entry(entry_key)
        if entry is not None and entry.text == made_from and isinstance(entry.value, _Records):
            self._used[entry_key] = entry
            if self._loaded is None:  # a load of the project: every record is read, and
                # unpickled here, before the workers are forked, not by each of them
                return dict(zip(entry.value.keys, entry.value.records(), strict=True))
            return _KeptRecords(entry.value.keys, entry.value.runs)
        items = self._items.get(source.file)
        before = entry.value if entry is not None else None
        if not (items is not None and isinstance(before, _Records) and before.items is not None
                and before.context == context and len(before.items) == len(before.keys)):
            before = None
        old = before.records() if before is not None else []
        kept = dict(zip(before.items or (), old, strict=True)) if before is not None else {}

        def each(index: int, make: Callable[[], Any]) -> Any:
            record = kept.get(items[index]) if items is not None else None
            return _fingerprinted(make()) if record is None else record

        with collection_paused():  # building and pickling records makes no garbage
            records = build(each)
            runs = tuple(_run(records, start, old, before) for start in range(0, len(records), RUN))
        self._used[entry_key] = _Entry(None, made_from, _Records(
            context, items, tuple(getattr(record, key) for record in records), runs))
        return by_key(records, key)

    def _remember(self, what: str, source: SourceFile, parse: Callable[[str], Any],
                  usable: Callable[[Any], bool], form: _Form | None = None,
                  named: Callable[[Any], bool] = bool) -> Any:
        """``named``: whether a value parsed ahead (:meth:`prefetch`) holds."""
        key = _key(source, what)
        entry = self._entry(key)
        value = None if entry is None else _restored(form, source, entry)
        # The stamp was taken when the folder was listed, before the read: an edit made
        # after it shows next time.
        if entry is None or entry.stamp != source.stamp or not usable(value):
            fresh = self._ahead.take(key) if self._ahead is not None else None
            made = None if fresh is None else _Entry(source.stamp, *fresh)
            ahead = None if made is None else _restored(form, source, made)
            if made is not None and not named(ahead):
                made = None  # parsed here: its error is told as a load without prefetch does
            if made is None:
                text = source.text()
                text_digest = bytes_digest(text.encode("utf-8", "surrogateescape"))
            else:
                text_digest = made.text
            if entry is not None and entry.text == text_digest and usable(value):
                entry = _Entry(source.stamp, text_digest, entry.value)
            elif made is None:
                value = _fingerprinted(parse(text))
                entry = _Entry(source.stamp, text_digest,
                               value if form is None else form.kept(value))
                # Given as a later load gives it: a cold build held every article's body
                # (58 MiB at 10,000 articles) for renders that read it in its workers.
                value = _restored(form, source, entry)
            else:
                entry, value = made, ahead
        self._used[key] = entry
        self._texts[source.file] = entry.text
        return value

    def text_digest(self, file: str) -> str:
        """The digest of the text of ``file`` as this load read it ("" when it did not)."""
        return self._texts.get(file, "")

    def _same_names(self, known: KnownNames) -> bool:
        """Whether ``known`` are the names every kept article was checked against by the
        last load (a kept article then refers to names that exist), without checking
        10,000 articles' references."""
        if self._names is None or self._names[0] is not known:
            names = digest(*(sorted(group) for group in (known.authors, known.roles,
                                                         known.faq, known.data)))
            before = self._entry(_NAMES)
            same = before is not None and before.text == names
            self._used[_NAMES] = before if before is not None and same else _Entry(
                None, names, None)
            self._names = known, same
        return self._names[1]

    def _entry(self, key: str) -> _Entry | None:
        if self._loaded is not None and (bucket := _bucket(key)) not in self._loaded:
            self._loaded.add(bucket)
            self._kept.update(self._buckets.load((bucket,)))
        return self._kept.get(key)

    def settle(self) -> None:
        """After the load: note what :meth:`save` must write, and let the entries of the
        previous load that this one did not use go (they would live through the build).
        A lazy memo keeps them: it used a few of the files, not the project."""
        if self._loaded is not None:
            self._used = {**self._kept, **self._used}
        self._changed = self._buckets.changed(self._used, self._kept)
        self._kept = {}

    def save(self) -> None:
        """Keep the entries of this load for the next: the buckets where any changed."""
        self._buckets.write(self._used, self._changed)



class _Ahead:
    """The articles :meth:`ParseMemo.prefetch` has workers parse, by entry key: the digest
    of each one's text and its entry's value (as the memo keeps it: no body to send back),
    or None (left to this process). Taken in chunk by chunk, in order, as the load asks
    for them: it goes through the first articles while the workers parse the last (it
    waited for all of them, then went through 10,000 with a core idle)."""

    def __init__(self, keys: Sequence[str], begun: Begun[tuple[str, Any] | None]) -> None:
        self._waiting = set(keys)  # not yet back from the workers
        self._results = zip(keys, begun.each(), strict=True)
        self._begun = begun
        self._back: dict[str, tuple[str, Any]] = {}

    def take(self, key: str) -> tuple[str, Any] | None:
        """The article of entry ``key`` parsed ahead (None when the workers were not to
        parse it, or could not), once its chunk and those before it are back."""
        while key in self._waiting:
            done, fresh = next(self._results)
            self._waiting.discard(done)
            if fresh is not None:
                self._back[done] = fresh
        return self._back.pop(key, None)

    def close(self) -> None:
        """End the workers: at the end of their map once every article was taken, else
        (a load that failed) at once."""
        if self._waiting:
            self._begun.cancel()
        else:
            next(self._results, None)  # past the last result, where Begun.each ends them


def _key(source: SourceFile, what: str) -> str:
    return f"{source.file}\0{source.display}\0{what}"


_ARTICLE_KEY_END = "\0article"


def _bucket(key: str) -> int:
    """The bucket of an entry: an article's, among the first :data:`BUCKETS`, by its key; a
    data file's value and records, and the names, among the next ones, by the file (its two
    entries change together)."""
    if key.endswith(_ARTICLE_KEY_END):
        return bucket_of(key)
    return BUCKETS + bucket_of(key.partition("\0")[0])


class _Anything(Collection[str]):
    """Every name: :meth:`ParseMemo.prefetch`'s workers parse front matters before the data
    files are loaded, and the articles' references are checked once they are."""

    def __contains__(self, name: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


_ANYTHING = KnownNames(_Anything(), _Anything(), _Anything(), _Anything())


def _forked() -> bool:
    """Whether worker processes are forked, the only start :meth:`ParseMemo.prefetch` uses."""
    # Imported here (with socket and selectors, ~5 ms): a load that parses a few articles,
    # as a rebuild's, never asks.
    import multiprocessing

    return multiprocessing.get_start_method() == "fork"


def _fresh_article(source: SourceFile) -> tuple[str, Any] | None:
    """In a worker of :meth:`ParseMemo.prefetch`: the digest of an article's text and the
    article as the memo keeps it, or None when it cannot be read or parsed."""
    try:
        text = source.text()
        article = parse_article(source.path, source.display, text, _ANYTHING)
    except ContentError:
        return None
    return (bytes_digest(text.encode("utf-8", "surrogateescape")),
            _ARTICLE.kept(_fingerprinted(article)))


_NO_ITEMS = pickle.dumps({}, protocol=pickle.HIGHEST_PROTOCOL)


class _Data(NamedTuple):
    """A data file's parsed value, pickled apart: loading the memo does not unpickle it,
    and a build does only when it builds the file's records again or gives it to
    templates."""

    blob: bytes  # the value, or a base of its items by key
    keys: tuple[ItemKey, ...] | None  # the value's items (content.yaml_items), if by item
    since: bytes = _NO_ITEMS  # by item: those of ``keys`` not in the base, by key

    @classmethod
    def of_items(cls, items: Mapping[ItemKey, ParsedItem], before: _Data | None) -> _Data:
        """A file's ``items``, with the base of the ``before`` it was parsed against (by item)
        when it still holds most of them: a value edited in a statistics file of 6,000 items
        pickles that item, not all of them again (~150 M instructions)."""
        if before is not None and before.keys is not None:
            before_since: dict[ItemKey, ParsedItem] = _unpickled(before.since)
            based = {key for key in before.keys if key not in before_since}
            since = {key: item for key, item in items.items() if key not in based}
            if not base_outgrown(len(since), len(items)):
                return cls(before.blob, tuple(items), _pickled(since))
        return cls(_pickled(dict(items)), tuple(items))

    def items(self) -> dict[ItemKey, ParsedItem]:
        if self.keys is None:
            return {}
        found: dict[ItemKey, ParsedItem] = _unpickled(self.blob)
        found.update(_unpickled(self.since))
        return {key: found[key] for key in self.keys}

    def value(self) -> Any:
        return _unpickled(self.blob) if self.keys is None else assembled(self.items())


# Records are pickled this many at a time: a rebuild that reads a few records unpickles
# their runs alone, and one that reads all of them little more than one pickle of all would
# (a pickle looks up its classes again: one a record was 2.7 times as slow).
RUN = 64


class _Records(NamedTuple):
    context: tuple[str, ...]  # what else they were checked against (the role slugs)
    items: tuple[ItemKey, ...] | None  # the item each record was built from, if known
    keys: tuple[str, ...]  # each record's key
    runs: tuple[bytes, ...]  # the records pickled RUN at a time, their fingerprints taken

    def records(self) -> list[Any]:
        with collection_paused():
            return [record for run in self.runs for record in pickle.loads(run)]


def _run(records: Sequence[Any], start: int, old: Sequence[Any], before: _Records | None
         ) -> bytes:
    """The run of ``records`` from ``start`` pickled: the one ``before`` kept when it holds
    the same records (``old``: its records, as unpickled), as most do after one edit."""
    run = records[start:start + RUN]
    kept = old[start:start + RUN]
    if before is not None and len(kept) == len(run) and all(map(operator.is_, run, kept)):
        return before.runs[start // RUN]
    return pickle.dumps(tuple(run), protocol=pickle.HIGHEST_PROTOCOL)


class _KeptRecords(Mapping[str, Any]):
    """A data file's records as the memo keeps them, by key, each run of them unpickled when
    one of its records is first read: a rebuild that renders a page or two reads a few of
    12,000 statistics and FAQ entries (unpickled whole, they were ~40 ms and 45 MiB of its
    10,000 posts)."""

    def __init__(self, keys: Sequence[str], runs: Sequence[bytes]) -> None:
        self._index = {key: index for index, key in enumerate(keys)}
        self._runs = runs
        self._read: dict[int, tuple[Any, ...]] = {}

    def __getitem__(self, key: str) -> Any:
        number, place = divmod(self._index[key], RUN)
        run = self._read.get(number)
        if run is None:  # a few dozen records: unpickled without pausing the collector
            run = self._read[number] = pickle.loads(self._runs[number])
        return run[place]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def _pickled(value: Any) -> bytes:
    with collection_paused():
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _unpickled(blob: bytes) -> Any:
    with collection_paused():
        return pickle.loads(blob)


class _Form(NamedTuple):
    """How a kind of value is kept in the memo (its entry's value) and made again."""

    kept: Callable[[Any], Any]
    restored: Callable[[SourceFile, _Entry], Any]


def _restored(form: _Form | None, source: SourceFile, entry: _Entry) -> Any:
    return entry.value if form is None else form.restored(source, entry)


def _article_kept(article: Article) -> tuple[tuple[Any, ...], str]:
    return article.head(), article.fingerprint


def _article_restored(source: SourceFile, entry: _Entry) -> Article:
    head, fingerprint = entry.value
    return Article.without_body(source.file, head, fingerprint,
                                partial(_read_body, source, entry.text, head[_BODY_LINE]))


def _read_body(source: SourceFile, text_digest: str, body_line: int) -> str:
    """The body of a kept article, from its file as the memo last read it."""
    text = source.text()
    if bytes_digest(text.encode("utf-8", "surrogateescape")) != text_digest:
        raise ContentError("the file changed while the site was being built",
                           Location(source.display, 1),
                           "build again: the next build reads it as it is now")
    return text_body(text, body_line)


# Articles are kept without their bodies (about 90% of the memo at 10,000 articles).
_ARTICLE = _Form(_article_kept, _article_restored)
_BODY_LINE = Article.head_fields().index("body_line")


def _fingerprinted(value: T) -> T:
    """``value``, its records' fingerprints taken: they are pickled with it, and an entry
    is written again only when it changes."""
    for record in value if isinstance(value, tuple) else (value,):
        if isinstance(record, Fingerprinted):
            record.fingerprint  # noqa: B018 (computed and kept on the record)
    return value


def _references_exist(article: Article, known: KnownNames) -> bool:
    # map() over the names: asked for 10,000 articles per rebuild.
    return ((article.author is None or article.author in known.authors)
            and all(map(known.roles.__contains__, article.roles))
            and all(map(known.faq.__contains__, article.faq))
            and all(map(known.data.__contains__, article.data)))
