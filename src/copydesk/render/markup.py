"""markupsafe's ``Markup(text)`` and ``escape(value)``, the same values made with fewer calls.

``Markup.__new__`` is Python: it asks the text for ``__html__`` (``hasattr``) and then
calls ``str.__new__``, ~4.1 K instructions where ``str.__new__`` alone takes ~1.8 K. An
article page makes ~40 (each ``{{ }}`` of its templates' output is escaped into one, and
the Markdown, the body and each JSON-LD block are made one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import markupsafe
from markupsafe import Markup, escape

_new_str = str.__new__
# markupsafe 3's C escape of a str into a str (private: None where markupsafe lacks it).
_escape_text: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)


def markup(text: str) -> Markup:
    """``Markup(text)`` of a ``str``: a text that is not HTML-aware is its own value."""
    return _new_str(Markup, text)


def escaped(value: Any) -> Markup:
    """``markupsafe.escape(value)``, as a template's compiled code calls it on each value
    it prints: a ``str`` is escaped and made Markup without ``Markup.__new__``, and a
    ``Markup`` (HTML the page writes whole: the body, an FAQ answer, a JSON-LD block) is
    given back itself, where ``escape`` copied it, through ``Markup.__new__`` twice
    (~6.4 K instructions). Any other value goes to ``escape``."""
    kind = type(value)
    if kind is str and _escape_text is not None:
        return _new_str(Markup, _escape_text(value))
    if kind is Markup:  # its __html__ is itself: escape(value) is a copy of it
        # (not typing.cast, a Python call)
        return value  # type: ignore[no-any-return]
    return escape(value)
