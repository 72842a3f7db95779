"""A rebuild after article edits, planned from the last build's plan instead of from scratch.

A build that wrote its site keeps its plan (:class:`StoredPlan`): one pickle of plain
values holding every page's job, the stamp and "face" of every article (what the index,
the feed, the page's URL and whether it is published read of it), and the project's
records besides the articles. When the next build's sources differ from that build's in
the text of some articles only (``noop.Inputs.frame``: the data, templates, config, code,
options and the list of files are the same, and so is the day), only those articles are
parsed; when each keeps its face, every other page, the index and the feed are as they
were, so the plan is patched with the changed articles' jobs and the build renders those
pages alone: no other article is loaded, planned or compared. Anything else (an article
added, removed or renamed, a title changed, a page of the site edited by hand, a cache
lost) falls back to the full path, which is always right.

The plan is tied to the build cache it was saved with by a token both hold: a build that
replaced the cache without saving a plan (``now`` given, ``--strict`` refused) leaves a
plan that is never used.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from copydesk.config import Config
from copydesk.content.articles import KnownNames, parse_article
from copydesk.content.loader import SourceFile
from copydesk.content.models import Article, Project
from copydesk.heap import collection_paused
from copydesk.site.cache import EVERY, MISSING, bytes_digest
from copydesk.site.noop import FOLDER, Inputs, output_key
from copydesk.site.page_jobs import PageJob, article_jobs
from copydesk.site.store import load_pickle, save_pickle

FORMAT = 1
PLAN = "plan"  # the build cache's entry for the token of the plan saved with it
# What the feed, the page's URL and whether it is published read of an article.
_FACE = ("slug", "date", "draft", "updated", "title", "description", "author")
Face = tuple[Any, ...]  # an article's values of _FACE and of the index's fields
# An article's entry: its stamp, the path shown in messages, its face pickled (unpickled
# for the articles edited only), its page's place in the jobs (-1: not published), and
# the digest of its text ("" when unknown).
ArticleEntry = tuple[tuple[int, int], str, bytes, int, str]


@dataclass(frozen=True)
class StoredPlan:
    token: str  # the build cache's PLAN entry when it was saved with this plan
    frame: str  # noop.Inputs.frame
    today: str  # ISO date: the lint and what is published are the day's
    due: datetime | None  # when the first article left out is published
    index_fields: tuple[str, ...]  # what the index reads of each listed article
    articles: Mapping[str, ArticleEntry]  # by the path the walk of content/ found
    files: tuple[str, ...]  # every page's file in the site, in the site's order
    records: bytes  # the pickled roles, statistics, FAQ entries, authors and data


@dataclass(frozen=True)
class Patched:
    """A plan patched for the articles whose stamps changed."""

    project: Project  # its records, and the changed articles only
    articles: tuple[Article, ...]  # the changed articles that are published
    jobs: tuple[PageJob, ...]  # their pages' jobs
    entries: dict[str, ArticleEntry]  # the changed articles' new entries


def new_token() -> str:
    return os.urandom(8).hex()


def face(article: Article, index_fields: Iterable[str]) -> Face:
    return (*(getattr(article, name) for name in _FACE),
            *(getattr(article, name, MISSING) for name in index_fields))


def plan_of(config: Config, token: str, inputs: Inputs, today: str, due: datetime | None,
            index_fields: tuple[str, ...] | None, project: Project,
            published: Sequence[Article], jobs: Sequence[PageJob],
            texts: Callable[[str], str]) -> StoredPlan | None:
    """The plan of a build that loaded the whole ``project``; None when the index reads
    every field of the articles (a body edit changes it). ``texts``: the digest of a
    file's text as the load read it, by path ("" when unknown)."""
    if index_fields is None or EVERY in index_fields:
        return None
    place = {id(article): number for number, article in enumerate(published, start=1)}
    shown = f"{config.display(config.content_path)}/"
    content = f"{config.content_path}/"
    stamps = inputs.articles
    articles: dict[str, ArticleEntry] = {}
    dumps, protocol = pickle.dumps, pickle.HIGHEST_PROTOCOL
    with collection_paused():  # 10,000 small pickles make no garbage (see copydesk.heap)
        for article in project.articles:
            display = article.location.path
            file = content + display.removeprefix(shown)
            stamp = stamps.get(file)
            if stamp is not None and display.startswith(shown):
                articles[file] = (stamp, display, dumps(face(article, index_fields), protocol),
                                  place.get(id(article), -1), texts(file))
    records = (project.roles, dict(project.statistics), dict(project.faq),
               dict(project.authors), dict(project.data))
    return StoredPlan(token, inputs.frame, today, due, index_fields, articles,
                      tuple(job.path.file for job in jobs), _pickled(records))


