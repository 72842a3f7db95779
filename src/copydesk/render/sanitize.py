"""Raw HTML from Markdown, made safe with nh3 (the Rust ammonia sanitiser).

Only used when a project turns ``raw-html`` on without declaring itself ``trusted``. The
allow-list is what a blog post needs — tables, figures, images, links, footnotes — plus
the markup markdown-it writes itself (heading ids, footnote and citation classes, table
alignment), so that sanitising leaves Markdown-made HTML as it was. Scripts, styles,
event handlers, forms, frames and ``javascript:``/``data:`` URLs never pass.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3

_TAGS = frozenset(nh3.ALLOWED_TAGS) | {"section", "tfoot"}
_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_IMAGE_SCHEMES = frozenset({"http", "https", ""})  # "" is a relative URL
_EXTRA_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"title", "id"}, "img": {"title", "loading"}, "abbr": {"title"}, "li": {"id"},
    "th": {"style"}, "td": {"style"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
_ATTRIBUTES = {tag: set(nh3.ALLOWED_ATTRIBUTES.get(tag, ())) | _EXTRA_ATTRIBUTES.get(tag, set())
               for tag in {*nh3.ALLOWED_ATTRIBUTES, *_EXTRA_ATTRIBUTES}}
# ``class`` passes through this table only: the classes markdown-it and its plugins
# write, so that a post cannot borrow the theme's own classes.
_CLASSES = {
    "a": {"cite", "footnote-backref"}, "sup": {"footnote-ref"}, "hr": {"footnotes-sep"},
    "section": {"footnotes"}, "ol": {"footnotes-list"}, "li": {"footnote-item"},
}
_ATTRIBUTE_TEXT = r'(?:[^>"]|"[^"]*")*'  # a tag's attributes, quoted values may hold ">"
_EXTERNAL_LINK = re.compile(
    rf'<a\b({_ATTRIBUTE_TEXT}?\shref="(?:https?:)?//[^"]*"{_ATTRIBUTE_TEXT})>')
_LINK_REL = ' rel="noopener noreferrer"'


def _keep_image_source(tag: str, attribute: str, value: str) -> str | None:
    if tag != "img" or attribute != "src":
        return value
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:  # e.g. "http://[x": not an address a browser would load
        return None
    return value if scheme in _IMAGE_SCHEMES else None


def sanitize_html(html: str) -> str:
    """``html`` with everything outside the allow-list removed; external links get a rel."""
    cleaned = nh3.clean(
        html, tags=set(_TAGS), attributes=_ATTRIBUTES, url_schemes=set(_URL_SCHEMES),
        allowed_classes=_CLASSES, filter_style_properties={"text-align"},
        attribute_filter=_keep_image_source, link_rel=None, strip_comments=True,
        clean_content_tags={"script", "style"})
    # nh3 serialises attributes in double quotes, so this pattern sees whole tags.
    return _EXTERNAL_LINK.sub(lambda match: f"<a{match.group(1)}{_LINK_REL}>", cleaned)
