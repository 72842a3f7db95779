"""``load_project``: read ``content/`` into a validated :class:`Project`, or fail once.

Data files live in ``content/data/`` and are named after what they hold: ``roles``,
``statistics``, ``faq`` and ``authors`` are typed records; any other name becomes a
:class:`DataCollection` for templates. Every other Markdown file under ``content/`` is an
article. Files are visited in sorted order, so a project loads the same way everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from copydesk.config import Config
from copydesk.content import records
from copydesk.content.articles import KnownNames, parse_article
from copydesk.content.fields import Field
from copydesk.content.formats import DATA_SUFFIXES, parse_data
from copydesk.content.limits import read_bytes_within
from copydesk.content.listing import Listed, list_files
from copydesk.content.located import LocatedMap
from copydesk.content.models import (
    Article,
    Author,
    DataCollection,
    FaqEntry,
    Project,
    Role,
    Statistic,
)
from copydesk.errors import ContentError, Location
from copydesk.site.noop import ARTICLE_SUFFIXES

T = TypeVar("T")

DATA_DIR = "data"
COLLECTION_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
UTF8_BOM = b"\xef\xbb\xbf"


class SourceFile(NamedTuple):
    """A content file to parse; its text is read only when asked for (a tuple: one is
    made for each of 10,000 articles a build loads)."""

    file: str  # its path, as found under the content folder
    display: str  # the path users see in messages: relative to the project root
    max_mb: int
    stamp: tuple[int, int] | None = None  # (size, mtime_ns) when the folder was listed

    @property
    def path(self) -> Path:
        return Path(self.file)

    def text(self) -> str:
        return read_text(self.file, self.display, self.max_mb)  # no Path: ~22 K instructions


@dataclass(frozen=True)
class _DataFile:
    source: SourceFile
    name: str
    value: Callable[[], Any]  # its parsed value, made when first needed (see Parsers)

    @property
    def display(self) -> str:
        return self.source.display


# Gives the record of the item at an index: one kept from the last load, or make()'s.
EachRecord = Callable[[int, Callable[[], Any]], Any]


def made(index: int, make: Callable[[], T]) -> T:
    """The :data:`EachRecord` of a load that keeps nothing: every record is made."""
    return make()


def _parse_article(source: SourceFile, known: KnownNames) -> Article:
    return parse_article(source.path, source.display, source.text(), known)


def _parse_data(source: SourceFile, name: str, suffix: str) -> Callable[[], Any]:
    value = parse_data(source.text(), source.display, name, suffix)
    return lambda: value


def _build_records(source: SourceFile, context: tuple[str, ...], key: str,
                   build: Callable[[EachRecord], tuple[Any, ...]]) -> Mapping[str, Any]:
    return by_key(build(made), key)


def by_key(records: Sequence[T], key: str) -> dict[str, T]:
    """``records`` by their field ``key`` (unique: ``_records`` checked it), in order."""
    return {getattr(record, key): record for record in records}


@contextmanager
def _no_prefetch(sources: Sequence[SourceFile]) -> Iterator[None]:
    yield


@dataclass(frozen=True)
class Parsers:
    """How one article and one data file are parsed, and the typed records of a data file
    built (the build passes ones that remember unchanged files, and read only the files
    whose stamp changed). A data file is parsed when ``data`` is called, which gives what
    makes its value (the memo's unpickles it only when asked). ``records`` gets the data
    file, what else its records depend on (the role slugs statistics refer to), the field
    that keys them and the function that builds them, given how each item's record is had
    (:data:`EachRecord`), and gives them by key, in order.
    ``prefetch`` is told every article before the data files are loaded, and its block
    holds the load of the project (the memo's parses the articles it does not keep over
    worker processes meanwhile)."""

    article: Callable[[SourceFile, KnownNames], Article] = _parse_article
    data: Callable[[SourceFile, str, str], Callable[[], Any]] = _parse_data
    records: Callable[[SourceFile, tuple[str, ...], str,
                       Callable[[EachRecord], tuple[Any, ...]]],
                      Mapping[str, Any]] = _build_records
    prefetch: Callable[[Sequence[SourceFile]], AbstractContextManager[None]] = _no_prefetch


class Records(NamedTuple):
    """A project's records: everything under ``content/data/``."""

    roles: tuple[Role, ...]
    statistics: Mapping[str, Statistic]
    faq: Mapping[str, FaqEntry]
    authors: Mapping[str, Author]
    data: Mapping[str, DataCollection]

    @property
    def known(self) -> KnownNames:
        """What the articles' front matters may refer to."""
        return KnownNames(authors=set(self.authors), roles={role.slug for role in self.roles},
                          faq=set(self.faq), data=set(self.data))


def load_project(config: Config, parsers: Parsers = Parsers(),
                 stamps: Mapping[str, tuple[int, int]] | None = None) -> Project:
    """Load and validate the project's content; raise :class:`ContentError` on the first
    fault. ``stamps``: the files' (size, mtime_ns) by path, when already taken."""
    content = config.content_path
    if not content.is_dir():
        raise ContentError("the content folder does not exist", Location(_display(config,
                           content)), "create it, or set content-dir under [site] in the config")
    listed = list_files(content, config.root, stamps)
    shown = _shown(config, content)
    sources = _article_sources(config, listed, shown)
    # None is read ahead through a link out of the project: those are refused after the data
    # files' errors, before the first article is read, as a load without prefetch does.
    with parsers.prefetch([source for source, entry in sources if not entry.outside]):
        found = load_records(config, parsers, stamps, listed)
        _checked(listed, shown)
        articles = _read_articles(sources, found.known, parsers)
    return Project(config.root, found.roles, found.statistics, found.faq, found.authors,
                   articles, found.data)


def load_records(config: Config, parsers: Parsers = Parsers(),
                 stamps: Mapping[str, tuple[int, int]] | None = None,
                 listed: list[Listed] | None = None) -> Records:
    """Load and validate the data files (:func:`load_project` without the articles);
    ``listed``: the files under the content folder, when listed (else the data folder's
    are)."""
    data = _read_data_files(config, listed, parsers, stamps)
    roles = tuple(_typed(parsers, data.pop("roles", None), records.role, "slug").values())
    role_slugs = {role.slug for role in roles}
    statistics = _typed(parsers, data.pop("statistics", None),
                        lambda field: records.statistic(field, role_slugs), "id",
                        tuple(sorted(role_slugs)))
    faq = _typed(parsers, data.pop("faq", None), records.faq_entry, "id")
    authors = _typed(parsers, data.pop("authors", None), records.author, "id")
    collections = {name: DataCollection(name, file.value(), Location(file.display, 1))
                   for name, file in data.items()}
    return Records(roles, MappingProxyType(statistics), MappingProxyType(faq),
                   MappingProxyType(authors), MappingProxyType(collections))


def _display(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def read_text(path: str | Path, display: str, max_mb: int) -> str:
    """The file as text: UTF-8 (a byte-order mark is fine), line ends made ``\\n``."""
    global _last_read
    raw = read_bytes_within(path, display, max_mb)
    skipped = len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0
    try:
        text = raw[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + skipped
        raise ContentError(f"the file is not valid UTF-8 (byte offset {offset})",
                           Location(display, raw.count(b"\n", 0, offset) + 1),
                           "save the file with UTF-8 encoding") from None
    text = text.replace("\r\n", "\n")
    _last_read = ("", "") if skipped else (str(path), text)
    return text


# The file read_text read last in this process, by path, and its text: when it had no
# byte-order mark (which the loader drops), that text is what open() reads, but for
# line ends (see taken_text).
_last_read: tuple[str, str] = ("", "")


def taken_text(path: str) -> str | None:
    """The text of the file at ``path`` as ``open(path, encoding="utf-8").read()`` gives
    it, when :func:`read_text` read that file last in this process (and it had no byte-order
    mark); given once (a later read reads the file). A build's worker reads an article's
    body through the loader, then traces its page's findings to the same file
    (``site.tracing``), which read it again: ~60 K instructions and six system calls."""
    global _last_read
    name, text = _last_read
    if name != path:
        return None
    _last_read = ("", "")
    # open() makes every line end "\n"; the loader has made "\r\n" one, not a lone "\r".
    return text.replace("\r", "\n") if "\r" in text else text


def _checked(listed: list[Listed], shown: str) -> list[Listed]:
    """``listed`` once none of its files is a link out of the project (``shown`` comes
    before their relative paths in messages): content must not be able to publish a file
    from elsewhere on the machine."""
    for entry in listed:
        if entry.outside:
            raise ContentError("a link to a place outside the project",
                               Location(shown + entry.relative),
                               "copy the file into the project instead of linking to it")
    return listed


def _shown(config: Config, folder: Path) -> str:
    """What comes before the relative path of a file under ``folder`` in messages."""
    shown = _display(config, folder)
    return "" if shown == "." else f"{shown}/"


def _read_data_files(config: Config, listed: list[Listed] | None, parsers: Parsers,
                     stamps: Mapping[str, tuple[int, int]] | None) -> dict[str, _DataFile]:
    data_dir = config.content_path / DATA_DIR
    if not data_dir.is_dir():
        return {}
    # Listed alone: not listed with the content, or a link the content's walk did not follow.
    if listed is None or data_dir.is_symlink():
        listed, shown = list_files(data_dir, config.root, stamps), _shown(config, data_dir)
    else:
        listed = [entry for entry in listed if entry.relative.startswith(f"{DATA_DIR}/")]
        shown = _shown(config, config.content_path)
    found: dict[str, _DataFile] = {}
    for entry in _checked(listed, shown):
        name, dot, suffix = entry.relative.rpartition("/")[2].rpartition(".")
        suffix = f".{suffix.lower()}"
        if not (dot and name) or suffix not in DATA_SUFFIXES:
            continue
        display = shown + entry.relative
        if not COLLECTION_NAME_RE.fullmatch(name):
            raise ContentError(f"'{name}' cannot name a data collection", Location(display),
                               "rename the file: letters, digits and underscores, "
                               "e.g. hiring_steps.yaml, so templates can use it by name")
        if name in found:
            raise ContentError(f"a second data file named '{name}'", Location(display),
                               f"{found[name].display} already defines '{name}'; merge the "
                               "two or rename one")
        source = SourceFile(entry.file, display, config.site.max_file_mb, entry.stamp)
        found[name] = _DataFile(source, name, parsers.data(source, name, suffix))
    return found


def _typed(parsers: Parsers, file: _DataFile | None, build: Callable[[Field], T], key: str,
           context: tuple[str, ...] = ()) -> Mapping[str, T]:
    """The records of a typed data file by their ``key``, in the file's order."""
    if file is None:
        return {}
    return parsers.records(file.source, context, key,
                           lambda each: _records(file, build, key, each))


def _records(file: _DataFile, build: Callable[[Field], T], key: str, each: EachRecord
             ) -> tuple[T, ...]:
    """Build each record of a typed data file; ``key`` names the field that must be unique.

    An item's :class:`Field` is made only when its record is built, or to name it in an
    error: a rebuild after one statistic changed keeps 6,000 records of 6,000 items, and
    only checks their keys."""
    data = file.value()
    if data is None:
        return ()
    root = Field(data, file.name, Location(file.display, 1))
    if not isinstance(root.value, list):
        raise root.fail("expected a list of records", f"start each record with '- {key}: ...'")
    built: list[T] = []
    seen: dict[str, int] = {}  # each key, and the index of the record that has it
    for index in range(len(root.value)):
        record: T = each(index, partial(_built, build, root, index))
        value = getattr(record, key)
        first = seen.setdefault(value, index)
        if first != index:
            raise _key_field(root, index, key, value).fail(
                f"duplicate {key} '{value}'", f"{_key_field(root, first, key, value).location} "
                f"already uses it; each {key} must be unique")
        built.append(record)
    return tuple(built)


def _built(build: Callable[[Field], T], root: Field, index: int) -> T:
    return build(root.item(index))


def _key_field(root: Field, index: int, key: str, value: str) -> Field:
    """The field ``key`` of the item at ``index`` (where an error about it points)."""
    item = root.item(index)
    line = item.value.line_of(key) if isinstance(item.value, LocatedMap) else 0
    return item.child(key, value, line)


def _article_sources(config: Config, listed: list[Listed], shown: str
                     ) -> list[tuple[SourceFile, Listed]]:
    """The articles of the content folder as listed (``shown``: what comes before their
    paths in messages), each with its entry."""
    return [(SourceFile(entry.file, shown + entry.relative, config.site.max_file_mb,
                        entry.stamp), entry)
            for entry in listed
            if entry.relative.lower().endswith(ARTICLE_SUFFIXES)
            and not entry.relative.startswith(f"{DATA_DIR}/")]


def _read_articles(sources: Sequence[tuple[SourceFile, Listed]], known: KnownNames,
                   parsers: Parsers) -> tuple[Article, ...]:
    articles: list[Article] = []
    slugs: dict[str, Location] = {}
    for source, _ in sources:
        article = parsers.article(source, known)
        if article.slug in slugs:
            raise ContentError(f"duplicate slug '{article.slug}'", article.location,
                               f"{slugs[article.slug]} already uses it; set a different "
                               "'slug:' in one of the two front matters")
        slugs[article.slug] = article.location
        articles.append(article)
    return tuple(articles)
