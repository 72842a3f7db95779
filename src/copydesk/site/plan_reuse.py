"""A rebuild after edits of articles or data records, planned from the last build's plan.

A build that wrote its site keeps its plan (:class:`StoredPlan`): one pickle of plain
values holding every page's file in the site's order, the stamp and "face" of every
article (what the index, the feed, the page's URL and whether it is published read of
it), the fingerprint of every record, and which pages used which records. When the next
build's sources differ from that build's in the text of some articles and data files only
(``noop.Inputs.skeleton``: the templates, config, code, options and the list of files are
the same, and so is the day), the data files are loaded through the parse memo (which
reads only the buckets it needs) and only the changed articles are parsed, with those
that use a changed FAQ entry or collection and the pages that printed a changed
statistic. When each changed article keeps its face and no role or author changed, every
other page, the index and the feed are as they were: the build renders and checks those
pages alone. Anything else (an article added, removed or renamed, a title changed, a role
edited, a page of the site edited by hand, a cache lost) falls back to the full path,
which is always right.

The plan is tied to the build cache it was saved with by a token both hold: a build that
replaced the cache without saving a plan (``now`` given, ``--strict`` refused) leaves a
plan that is never used.

A plan is written whole (9 MB at 10,000 articles) by a build of the full path only, as a
base; a patched build writes the articles' entries changed since that base, with its
token and records, beside it (:class:`PlanPatch`), and a load puts them back. The base is
written again once they are too many (``store.base_outgrown``).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from copydesk.config import Config
from copydesk.content.articles import parse_article
from copydesk.content.loader import Parsers, Records, SourceFile, load_records
from copydesk.content.models import Article, Project
from copydesk.heap import collection_paused
from copydesk.site.cache import EVERY, MISSING, BuiltPage, bytes_digest
from copydesk.site.noop import FOLDER, Inputs, output_key
from copydesk.site.page_jobs import PageJob, article_jobs, role_jobs
from copydesk.site.store import base_outgrown, load_after, save_pickle

FORMAT = 5  # .4: a base and the entries changed since; .5: a head, then the plan pickled after it
PLAN = "plan"  # the build cache's entry for the token of the plan saved with it
# What the feed, the page's URL and whether it is published read of an article.
_FACE = ("slug", "date", "draft", "updated", "title", "description", "author")
Face = tuple[Any, ...]  # an article's values of _FACE and of the index's fields
# An article's entry: its stamp, the path shown in messages, its face pickled (unpickled
# for the articles edited only), its page's place in the site (-1: not published), and
# the digest of its text ("" when unknown).
ArticleEntry = tuple[tuple[int, int], str, bytes, int, str]
# Records whose change no patch follows: the index shows the roles, the feed the authors.
_EVERY_PAGE = ("role", "author")


@dataclass(frozen=True)
class StoredPlan:
    token: str  # the build cache's PLAN entry when it was saved with this plan
    skeleton: str  # noop.Inputs.skeleton
    today: str  # ISO date: the lint and what is published are the day's
    due: datetime | None  # when the first article left out is published
    index_fields: tuple[str, ...]  # what the index reads of each listed article
    articles: Mapping[str, ArticleEntry]  # by the path the walk of content/ found
    files: tuple[str, ...]  # every page's file in the site, in the site's order
    data: Mapping[str, tuple[int, int]]  # the data files' stamps (noop.Inputs.data)
    # Read only when a data file changed, so kept pickled: "kind\0key" -> the record's
    # fingerprint, and :data:`Users` as the full path made them.
    records: bytes
    users: bytes
    added: Users  # what the builds that patched the plan since added to ``users``
    base: str = ""  # names the plan written whole this one was patched from ("": none)
    since: Mapping[str, ArticleEntry] = field(default_factory=dict)  # ``articles`` changed since


@dataclass(frozen=True)
class PlanPatch:
    """What a patched plan holds that its base does not: written alone, beside the base."""

    token: str
    since: Mapping[str, ArticleEntry]
    data: Mapping[str, tuple[int, int]]
    records: bytes
    added: Users


# "statistic\0id" (or EVERY) -> the pages that used it; "faq\0id" and "data\0name" -> the
# articles (their files) that refer to it. A superset: a patch adds, never removes.
Users = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Patched:
    """A plan patched for the articles and records that changed."""

    project: Project  # its records, and the articles parsed
    articles: tuple[Article, ...]  # those of them that are published
    # The pages that may have changed: theirs, and the roles' when a record changed (a role
    # page shows its role and the statistics about it, no article).
    jobs: tuple[PageJob, ...]
    plan: StoredPlan  # the plan once those pages are built (its token still the old one)


def new_token() -> str:
    return os.urandom(8).hex()


def face(article: Article, index_fields: Iterable[str]) -> Face:
    return (*(getattr(article, name) for name in _FACE),
            *(getattr(article, name, MISSING) for name in index_fields))


def plan_of(config: Config, token: str, inputs: Inputs, today: str, due: datetime | None,
            project: Project, published: Sequence[Article], jobs: Sequence[PageJob],
            pages: Sequence[BuiltPage], texts: Callable[[str], str]) -> StoredPlan | None:
    """The plan of a build that loaded the whole ``project`` and built ``pages`` (of
    ``jobs``); None when the index reads every field of the articles (a body edit changes
    it). ``texts``: the digest of a file's text as the load read it ("" when unknown)."""
    index_fields = pages[0].inputs.articles[0] if jobs[0].kind == "index" else (EVERY,)
    if EVERY in index_fields:
        return None
    place = {id(article): number for number, article in enumerate(published, start=1)}
    shown = f"{config.display(config.content_path)}/"
    content = f"{config.content_path}/"
    stamps = inputs.articles
    articles: dict[str, ArticleEntry] = {}
    users: dict[str, list[str]] = {}
    dumps, protocol = pickle.dumps, pickle.HIGHEST_PROTOCOL
    with collection_paused():  # 10,000 small pickles make no garbage (see copydesk.heap)
        for article in project.articles:
            display = article.location.path
            file = content + display.removeprefix(shown)
            stamp = stamps.get(file)
            if stamp is not None and display.startswith(shown):
                articles[file] = (stamp, display, dumps(face(article, index_fields), protocol),
                                  place.get(id(article), -1), texts(file))
                for key in _references(article):
                    users.setdefault(key, []).append(file)
    for page in pages:
        for sid, _ in page.inputs.statistics:
            users.setdefault(f"statistic\0{sid}", []).append(page.path.file)
    return StoredPlan(token, inputs.skeleton, today, due, index_fields, articles,
                      tuple(job.path.file for job in jobs), dict(inputs.data),
                      _pickled(fingerprints(project)),
                      _pickled({key: tuple(found) for key, found in users.items()}), {})


