"""``load_project``: read ``content/`` into a validated :class:`Project`, or fail once.

Data files live in ``content/data/`` and are named after what they hold: ``roles``,
``statistics``, ``faq`` and ``authors`` are typed records; any other name becomes a
:class:`DataCollection` for templates. Every other Markdown file under ``content/`` is an
article. Files are visited in sorted order, so a project loads the same way everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from copydesk.config import Config
from copydesk.content import records
from copydesk.content.articles import KnownNames, parse_article
from copydesk.content.fields import Field
from copydesk.content.formats import DATA_SUFFIXES, parse_data
from copydesk.content.limits import read_bytes_within
from copydesk.content.located import LocatedMap
from copydesk.content.models import Article, DataCollection, Project
from copydesk.errors import ContentError, Location
from copydesk.paths import is_inside

T = TypeVar("T")

DATA_DIR = "data"
ARTICLE_SUFFIXES = (".md", ".markdown")
COLLECTION_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class _DataFile:
    path: Path
    display: str  # the path users see in messages: relative to the project root
    value: Any

    def root(self) -> Field:
        return Field(self.value, self.path.stem, Location(self.display, 1))


@dataclass(frozen=True)
class SourceFile:
    """A content file to parse; its text is read only when asked for."""

    path: Path
    display: str  # the path users see in messages: relative to the project root
    max_mb: int

    def text(self) -> str:
        return read_text(self.path, self.display, self.max_mb)


def _parse_article(source: SourceFile, known: KnownNames) -> Article:
    return parse_article(source.path, source.display, source.text(), known)


def _parse_data(source: SourceFile, name: str, suffix: str) -> Any:
    return parse_data(source.text(), source.display, name, suffix)


@dataclass(frozen=True)
class Parsers:
    """How one article and one data file are parsed (the build passes ones that remember
    unchanged files, and read only the files whose stamp changed)."""

    article: Callable[[SourceFile, KnownNames], Article] = _parse_article
    data: Callable[[SourceFile, str, str], Any] = _parse_data


def load_project(config: Config, parsers: Parsers = Parsers()) -> Project:
    """Load and validate the project's content; raise :class:`ContentError` on the first fault."""
    content = config.content_path
    if not content.is_dir():
        raise ContentError("the content folder does not exist", Location(_display(config,
                           content)), "create it, or set content-dir under [site] in the config")
    data = _read_data_files(config, parsers)
    roles = _records(data.pop("roles", None), records.role, "slug")
    role_slugs = {role.slug for role in roles}
    statistics = _records(data.pop("statistics", None),
                          lambda field: records.statistic(field, role_slugs), "id")
    faq = _records(data.pop("faq", None), records.faq_entry, "id")
    authors = _records(data.pop("authors", None), records.author, "id")
    collections = {name: DataCollection(name, file.value, Location(file.display, 1))
                   for name, file in data.items()}
    known = KnownNames(authors={a.id for a in authors}, roles=role_slugs,
                       faq={entry.id for entry in faq}, data=set(collections))
    return Project(
        root=config.root,
        roles=roles,
        statistics=MappingProxyType({s.id: s for s in statistics}),
        faq=MappingProxyType({entry.id: entry for entry in faq}),
        authors=MappingProxyType({a.id: a for a in authors}),
        articles=_read_articles(config, known, parsers),
        data=MappingProxyType(collections),
    )


def _display(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def read_text(path: Path, display: str, max_mb: int) -> str:
    """The file as text: UTF-8 (a byte-order mark is fine), line ends made ``\\n``."""
    raw = read_bytes_within(path, display, max_mb)
    skipped = len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0
    try:
        text = raw[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + skipped
        raise ContentError(f"the file is not valid UTF-8 (byte offset {offset})",
                           Location(display, raw.count(b"\n", 0, offset) + 1),
                           "save the file with UTF-8 encoding") from None
    return text.replace("\r\n", "\n")


def _files(config: Config, folder: Path) -> list[Path]:
    """Regular files under ``folder``, sorted, leaving out hidden files and folders.

    A symbolic link is followed only when its target is inside the project: content must
    not be able to publish a file from elsewhere on the machine.
    """
    found: list[Path] = []
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.is_symlink() and not is_inside(path, config.root):
            raise ContentError("a link to a place outside the project",
                               Location(_display(config, path)),
                               "copy the file into the project instead of linking to it")
        if path.is_file():
            found.append(path)
    return found


def _read_data_files(config: Config, parsers: Parsers) -> dict[str, _DataFile]:
    data_dir = config.content_path / DATA_DIR
    found: dict[str, _DataFile] = {}
    if not data_dir.is_dir():
        return found
    for path in _files(config, data_dir):
        if path.suffix.lower() not in DATA_SUFFIXES:
            continue
        display = _display(config, path)
        name = path.stem
        if not COLLECTION_NAME_RE.fullmatch(name):
            raise ContentError(f"'{name}' cannot name a data collection", Location(display),
                               "rename the file: letters, digits and underscores, "
                               "e.g. hiring_steps.yaml, so templates can use it by name")
        if name in found:
            raise ContentError(f"a second data file named '{name}'", Location(display),
                               f"{found[name].display} already defines '{name}'; merge the "
                               "two or rename one")
        value = parsers.data(SourceFile(path, display, config.site.max_file_mb), name,
                             path.suffix.lower())
        found[name] = _DataFile(path, display, value)
    return found


def _records(file: _DataFile | None, build: Callable[[Field], T], key: str) -> tuple[T, ...]:
    """Build each record of a typed data file; ``key`` names the field that must be unique."""
    if file is None or file.value is None:
        return ()
    root = file.root()
    if not isinstance(root.value, list):
        raise root.fail("expected a list of records", f"start each record with '- {key}: ...'")
    built: list[T] = []
    seen: dict[str, Location] = {}
    for item in root.items():
        record = build(item)
        value = getattr(record, key)
        line = item.value.line_of(key) if isinstance(item.value, LocatedMap) else 0
        field = item.child(key, value, line)
        if value in seen:
            raise field.fail(f"duplicate {key} '{value}'",
                             f"{seen[value]} already uses it; each {key} must be unique")
        seen[value] = field.location
        built.append(record)
    return tuple(built)


def _read_articles(config: Config, known: KnownNames, parsers: Parsers
                   ) -> tuple[Article, ...]:
    content = config.content_path
    data_dir = content / DATA_DIR
    articles: list[Article] = []
    slugs: dict[str, Location] = {}
    for path in _files(config, content):
        if path.suffix.lower() not in ARTICLE_SUFFIXES or path.is_relative_to(data_dir):
            continue
        display = _display(config, path)
        article = parsers.article(SourceFile(path, display, config.site.max_file_mb), known)
        if article.slug in slugs:
            raise ContentError(f"duplicate slug '{article.slug}'", article.location,
                               f"{slugs[article.slug]} already uses it; set a different "
                               "'slug:' in one of the two front matters")
        slugs[article.slug] = article.location
        articles.append(article)
    return tuple(articles)

