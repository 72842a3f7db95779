"""Markdown -> HTML with markdown-it-py: CommonMark, tables, strikethrough, footnotes,
and ids on headings (h1-h3) so that sections can be linked to.

Raw HTML in Markdown is escaped unless the site config turns it on: content written by
marketers, or pasted from elsewhere, must not be able to inject markup or scripts. Turned
on, it is sanitised (``copydesk.render.sanitize``) unless the project is marked trusted.
A suppression comment alone on its line (``<!-- copydesk: ignore CD201 -->``) is for the
linter, never for readers: with raw HTML off it would show as text, so it is dropped (it
ends a paragraph, as an HTML comment does when raw HTML is on). Citation links that
``stat()`` writes into Markdown (``[\\[1\\]](#source-1)``) are set as superscripts here,
so that they look the same as in HTML templates. Plain Markdown (prose, headings, tight lists,
links) is rendered without markdown-it, to the same HTML (``copydesk.render.plain_markdown``).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from copydesk.lint.html_body import PlainBody
from copydesk.lint.suppressions import is_suppression_comment
from copydesk.render.plain_markdown import CITATION_PREFIX, plain_body, plain_html
from copydesk.render.sanitize import sanitize_html


def _superscript_citations(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        in_citation = False
        for token in block.children:
            if token.type == "link_open" and str(token.attrGet("href")).startswith(
                    CITATION_PREFIX):
                in_citation = True
                token.attrSet("class", "cite")
                children.append(Token("html_inline", "", 0, content="<sup>"))
            children.append(token)
            if token.type == "link_close" and in_citation:
                in_citation = False
                children.append(Token("html_inline", "", 0, content="</sup>"))
        block.children = children


def _citations_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("superscript_citations", _superscript_citations)


@cache
def _parser(raw_html: bool, idle: tuple[str, ...] = ()) -> MarkdownIt:
    """The parser, without the block rules ``idle`` (:func:`_idle_rules`)."""
    md = (
        MarkdownIt("commonmark", {"html": raw_html})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
        .use(anchors_plugin, min_level=1, max_level=3)
        .use(_citations_plugin)
    )
    return md.disable(list(idle)) if idle else md


# markdown-it tries its block rules in turn at the start of every block, and most of them
# again at every line of a paragraph (whether the line ends it), a Python call each: a
# tenth of parsing a page's body. Each rule here matches no line of a text that holds none
# of its strings, so a parser without it gives the same tokens: a table's header row has
# a "|", a fence opens with three "`" or "~", a quote with ">", a link reference or a
# footnote's definition with "[" or "[^", and indented code takes four columns of
# indentation (in a list item too: four spaces past the item's own), spaces or a tab.
_TRIGGERS = (("table", ("|",)), ("fence", ("```", "~~~")), ("blockquote", (">",)),
             ("reference", ("[",)), ("footnote_def", ("[^",)), ("code", ("    ", "\t")))
# With raw HTML off these two match nothing at all (their first test is the option).
_HTML_RULES = ("html_block", "html_inline")


def _idle_rules(text: str, raw_html: bool) -> tuple[str, ...]:
    """The rules of _TRIGGERS, and _HTML_RULES, that cannot match in ``text``."""
    idle = tuple(name for name, triggers in _TRIGGERS
                 if not any(trigger in text for trigger in triggers))
    return idle if raw_html else idle + _HTML_RULES


def markdown_to_html(text: str, *, raw_html: bool = False, trusted: bool = False) -> str:
    """Render ``text`` as HTML; with ``raw_html`` False any HTML in it is shown as text.

    With ``raw_html`` the output is sanitised, unless ``trusted`` says every author may
    put any markup, scripts included, on the site.
    """
    if not raw_html and _plain_paragraph(text):
        return f"<p>{text}</p>\n"  # what markdown-it makes of it (a test holds it to that)
    return _render(text, raw_html, trusted)


def rendered_body(text: str, *, raw_html: bool = False, trusted: bool = False
                  ) -> tuple[str, PlainBody | None]:
    """:func:`markdown_to_html` of an article's body, with the record of its blocks when
    it is plain Markdown (``lint.html_body``): the build's lint reads the body from there."""
    if not raw_html:  # (with raw HTML the sanitiser may change what was written)
        body = plain_body(_for_readers(text))
        if body is not None:
            return body.html, body
    return markdown_to_html(text, raw_html=raw_html, trusted=trusted), None


def _for_readers(text: str) -> str:
    """``text`` without its suppression comments, which are for the linter alone."""
    if "copydesk" not in text:
        return text
    return "\n".join("" if is_suppression_comment(line) else line for line in text.split("\n"))


# One line of words, digits and punctuation that no Markdown construct starts with, nor
# HTML needs escaped: a paragraph of this text alone, as markdown-it renders it. FAQ answers
# and bios are often such a line, and markdown-it took 70 us to render each (three a page
# of the benchmark's build, a cache of 512 helping none at 10,000 pages).
_PLAIN_PARAGRAPH_RE = re.compile(r"[A-Za-z](?:[A-Za-z0-9 .,;:?!'()%$/\-]*[A-Za-z0-9.,;:?!'()%$/])?")
# Its characters, as bytes: bytes.translate deletes them from an ASCII text, where the
# pattern tested each character against its class (~33 instructions a character, ~10 K
# an FAQ answer).
_PLAIN_PARAGRAPH_BYTES = bytes(code for code in range(128)
                               if _PLAIN_PARAGRAPH_RE.fullmatch(f"a{chr(code)}a"))


def _plain_paragraph(text: str) -> bool:
    """Whether ``_PLAIN_PARAGRAPH_RE`` matches all of ``text``: ASCII, a letter first, no
    space or "-" last, and nothing but its characters."""
    return (text.isascii() and text[:1].isalpha() and text[-1] not in " -"
            and not text.encode().translate(None, _PLAIN_PARAGRAPH_BYTES))


# FAQ answers, author bios and calls to action repeat on many pages of a build (two calls
# in three on a 500-post benchmark build). The HTML depends on these three arguments alone:
# every render starts from a fresh markdown-it env, so heading ids and footnotes restart.
@lru_cache(maxsize=512)
def _render(text: str, raw_html: bool, trusted: bool) -> str:
    if not raw_html:
        text = _for_readers(text)
    html = plain_html(text)  # most bodies are plain Markdown: no markdown-it at all
    if html is None:
        html = _parser(raw_html, _idle_rules(text, raw_html)).render(text)
    return sanitize_html(html) if raw_html and not trusted else html