def fingerprints(records: Project | Records) -> dict[str, str]:
    """Every record's fingerprint by "kind\\0key"."""
    found = {f"role\0{role.slug}": role.fingerprint for role in records.roles}
    for kind, values in (("statistic", records.statistics), ("faq", records.faq),
                         ("author", records.authors), ("data", records.data)):
        found.update((f"{kind}\0{key}", value.fingerprint) for key, value in values.items())
    return found


def _references(article: Article) -> Iterable[str]:
    return (*(f"faq\0{entry}" for entry in article.faq),
            *(f"data\0{name}" for name in article.data))


def rebuilt(patched: Patched, token: str, pages: Iterable[BuiltPage]) -> StoredPlan:
    """The plan of the build of ``patched``, whose new pages are ``pages``."""
    plan = patched.plan
    added = dict(plan.added)
    for page in pages:
        _add(added, (f"statistic\0{sid}" for sid, _ in page.inputs.statistics), page.path.file)
    return replace(plan, token=token, added=added)


def _add(users: dict[str, tuple[str, ...]], keys: Iterable[str], user: str) -> None:
    for key in keys:
        if user not in users.get(key, ()):
            users[key] = (*users.get(key, ()), user)


def _users(plan: StoredPlan) -> dict[str, tuple[str, ...]]:
    with collection_paused():
        users: dict[str, tuple[str, ...]] = pickle.loads(plan.users)
    for key, found in plan.added.items():
        users[key] = (*users.get(key, ()), *found)
    return users


def plan_file(config: Config) -> Path:
    return config.root / FOLDER / f"plan-v{FORMAT}-{output_key(config.output_path)}.pickle"


def patch_file(config: Config) -> Path:
    plan = plan_file(config)
    return plan.with_name(f"{plan.stem}-patch.pickle")


def load_plan(config: Config, inputs: Inputs, today: str) -> StoredPlan | None:
    """The last build's plan when the sources differ from its in articles' and data files'
    text only (the rest of it is not unpickled when they do not): its base, and the patch
    written beside it since, if any."""
    plan = _kept(plan_file(config), inputs, today)
    if not isinstance(plan, StoredPlan):
        return None
    patched = _kept(patch_file(config), inputs, today, plan.base)
    if isinstance(patched, PlanPatch):
        articles = dict(plan.articles)
        articles.update(patched.since)
        plan = replace(plan, token=patched.token, articles=articles, since=patched.since,
                       data=patched.data, records=patched.records, added=patched.added)
    if plan.due is not None and datetime.now(plan.due.tzinfo) >= plan.due:
        return None
    return plan


