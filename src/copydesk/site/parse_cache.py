"""Parsed content kept across builds: 10,000 unchanged front matters are not read again.

Parsing a data file is a function of its text, its path, name and format; parsing an
article, of its text and path, and of the names its front matter may refer to. An entry is
keyed by the text and path (and copydesk's code); for an article the names are checked on
use: one whose authors, roles, FAQ entries and data collections all still exist parses to
the same record, and one whose reference went away is parsed again, which reports the
missing name as a fresh parse would. The memo is one pickle under ``.copydesk/``; an
unreadable one is ignored, and each save keeps only the entries the last load used.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from copydesk.atomic import write_bytes_atomic
from copydesk.content.articles import KnownNames, parse_article
from copydesk.content.formats import parse_data
from copydesk.content.loader import Parsers
from copydesk.content.models import Article
from copydesk.site.cache import FOLDER, FORMAT, code_stamp, digest

MEMO_FILE = FOLDER / f"parsed-v{FORMAT}.pickle"


class ParseMemo:
    """Parsers for :func:`~copydesk.content.loader.load_project` that remember their work."""

    def __init__(self, root: Path) -> None:
        self.path = root / MEMO_FILE
        self.stamp = code_stamp()
        try:
            kept = pickle.loads(self.path.read_bytes())
        except Exception:  # missing, truncated, from another Python: parse everything
            kept = {}
        self._kept: dict[str, Any] = kept if isinstance(kept, dict) else {}
        self._used: dict[str, Any] = {}

    @property
    def parsers(self) -> Parsers:
        return Parsers(self.article, self.data)

    def article(self, path: Path, display: str, text: str, known: KnownNames) -> Article:
        key = digest(self.stamp, "article", str(path), display, text)
        article = self._kept.get(key)
        if not isinstance(article, Article) or not _references_exist(article, known):
            article = parse_article(path, display, text, known)
        self._used[key] = article
        return article

    def data(self, text: str, display: str, name: str, suffix: str) -> Any:
        key = digest(self.stamp, "data", display, name, suffix, text)
        value = self._kept[key] if key in self._kept else parse_data(text, display, name, suffix)
        self._used[key] = value
        return value

    def save(self) -> None:
        """Keep the entries of this load for the next; nothing is written when none changed."""
        if self._used.keys() == self._kept.keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(self.path, pickle.dumps(self._used,
                                                       protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:  # a memo that cannot be written only costs the next load time
            return


def _references_exist(article: Article, known: KnownNames) -> bool:
    return ((article.author is None or article.author in known.authors)
            and all(slug in known.roles for slug in article.roles)
            and all(entry in known.faq for entry in article.faq)
            and all(name in known.data for name in article.data))
