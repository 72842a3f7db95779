"""Markdown -> Document, through markdown-it-py tokens.

markdown-it gives line maps for blocks but no positions for inline tokens, so the inline
parser here records ``state.pos`` whenever a token is pushed. With those positions the
inline source is *masked*: visible text is copied, every markup character becomes a
space, and offsets in the block text stay the columns of the source line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml
from markdown_it import MarkdownIt
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from copydesk.lint.document import Block, BlockKind, Document, LineStart, Link, Problem
from copydesk.lint.suppressions import parse_suppressions

_STARTS = "copydesk_starts"  # env keys: id(token) -> source offset where it was pushed
_ENDS = "copydesk_ends"  # ...and where pending text was flushed (the end of a text token)
_TASK_RE = re.compile(r"\[[ xX]\](?=\s|$)")
_CODE_TOKENS = frozenset({"fence", "code_block"})
_MAX_BRACKETS = 200
_BRACKET = "\ue000"  # stands in for "[" where link syntax is switched off, same length
_CONTAINERS = frozenset({"bullet_list_open", "ordered_list_open", "table_open",
                         "blockquote_open"})
_CONTAINER_CLOSES = frozenset(kind.replace("_open", "_close") for kind in _CONTAINERS)


class _TrackingState(StateInline):
    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        if self.pending:
            self.pushPending()
        token = super().push(ttype, tag, nesting)
        self.env[_STARTS][id(token)] = self.pos
        return token

    def pushPending(self) -> Token:
        token = super().pushPending()
        self.env[_ENDS][id(token)] = self.pos
        return token


class _TrackingParserInline(ParserInline):
    def parse(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> list[Token]:
        state = _TrackingState(_without_runaway_links(src), md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


def _without_runaway_links(src: str) -> str:
    """``src``, with "[" disabled when a paragraph holds more than ``_MAX_BRACKETS``.

    markdown-it's link-label scan grows faster than linearly with the number of "[" in
    one paragraph; such a paragraph is not prose, so it is read without link syntax.
    """
    return src.replace("[", _BRACKET) if src.count("[") > _MAX_BRACKETS else src


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    md.inline = _TrackingParserInline()
    md.configure("commonmark")
    md.enable(["table", "strikethrough"])
    # Joined text tokens would lose their recorded positions.
    md.disable(["text_join", "fragments_join"])
    return md.use(front_matter_plugin).use(footnote_plugin)


_MD = _parser()


def read_markdown(path: str, source: str) -> Document:
    env: dict[str, Any] = {_STARTS: {}, _ENDS: {}}
    lines = source.split("\n")
    toml_lines = _toml_front_matter_lines(lines)
    front_matter: Mapping[str, Any] = {}
    problems: list[Problem] = []
    if toml_lines:
        front_matter, problem = _toml_front_matter("\n".join(lines[1:toml_lines - 1]))
        problems.extend([problem] if problem else [])
        # Blank the block (same number of lines) so markdown-it does not read it as prose.
        tokens = _MD.parse("\n" * toml_lines + "\n".join(lines[toml_lines:]), env)
    else:
        tokens = _MD.parse(source, env)
    builder = _Builder(lines, env[_STARTS], env[_ENDS])
    code_lines: set[int] = set()
    for token in tokens:
        if token.type == "front_matter":
            front_matter, problem = _yaml_front_matter(token.content)
            problems.extend([problem] if problem else [])
        elif token.type in _CODE_TOKENS and token.map:
            code_lines.update(range(token.map[0] + 1, token.map[1] + 1))
        builder.feed(token)
    title = front_matter.get("title")
    blocks = sorted(builder.blocks, key=lambda block: block.line)  # footnotes come last
    return Document(path=path, kind="markdown", source=source, blocks=tuple(blocks),
                    front_matter=front_matter, title=title if isinstance(title, str) else None,
                    suppressions=parse_suppressions(lines, code_lines), problems=tuple(problems))


def _toml_front_matter_lines(lines: Sequence[str]) -> int:
    """How many lines Hugo-style TOML front matter ("+++" fences) takes; 0 if none."""
    if not lines or lines[0].rstrip() != "+++":
        return 0
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "+++"), 0)
    return closing + 1 if closing else 0


def _toml_front_matter(text: str) -> tuple[Mapping[str, Any], Problem | None]:
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as error:
        at = re.search(r"\s*\(at line (\d+), column \d+\)", str(error))
        # +1: the block starts after the opening "+++"; the finding carries the line.
        line = int(at.group(1)) + 1 if at else 1
        message = str(error).replace(at.group(), "") if at else str(error)
        return {}, Problem(line, f"invalid TOML front matter: {message}")


def _yaml_front_matter(text: str) -> tuple[Mapping[str, Any], Problem | None]:
    try:
        data = _load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        # +2: the mark is 0-based inside the block, which starts after the opening "---".
        line = mark.line + 2 if mark is not None else 1
        return {}, Problem(line, f"invalid YAML front matter: {error}".replace("\n", " "))
    except ValueError as error:  # well-formed but not a value, such as the date 2026-00-20
        return {}, Problem(1, f"invalid YAML front matter: {error}")
    except (IndexError, KeyError, AttributeError):  # PyYAML on "!!bool maybe", "!!timestamp x"
        return {}, Problem(1, "invalid YAML front matter: a value does not match its !! tag")
    if data is None:
        return {}, None
    if not isinstance(data, Mapping):
        return {}, Problem(1, "front matter must be a mapping of keys to values")
    return data, None


# libyaml scans several times faster than PyYAML's pure-Python scanner; the values are
# built by the same SafeConstructor either way.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Where libyaml and PyYAML disagree (tabs, a byte-order mark inside the text, a tag such as
# a bare "!", a comment glued to a block scalar's "|" or ">"), or where the text is not a
# mapping, PyYAML reads it, as it always has: its values and its error messages.
_LIBYAML_DIFFERS_RE = re.compile(r"[\t\ufeff]|(?<![^\s\[{,])!|[|>][-+0-9]*#")


def _load_yaml(text: str) -> Any:
    if not _LIBYAML_DIFFERS_RE.search(text):
        try:
            data = yaml.load(text, Loader=_FAST_LOADER)
        except Exception:  # PyYAML below gives the error a problem quotes
            data = None
        if isinstance(data, dict):
            return data
    return yaml.safe_load(text)


@dataclass
class _Builder:
    """Walks block tokens, remembering the containers a paragraph sits in."""

    lines: Sequence[str]
    starts: Mapping[int, int]
    ends: Mapping[int, int]
    blocks: list[Block] = field(default_factory=list)
    _open: list[tuple[str, int]] = field(default_factory=list)  # container type, group index
    _groups: int = 0
    _heading: int = 0
    _cell_col: dict[int, int] = field(default_factory=dict)  # line -> search start for cells

    def _close(self, opened: str) -> None:
        """End the innermost open container of kind ``opened``, and any opened inside it.

        The footnote plugin can leave the stream unbalanced (a footnote definition inside a
        block quote inside another definition, "[^1]:> [^1]:", leaves a lone
        blockquote_close): a close with no open of its kind ends nothing.
        """
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth][0] == opened:
                del self._open[depth:]
                return

    def feed(self, token: Token) -> None:
        kind = token.type
        if kind == "inline":
            if token.map is not None:
                self._inline(token, token.map[0])
        elif kind in _CONTAINERS:
            self._open.append((kind, self._groups))
            self._groups += 1
        elif kind in _CONTAINER_CLOSES:
            self._close(kind.replace("_close", "_open"))
        elif kind == "heading_open":
            self._heading = int(token.tag[1:])
        elif kind == "heading_close":
            self._heading = 0

    def _kind(self) -> tuple[BlockKind, int, int]:
        """Block kind, level and group of an inline token at the current nesting."""
        if self._heading:
            return "heading", self._heading, -1
        lists = [group for kind, group in self._open if kind.endswith("list_open")]
        innermost = self._open[-1] if self._open else ("", -1)
        if innermost[0] == "table_open":
            return "table_cell", 0, innermost[1]
        if lists and innermost[0].endswith("list_open"):
            return "list_item", len(lists), innermost[1]
        if innermost[0] == "blockquote_open":
            return "quote", 0, innermost[1]
        return "paragraph", 0, -1

    def _inline(self, token: Token, first_line: int) -> None:
        kind, level, group = self._kind()
        children = token.children or []
        links: tuple[Link, ...] = ()
        citations: tuple[int, ...] = ()
        if _is_plain(token.content, children):
            text = token.content  # nothing to mask
        else:
            text, links, citations = _Masker(token.content, self.starts, self.ends).run(children)
        if kind == "list_item" and (task := _TASK_RE.match(text)):
            text = " " * task.end() + text[task.end():]
        # A heading of code alone ("### `npm stage`") still opens a section: keep it.
        if not text.strip() and kind != "heading":
            return
        anchors = self._anchors(token.content, first_line, kind == "table_cell")
        self.blocks.append(Block(kind, text, anchors, level, links, citations, group))

    def _anchors(self, content: str, first_line: int, is_cell: bool) -> tuple[LineStart, ...]:
        if not is_cell and "\n" not in content:  # one line, as most blocks: the loop's once
            line = self.lines[first_line] if first_line < len(self.lines) else ""
            return (LineStart(0, first_line + 1, _column(line, content, 0) + 1),)
        anchors: list[LineStart] = []
        offset = 0
        for index, part in enumerate(content.split("\n")):
            number = first_line + index
            line = self.lines[number] if number < len(self.lines) else ""
            start = self._cell_col.get(number, 0) if is_cell else 0
            col = _column(line, part, start)
            if is_cell:
                self._cell_col[number] = col + len(part)
            anchors.append(LineStart(offset, number + 1, col + 1))
            offset += len(part) + 1
        return tuple(anchors)


def _is_plain(content: str, children: Sequence[Token]) -> bool:
    """Whether inline ``content`` parsed as one text token of itself, as most paragraphs
    and headings do: its visible text is the content, with no link or citation."""
    return len(children) == 1 and children[0].type == "text" and children[0].content == content


def _column(line: str, part: str, start: int) -> int:
    """0-based column of ``part`` (a line of inline content) in its source ``line``."""
    # Block prefixes (">", list markers, indentation) are cut from the left, so the
    # content is normally the end of the line.
    if not start and part and line.endswith(part):
        return len(line) - len(part)
    stripped = part.strip()
    found = line.find(stripped, start) if stripped else -1
    return found - (len(part) - len(part.lstrip())) if found >= 0 else start


class _Masker:
    """Copies visible text from inline source ``src`` into a string of spaces."""

    def __init__(self, src: str, starts: Mapping[int, int], ends: Mapping[int, int]) -> None:
        self.src = _without_runaway_links(src)  # the text the positions were recorded in
        self.starts = starts
        self.ends = ends
        self.out = list("\n".join(" " * len(line) for line in src.split("\n")))

    def run(self, children: Sequence[Token]) -> tuple[str, tuple[Link, ...], tuple[int, ...]]:
        links: list[Link] = []
        citations: list[int] = []
        link_start: tuple[str, int] | None = None
        in_autolink = False
        for child in children:
            start = self.starts.get(id(child), -1)
            if child.type == "link_open":
                in_autolink = child.markup == "autolink"
                link_start = (str(child.attrs.get("href", "")), start)
            elif child.type == "link_close" and link_start is not None:
                href, begin = link_start
                end = self.src.find(">", begin) + 1 if in_autolink else start
                links.append(Link(href, begin, max(end, begin)))
                link_start, in_autolink = None, False
            elif child.type == "footnote_ref" and start >= 0:
                citations.append(start)
            elif child.type in ("text", "text_special") and not in_autolink:
                self._copy(child, start)
        return "".join(self.out), tuple(links), tuple(citations)

    def _copy(self, token: Token, start: int) -> None:
        content = token.content
        if token.type == "text" and id(token) in self.ends:
            start = self.src.rfind(content, 0, self.ends[id(token)])
        if start < 0:
            return
        width = len(content)
        if token.type == "text_special":
            # An entity is shorter than its source: the rest stays blank. An escaped
            # character keeps its own column; the backslash before it is blanked.
            width = len(token.markup)
            if token.info == "escape":
                start += max(len(token.markup) - len(content), 0)
        # One slice assignment per token: a loop per character was a tenth of the time
        # `copydesk check` took. Where the content has a newline the slot keeps its own.
        piece = content[:width][:max(len(self.out) - start, 0)].replace(_BRACKET, "[")
        if "\n" not in piece:
            self.out[start:start + len(piece)] = piece
            return
        for index, char in enumerate(piece):
            if char != "\n":
                self.out[start + index] = char
