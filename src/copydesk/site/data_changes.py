"""Which lines of the data files changed since the previous build, so that a data edit
checks again only the traces whose texts it could have moved.

A cached trace records, for each text it looked for in the data files, the first place it
was found (``cache.DataHit``). After one statistic is edited, that place still holds when
its line and every line before it are where they were, and no changed line before it now
has the text: a look at a few changed lines instead of a search of every data file for
each of the thousands of texts the pages' traces looked for. The data files as the
previous build read them are kept beside the build cache; without them (a first build,
a cache from another copydesk) every text is searched for again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from copydesk.site.cache import DataHit
from copydesk.site.store import load_pickle, save_pickle

_MANY = 64  # changed lines past which a file is searched again rather than looked through


@dataclass(frozen=True)
class DataChanges:
    """How the data files (in the order they are searched) differ from the ones kept."""

    order: tuple[str, ...]
    # The 0-based lines of each file whose text is new or different, with that text.
    changed: Mapping[str, tuple[tuple[int, str], ...]]
    # The same lines' texts joined by newlines: one C-speed search for texts of one line.
    joined: Mapping[str, str]
    # The first line from which a file's lines may sit elsewhere than before (lines were
    # added or removed, or the file is new); absent when every line kept its number.
    moved_from: Mapping[str, int]
    # Every changed line of every file, as it is and as it was, joined by newlines; None
    # when lines moved or a file came or went.
    touched: str | None = None

    @classmethod
    def between(cls, before: Mapping[str, str], order: Sequence[str],
                now: Callable[[str], list[str]]) -> DataChanges:
        """``before``: each data file's text as kept; ``now``: a file's lines today."""
        changed: dict[str, tuple[tuple[int, str], ...]] = {}
        moved_from: dict[str, int] = {}
        touched: list[str] = []
        for path in order:
            new = now(path)
            old = before[path].splitlines() if path in before else None
            if old is None:
                changed[path], moved_from[path] = tuple(enumerate(new)), 0
            elif len(old) == len(new):
                pairs = [(number, line, was) for number, (line, was)
                         in enumerate(zip(new, old, strict=True)) if line != was]
                changed[path] = tuple((number, line) for number, line, _ in pairs)
                touched.extend(text for _, line, was in pairs for text in (line, was))
            else:  # lines added or removed: those after the first change move
                start = _common(new, old)
                end = len(new) - _common(new[start:][::-1], old[start:][::-1])
                changed[path] = tuple((number, new[number]) for number in range(start, end))
                moved_from[path] = start
        joined = {path: "\n".join(line for _, line in lines) for path, lines in changed.items()}
        kept = not moved_from and before.keys() <= set(order)
        return cls(tuple(order), changed, joined, moved_from,
                   "\n".join(touched) if kept else None)

    def untouched(self, texts: Iterable[str]) -> bool:
        """Whether each of ``texts`` (of one line each) is first found in the data files
        where it was, without knowing where that is: no line moved, and no changed line
        has the text, as it is or as it was, so the lines that have it are the same.
        False: look at each text's place (:meth:`still_holds`)."""
        touched = self.touched
        return touched is not None and not any(text in touched for text in texts)

    def still_holds(self, text: str, hit: DataHit) -> bool:
        """Whether ``text`` is first found today where ``hit`` says it was (False: search)."""
        where = hit[0]
        for path in self.order:
            if where is None or where.path != path:
                if text in self.joined[path]:
                    return False  # now in a line before the place found, or found at last
                continue
            number = where.line - 1
            changes = self.changed[path]
            if number >= self.moved_from.get(path, number + 1) or len(changes) > _MANY:
                return False  # its line moved, or too much changed to look through
            return not any(changed == number or (changed < number and text in line)
                           for changed, line in changes)
        return where is None  # not found before, and in no changed line now


def _common(new: Sequence[str], old: Sequence[str]) -> int:
    """How many lines ``new`` and ``old`` share from their start."""
    return next((number for number, (line, was) in enumerate(zip(new, old, strict=False))
                 if line != was), min(len(new), len(old)))


def load_kept(file: Path, stamp: str) -> Mapping[str, str] | None:
    """The data files' texts kept under ``stamp`` (the data stamp the previous build's
    traces hold for); None when missing, unreadable or from another state."""
    kept = load_pickle(file)  # None when missing or unreadable: every text is searched
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == stamp \
            and isinstance(kept[1], dict):
        return kept[1]
    return None


def keep(file: Path, stamp: str, texts: Mapping[str, str]) -> None:
    """Keep the data files' texts for the next build; a failure only costs it time."""
    save_pickle(file, (stamp, dict(texts)))
