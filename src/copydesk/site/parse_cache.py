"""Parsed articles kept across builds, so 10,000 unchanged front matters are not read again.

Parsing an article is a function of its text, its path and the names its front matter
may refer to. An entry is keyed by the first two (and copydesk's code); the third is
checked on use: an article whose authors, roles, FAQ entries and data collections all
still exist parses to the same record, and one whose reference went away is parsed
again, which reports the missing name as a fresh parse would. The memo is one pickle
under ``.copydesk/``; an unreadable one is ignored, and each save keeps only the
entries the last load used.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from copydesk.atomic import write_bytes_atomic
from copydesk.content.articles import KnownNames, parse_article
from copydesk.content.models import Article
from copydesk.site.cache import FOLDER, FORMAT, code_stamp, digest

MEMO_FILE = FOLDER / f"articles-v{FORMAT}.pickle"


class ArticleMemo:
    """A drop-in for :func:`parse_article` that remembers what it parsed."""

    def __init__(self, root: Path) -> None:
        self.path = root / MEMO_FILE
        self.stamp = code_stamp()
        try:
            kept = pickle.loads(self.path.read_bytes())
        except Exception:  # missing, truncated, from another Python: parse everything
            kept = {}
        self._kept: dict[str, Article] = kept if isinstance(kept, dict) else {}
        self._used: dict[str, Article] = {}

    def parse(self, path: Path, display: str, text: str, known: KnownNames) -> Article:
        key = digest(self.stamp, str(path), display, text)
        article = self._kept.get(key)
        if not isinstance(article, Article) or not _references_exist(article, known):
            article = parse_article(path, display, text, known)
        self._used[key] = article
        return article

    def save(self) -> None:
        """Keep the articles of this load for the next; nothing is written when none changed."""
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
