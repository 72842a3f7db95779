"""``urlsplit`` for text found in pages, which may hold any URL a person typed.

The standard ``urlsplit`` raises ValueError on some malformed URLs (``http://[x``, an
unclosed IPv6 host); a rule reading a page must not crash on them.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

NOWHERE = SplitResult("", "", "", "", "")


def split_url(url: str) -> SplitResult:
    """The parts of ``url``; a URL that cannot be split has no scheme, host or path."""
    try:
        return urlsplit(url)
    except ValueError:
        return NOWHERE
