"""What the site-wide rules gather from every page, kept up to date page by page.

The duplicate rules group the pages by title, description and keyphrase; the link rules
need the files some page links to; the sitemap rule, the files the sitemap lists. Made
from every page, that is most of a rebuild's lint at 10,000 pages. A :class:`SiteIndex`
keeps it with what each page added to it (:data:`Entry`), checked against the page's HTML
digest: a rebuild takes out the entries of the pages whose HTML changed and puts in their
new ones, and the rules then report on the pages those changes reach (:attr:`Update.
reached`) and nowhere else. When the site's files, their order, its address or the
settings changed, everything is gathered again (a new or deleted file can change where
any link leads).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from copydesk.lint.site_facts import SiteFacts
from copydesk.lint.site_rule import (
    DUPLICATED,
    ROBOTS,
    SITEMAP,
    Gathered,
    Site,
    group_key,
    is_indexable,
)

# What a page added to the index: its HTML digest, its group_key of each DUPLICATED kind
# (None: none, or not indexable), the files it links to other than itself (sorted), and
# those it links to with a fragment.
Entry = tuple[str, tuple[str | None, ...], tuple[str, ...], tuple[str, ...]]


def entry_of(site: Site, name: str, facts: SiteFacts, output: str) -> Entry:
    indexable = is_indexable(name, facts)
    keys = tuple(group_key(value(facts)[0]) if indexable else None
                 for value in DUPLICATED.values())
    links = site.links_of(name, facts) if facts.page else []
    targets = sorted({target for _, _, _, target, _ in links if target != name})
    anchored = sorted({target for _, _, _, target, fragment in links
                       if fragment and target and target != name})
    return output, keys, tuple(targets), tuple(anchored)


def text_digest(text: str | None) -> str:
    return "" if text is None else hashlib.blake2b(
        text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


@dataclass
class SiteIndex:
    context: str  # the settings and the site's address the index was made under
    files: frozenset[str]
    order: tuple[str, ...]  # the files with facts, in the site's order
    entries: dict[str, Entry]
    groups: dict[str, dict[str, list[str]]]  # see Gathered.groups
    linked: dict[str, int]  # file -> how many pages link to it (other than itself)
    anchored: dict[str, set[str]]  # page -> the pages linking to it with a fragment
    listed: frozenset[str] | None
    texts: tuple[str, str] = ("", "")  # digests of sitemap.xml and robots.txt
    _position: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, site: Site, outputs: Mapping[str, str], context: str = "") -> SiteIndex:
        """The index of every file of ``site``; ``outputs``: each one's HTML digest."""
        index = cls(context, site.files, tuple(site.facts), {},
                    {kind: {} for kind in DUPLICATED}, {}, {}, site.listed(), _texts(site))
        for name, facts in site.facts.items():
            index._change(name, None, entry_of(site, name, facts, outputs.get(name, "")), None)
        return index

    @property
    def gathered(self) -> Gathered:
        return Gathered(self.groups, self.linked, self.listed,
                        {name: entry[1] for name, entry in self.entries.items()})

    def update(self, site: Site, outputs: Mapping[str, str], context: str
               ) -> frozenset[str] | None:
        """Bring the index to ``site`` (``outputs``: each file's HTML digest; ``context``:
        what else the hits depend on); gives the files whose hits may have changed, or
        None when the index was made again whole (any file's may have)."""
        order = tuple(site.facts)
        if context != self.context or site.files != self.files or order != self.order:
            self._again(site, outputs, context)
            return None
        reached: set[str] = set()
        for name in order:
            entry = self.entries[name]
            output = outputs.get(name, "")
            if entry[0] != output:
                reached.add(name)
                self._change(name, entry, entry_of(site, name, site.facts[name], output),
                             reached)
        texts = _texts(site)
        if texts != self.texts:
            listed = site.listed()
            if (listed is None) != (self.listed is None):  # the sitemap rule on or off
                self._again(site, outputs, context)
                return None
            if listed is not None and self.listed is not None:
                reached.update(listed ^ self.listed)
            reached.update(name for name, old, new in zip((SITEMAP, ROBOTS), self.texts, texts,
                                                          strict=True) if old != new)
            self.listed, self.texts = listed, texts
        return frozenset(reached)

    def replay(self, entries: Mapping[str, Entry], listed: frozenset[str] | None,
               texts: tuple[str, str]) -> None:
        """Bring the index to where updates that gave the pages ``entries`` (and left the
        sitemap listing ``listed``, the texts' digests ``texts``) left it, the files and
        their order being the same: the pages' groups, links and anchors are the same
        whatever the order their entries change in."""
        for name, entry in entries.items():
            self._change(name, self.entries[name], entry, set())
        self.listed, self.texts = listed, texts

    def _again(self, site: Site, outputs: Mapping[str, str], context: str) -> None:
        self.__dict__.update(SiteIndex.of(site, outputs, context).__dict__)

    def _change(self, name: str, old: Entry | None, new: Entry,
                reached: set[str] | None) -> None:
        """Put ``new`` in place of page ``name``'s ``old`` entry; ``reached``: where to add
        the files whose hits that may change (None: the index is being made)."""
        self.entries[name] = new
        before: Entry = old or ("", (None,) * len(DUPLICATED), (), ())
        for kind, was, key in zip(DUPLICATED, before[1], new[1], strict=True):
            if was != key:
                if was is not None:
                    self._leave(self.groups[kind], was, name, reached)
                if key is not None:
                    group = self.groups[kind].setdefault(key, [])
                    if reached is None:
                        group.append(name)  # made in the site's order
                    else:
                        bisect.insort(group, name, key=self._where)
                        reached.update(group)
        for target in set(before[2]).difference(new[2]):
            self.linked[target] -= 1
            if not self.linked[target]:
                del self.linked[target]
                _reach(reached, target)  # no longer linked to
        for target in set(new[2]).difference(before[2]):
            if target not in self.linked:
                _reach(reached, target)  # linked to at last
            self.linked[target] = self.linked.get(target, 0) + 1
        for target in set(before[3]).difference(new[3]):
            self.anchored[target].discard(name)
            if not self.anchored[target]:
                del self.anchored[target]
        for target in set(new[3]).difference(before[3]):
            self.anchored.setdefault(target, set()).add(name)
        if reached is not None:
            reached.update(self.anchored.get(name, ()))  # its ids may have changed

    @staticmethod
    def _leave(groups: dict[str, list[str]], key: str, name: str,
               reached: set[str] | None) -> None:
        group = groups[key]
        if reached is not None:
            reached.update(group)
        group.remove(name)
        if not group:
            del groups[key]

    def _where(self, name: str) -> int:
        if not self._position:
            self._position.update((file, number) for number, file in enumerate(self.order))
        return self._position[name]

    def __getstate__(self) -> dict[str, object]:
        return {name: value for name, value in self.__dict__.items() if name != "_position"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state, _position={})


def _texts(site: Site) -> tuple[str, str]:
    return text_digest(site.texts.get(SITEMAP)), text_digest(site.texts.get(ROBOTS))


def _reach(reached: set[str] | None, name: str) -> None:
    if reached is not None and name:  # "": where broken links lead
        reached.add(name)
