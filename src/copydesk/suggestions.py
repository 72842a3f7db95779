"""Did-you-mean hints for names a user typed: statistic ids, role slugs, authors, ..."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A hint naming the closest known names, or listing a few when none is close."""
    candidates = sorted(known)
    close = difflib.get_close_matches(name, candidates, n=3)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if not candidates:
        return "there are none defined yet"
    shown = ", ".join(candidates[:10])
    return f"known: {shown}" + (", ..." if len(candidates) > 10 else "")
