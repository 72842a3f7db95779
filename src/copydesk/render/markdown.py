"""Markdown -> HTML with markdown-it-py: CommonMark, tables, strikethrough, footnotes,
and ids on headings (h1-h3) so that sections can be linked to.

Raw HTML in Markdown is escaped unless the site config turns it on: content written by
marketers, or pasted from elsewhere, must not be able to inject markup or scripts.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin


@cache
def _parser(raw_html: bool) -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": raw_html})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
        .use(anchors_plugin, min_level=1, max_level=3)
    )


def markdown_to_html(text: str, *, raw_html: bool = False) -> str:
    """Render ``text`` as HTML; with ``raw_html`` False any HTML in it is shown as text."""
    html: str = _parser(raw_html).render(text)
    return html
