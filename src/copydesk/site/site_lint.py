"""The site-wide rules in the build, run on the pages a rebuild's changes reach.

The build keeps what the rules gather from every page (``copydesk.lint.site_index``) beside
its cache, and each page keeps its site-wide findings traced (``Trace.site``) and their
share of the report (``PageReport``). A rebuild brings the index up to date with the pages
whose HTML changed and runs the rules on the pages that reaches; every other page keeps
its findings as they were, and its part of the report is kept beside the index (in
:data:`SHARDS` files, of which a rebuild writes those whose pages changed), so that a
rebuild does not decode it from the build cache. The state is trusted only by the build
whose cache names it (:attr:`SiteRules.token`): a build that wrote no cache (``--strict``
refused, a failed save) leaves a state the next build does not use.

The index itself (5 MB pickled at 10,000 pages) is kept as a base, written when it is
gathered whole, and the entries of the pages changed since (``SiteIndex.replay``), kept
with the state: a rebuild writes the few it changed, not the index; the base is written
again once they are too many (``store.base_outgrown``).
"""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from copydesk.config import Config
from copydesk.lint.finding import Finding
from copydesk.lint.registry import SITE_RULES, is_selected
from copydesk.lint.rule import RuleContext
from copydesk.lint.runner import lint_site
from copydesk.lint.site_facts import SiteFacts
from copydesk.lint.site_index import Entry, SiteIndex
from copydesk.lint.site_rule import ROBOTS, SITEMAP, Site
from copydesk.site.cache import BuiltPage, digest
from copydesk.site.lint_parts import Row
from copydesk.site.noop import FOLDER, output_key
from copydesk.site.store import base_outgrown, load_pickle, save_pickle

if TYPE_CHECKING:  # it runs these rules
    from copydesk.site.lint_build import SiteFiles


SHARDS = 16  # files the pages' parts are kept in
# What the next build reads of a page the build cache keeps as it was, without decoding
# the page's lint there: the stamp of its file (which tells it is that page), its trace's
# key, the texts its traces looked for in the data files (a data edit reads the traces of
# the pages whose texts it could have moved only), the rows of the files only it reports
# on (``lint_parts.Row``), and its part of the report pickled in two: what only it reports
# on (read for the pages whose part is made again only), and what it shares with other
# parts (b"" when nothing; read for every page when the findings on shared files are merged
# again, as after a data edit).
KeptPart = tuple[tuple[int, int], str, tuple[str, ...], tuple[Row, ...], bytes, bytes]


@dataclass(frozen=True)
class KeptReport:
    """What the build's report was made of besides the pages' own rows: a rebuild whose
    pages' shared findings are the ones kept takes them as they are."""

    context: Hashable  # what the pages' parts were made under (PageParts.context)
    sources: tuple[Finding, ...]  # the findings of the sources no page was made from
    outer: tuple[Finding, ...]  # those on sitemap.xml and robots.txt
    shared: tuple[Row, ...]  # the rows of the files several parts report on
    findings: bytes  # the findings on those files, pickled: read for the whole lint only