def _kept(file: Path, inputs: Inputs, today: str, base: str | None = None) -> object:
    """What ``file`` keeps for today's skeleton (and, for a patch, that ``base``): read only
    when its head says so."""

    def wanted(head: object) -> bool:
        return (isinstance(head, tuple) and len(head) == 4
                and head[:3] == (FORMAT, inputs.skeleton, today)
                and (base is None or head[3] == base))

    return load_after(file, wanted)


def save_plan(config: Config, plan: StoredPlan | None) -> None:
    """Keep ``plan`` for the next build: a patch beside its base, or whole as a new base;
    None: keep none (a stale one is never used)."""
    if plan is None:
        forget_plan(config)
        return
    head = FORMAT, plan.skeleton, plan.today
    if plan.base and not base_outgrown(len(plan.since), len(plan.articles)):
        save_pickle(patch_file(config), (*head, plan.base), PlanPatch(
            plan.token, plan.since, plan.data, plan.records, plan.added))
        return
    base = new_token()  # and a patch written for the base before is not read with it
    save_pickle(plan_file(config), (*head, base), replace(plan, base=base, since={}))


def forget_plan(config: Config) -> None:
    for file in (plan_file(config), patch_file(config)):
        try:
            file.unlink()
        except OSError:
            continue


def patch(config: Config, plan: StoredPlan, inputs: Inputs, stamp: str,
          parsers: Parsers) -> Patched | None:
    """The plan for today's sources, parsing the changed articles and those the changed
    records reach; None when the full path must run (see the module's docstring).
    ``parsers``: how the data files are read (the parse memo's)."""
    changed = dict(inputs.articles.items() - {
        (file, entry[0]) for file, entry in plan.articles.items()})
    if any(file not in plan.articles for file in changed):
        return None
    found = load_records(config, parsers, inputs.stamps)
    records, edited, users = plan.records, set(), plan.added
    if inputs.data != plan.data:
        now = fingerprints(found)
        with collection_paused():
            before: dict[str, str] = pickle.loads(plan.records)
        edited = {key for key, value in now.items() if before.get(key) != value}
        edited.update(key for key in before if key not in now)
        records, users = _pickled(now), _users(plan)
    if any(key.startswith(_EVERY_PAGE) for key in edited):
        return None
    pages = {page for key in edited for page in users.get(key, ())
             if key.startswith("statistic\0")}
    pages.update(users.get(f"statistic\0{EVERY}", ()) if edited else ())
    if plan.files[0] in pages or plan.files[-1] in pages:  # the index, or the 404 page
        return None
    reached = {file for key in edited if not key.startswith("statistic\0")
               for file in users.get(key, ())}
    if pages:
        reached.update(file for file, entry in plan.articles.items()
                       if entry[3] >= 0 and plan.files[entry[3]] in pages)
    parsed = _parsed(config, plan, found, changed, reached)
    if parsed is None:
        return None
    articles, entries = parsed
    project = Project(config.root, found.roles, found.statistics, found.faq, found.authors,
                      tuple(articles), found.data)
    shown = {display for _, display, _, number, _ in entries.values() if number >= 0}
    published = tuple(article for article in articles if article.location.path in shown)
    jobs = (*map(article_jobs(project, stamp), published),
            *(role_jobs(project, stamp) if edited else ()))
    added = dict(plan.added)
    for file, entry in entries.items():
        article = next((a for a in articles if a.location.path == entry[1]), None)
        _add(added, _references(article) if article is not None else (), file)
    return Patched(project, published, jobs, replace(
        plan, articles={**plan.articles, **entries}, data=dict(inputs.data), records=records,
        added=added, since={**plan.since, **entries}))


def _parsed(config: Config, plan: StoredPlan, found: Records,
            changed: Mapping[str, tuple[int, int]], reached: Iterable[str]
            ) -> tuple[list[Article], dict[str, ArticleEntry]] | None:
    """The articles whose files ``changed`` (but not in text) and those ``reached``, with
    their new entries; None when a changed one changed its face."""
    known = found.known
    articles: list[Article] = []
    entries: dict[str, ArticleEntry] = {}
    for file in sorted({*changed, *reached}):
        stamp, display, before, number, digest = plan.articles[file]
        stamp = changed.get(file, stamp)
        source = SourceFile(file, display, config.site.max_file_mb, stamp)
        text = source.text()
        read = bytes_digest(text.encode("utf-8", "surrogateescape"))
        entries[file] = (stamp, display, before, number, read)
        if read == digest and file not in reached:  # touched, not edited: as it was
            continue
        article = parse_article(source.path, display, text, known)
        with collection_paused():
            if read != digest and face(article, plan.index_fields) != pickle.loads(before):
                return None
        articles.append(article)
    return articles, entries


def _pickled(value: object) -> bytes:
    with collection_paused():  # pickling makes no garbage (see copydesk.heap)
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