def patched_plan(plan: StoredPlan, token: str, patch: Patched) -> StoredPlan:
    """``plan`` after a build made from ``patch``."""
    return StoredPlan(token, plan.frame, plan.today, plan.due, plan.index_fields,
                      {**plan.articles, **patch.entries}, plan.files, plan.records)


def plan_file(config: Config) -> Path:
    return config.root / FOLDER / f"plan-v{FORMAT}-{output_key(config.output_path)}.pickle"


def load_plan(config: Config, inputs: Inputs, today: str) -> StoredPlan | None:
    """The last build's plan when the sources differ from its in articles' text only (the
    rest of it is not unpickled when they do not)."""
    kept = load_pickle(plan_file(config))
    if not (isinstance(kept, tuple) and len(kept) == 4 and kept[:3] == (
            FORMAT, inputs.frame, today)):
        return None
    try:
        with collection_paused():
            plan = pickle.loads(kept[3])
    except Exception:  # truncated, from another copydesk: the full path
        return None
    if (not isinstance(plan, StoredPlan)
            or (plan.due is not None and datetime.now(plan.due.tzinfo) >= plan.due)):
        return None
    return plan


def save_plan(config: Config, plan: StoredPlan | None) -> None:
    """Keep ``plan`` for the next build; None: keep none (a stale one is never used)."""
    if plan is None:
        forget_plan(config)
    else:
        save_pickle(plan_file(config), (FORMAT, plan.frame, plan.today, _pickled(plan)))


def forget_plan(config: Config) -> None:
    try:
        plan_file(config).unlink()
    except OSError:
        return


def patch(config: Config, plan: StoredPlan, inputs: Inputs, stamp: str) -> Patched | None:
    """The plan for today's articles, parsing only those whose stamps changed; None when
    one of them changed its face, or is not one the plan knows (the full path then)."""
    changed = sorted(dict(inputs.articles.items() - {
        (file, entry[0]) for file, entry in plan.articles.items()}).items())
    if any(file not in plan.articles for file, _ in changed):
        return None
    with collection_paused():
        roles, statistics, faq, authors, data = pickle.loads(plan.records)
    known = KnownNames(authors=set(authors), roles={role.slug for role in roles},
                       faq=set(faq), data=set(data))
    articles: list[Article] = []
    entries: dict[str, ArticleEntry] = {}
    for file, now in changed:
        _, display, before, number, digest = plan.articles[file]
        source = SourceFile(file, display, config.site.max_file_mb, now)
        text = source.text()
        read = bytes_digest(text.encode("utf-8", "surrogateescape"))
        entries[file] = (now, display, before, number, read)
        if read == digest:  # touched, not edited: its page is as it was
            continue
        article = parse_article(source.path, display, text, known)
        with collection_paused():
            if face(article, plan.index_fields) != pickle.loads(before):
                return None
        articles.append(article)
    project = Project(config.root, roles, _frozen(statistics), _frozen(faq),
                      _frozen(authors), tuple(articles), _frozen(data))
    shown = {display for _, display, _, number, _ in entries.values() if number >= 0}
    published = tuple(article for article in articles if article.location.path in shown)
    job = article_jobs(project, stamp)
    return Patched(project, published, tuple(map(job, published)), entries)


def _pickled(value: object) -> bytes:
    with collection_paused():  # pickling makes no garbage (see copydesk.heap)
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _frozen(values: dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(values)