@dataclass
class SiteRules:
    """The site-wide rules of one build: which pages they report on, and what on."""

    site: Site  # every page, reporting on the pages reached
    index: SiteIndex
    # The pages (output files) whose site-wide findings may differ from the previous
    # build's; None: every page's may.
    reached: frozenset[str] | None
    outer: tuple[Finding, ...]  # the findings on sitemap.xml and robots.txt
    # The previous build's parts, by output file, in :data:`SHARDS` files (a rebuild
    # writes those whose pages changed), with the tokens that name them ("": none).
    shards: list[dict[str, KeptPart]]
    shard_tokens: tuple[str, ...]
    file: Path  # where the state is kept for the next build
    token: str  # names the state the previous build kept ("" when none is)
    changed: bool  # the index or the outer findings differ from the state kept
    report: KeptReport | None  # the previous build's, when every part of it was kept
    previous: dict[str, KeptPart]  # the shards' parts in one mapping
    base: str  # names the kept base ``index`` was read from ("": gathered whole, unkept)
    journal: dict[str, Entry]  # the entries of the pages changed since that base

    def kept(self, pages: Sequence[BuiltPage]) -> list[KeptPart | None]:
        """Each page's part as kept, if it is the page the previous build kept."""
        previous = self.previous
        return [part if (part := previous.get(page.path.file)) is not None
                and part[0] == page.stamp else None for page in pages]

    def keep(self, parts: Sequence[KeptPart], report: KeptReport) -> str:
        """Keep the state for the next build (``parts``: each page's, in the site's order)
        where it changed; gives the token that names it ("" when it could not be kept)."""
        previous, shards = self.previous, self.shards
        # Only the parts that changed are placed in their shard: most are the ones read.
        changed = {name: part for name, part in zip(self.site.facts, parts, strict=True)
                   if previous.get(name) is not part}
        gone = previous.keys() - self.site.facts.keys()
        tokens = list(self.shard_tokens)
        for name in gone:
            number = _shard(name)
            del shards[number][name]
            tokens[number] = ""
        for name, part in changed.items():
            number = _shard(name)
            shards[number][name] = part
            tokens[number] = ""
        for number, token in enumerate(tokens):
            if not token:
                tokens[number] = _write(_shard_file(self.file, number), shards[number])
        if "" in tokens:
            return ""  # a part missing: the next build gathers everything again
        if not (self.changed or not self.token or tuple(tokens) != self.shard_tokens
                or report != self.report):
            return self.token
        base, journal = self.base, self.journal
        if not base or base_outgrown(len(journal), len(self.index.entries)):
            base, journal = _write(_base_file(self.file), self.index), {}
            if not base:
                return ""
        return _write(self.file, (base, journal, self.index.listed, self.index.texts,
                                  self.outer, tuple(tokens), report))

    def findings(self, config: Config, files: SiteFiles, scope: Iterable[str] | None
                 ) -> list[Finding]:
        """The site-wide findings on the pages of ``scope`` (None: every file), sorted."""
        chosen = None if scope is None else frozenset(scope)
        return _lint_site(config, files, self.site.scoped_to(chosen, self.index.gathered))


def site_rules(config: Config, files: SiteFiles, pages: Sequence[BuiltPage],
               texts: Mapping[str, str], *, cache: bool, token: str) -> SiteRules:
    """The index brought up to date with ``pages`` (``texts``: the site's other files), from
    the one the previous build kept when its cache names it (``token``)."""
    file = _index_file(config)
    kept = _load(file, token) if cache and token else None
    # Without a kept index every page's facts are read to gather it, and the rules read
    # each several times: a dict's lookups are made in C, _Facts's each a Python call
    # (75,000 of them, ~0.1 s of a cold build's main process at 10,000 pages).
    facts: Mapping[str, SiteFacts] = (
        _Facts(pages) if kept is not None
        else {page.path.file: page.lint.facts for page in pages})
    site = Site(facts, frozenset((*facts, *texts)),
                {name: texts[name] for name in (SITEMAP, ROBOTS) if name in texts})
    outputs = {page.path.file: page.output for page in pages}
    context = _context(config, files, site)
    shards: list[dict[str, KeptPart]] = [{} for _ in range(SHARDS)]
    tokens = ("",) * SHARDS
    report = None
    base = ""
    journal: dict[str, Entry] = {}
    if kept is None:
        index, reached, outer, token = SiteIndex.of(site, outputs, context), None, None, ""
    else:
        index, outer, tokens, report, base, journal = kept
        entries = dict(index.entries)
        reached = index.update(site, outputs, context)
        if reached is None:  # gathered whole
            base, journal = "", {}
        else:  # a page whose entry changed is reached
            for name in reached:
                entry = index.entries.get(name)
                if entry is not None and entry is not entries.get(name):
                    journal[name] = entry
        for number, shard_token in enumerate(tokens):
            found = _read(_shard_file(file, number), shard_token)
            if isinstance(found, dict):
                shards[number] = found
            else:  # lost: its pages' parts are read from the build cache and kept again
                tokens = (*tokens[:number], "", *tokens[number + 1:])
                report = None  # and the report is made again from every page's part
    if reached is None or outer is None or SITEMAP in reached or ROBOTS in reached:
        scope = site.scoped_to(frozenset((SITEMAP, ROBOTS)), index.gathered)
        outer = tuple(_lint_site(config, files, scope))
    previous: dict[str, KeptPart] = {}
    for shard in shards:
        previous.update(shard)
    return SiteRules(site, index, reached, outer, shards, tokens, file, token,
                     reached != frozenset(), report, previous, base, journal)


class _Facts(Mapping[str, SiteFacts]):
    """The pages' site facts by output file, each read when asked for: the build cache
    decodes a page's on first use, and a rebuild reads those the rules report on only."""

    def __init__(self, pages: Sequence[BuiltPage]) -> None:
        self._pages = {page.path.file: page for page in pages}

    def __getitem__(self, name: str) -> SiteFacts:
        return self._pages[name].lint.facts

    def __contains__(self, name: object) -> bool:
        return name in self._pages  # without reading the facts

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)


def _context(config: Config, files: SiteFiles, site: Site) -> str:
    """What the site-wide findings depend on besides the pages and the site's files."""
    lint = config.lint
    return digest([rule.code for rule in SITE_RULES
                   if is_selected(rule.code, lint.select, lint.ignore)],
                  sorted(lint.severity.items()), sorted(lint.per_file_ignores.items()),
                  files.display(""), site.base_url)


def _lint_site(config: Config, files: SiteFiles, site: Site) -> list[Finding]:
    lint = config.lint
    rules = [rule for rule in SITE_RULES if is_selected(rule.code, lint.select, lint.ignore)]
    return lint_site(site, rules, RuleContext(lint.thresholds, date.today()), lint.severity,
                     display=files.display, ignored=files.ignored)


def _index_file(config: Config) -> Path:
    return config.root / FOLDER / f"site-index-{output_key(config.output_path)}.pickle"


def _shard(name: str) -> int:
    return zlib.crc32(name.encode("utf-8", "surrogateescape")) % SHARDS


def _shard_file(file: Path, number: int) -> Path:
    return file.with_name(f"{file.stem}-parts-{number:02d}.pickle")


def _base_file(file: Path) -> Path:
    return file.with_name(f"{file.stem}-base.pickle")


_Kept = tuple[SiteIndex, tuple[Finding, ...], tuple[str, ...], KeptReport, str,
              dict[str, Entry]]


def _load(file: Path, token: str) -> _Kept | None:
    """The state kept under ``token``: the index (its base with the entries changed since
    put back), the outer findings, the tokens of the parts' files, the report, the base's
    token and those entries; None when missing, unreadable or another build's."""
    kept = _read(file, token)
    if not (isinstance(kept, tuple) and len(kept) == 7 and isinstance(kept[1], dict)
            and isinstance(kept[4], tuple) and isinstance(kept[5], tuple)
            and len(kept[5]) == SHARDS and isinstance(kept[6], KeptReport)):
        return None
    base, journal, listed, texts, outer, tokens, report = kept
    index = _read(_base_file(file), base)
    if not isinstance(index, SiteIndex):
        return None
    try:
        index.replay(journal, listed, texts)
    except Exception:  # a base and a journal that do not go together: gathered again
        return None
    return index, outer, tokens, report, base, journal


def _read(file: Path, token: str) -> object:
    """What ``file`` keeps under ``token``; None when missing, unreadable or another's."""
    kept = load_pickle(file)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == token and token:
        return kept[1]
    return None


def _write(file: Path, value: object) -> str:
    """Keep ``value`` in ``file`` for the next build; gives the token that names it there
    ("" when it could not be written)."""
    token = uuid.uuid4().hex
    return token if save_pickle(file, (token, value)) else ""
