"""Readers: turn a source file into a :class:`Document` (Markdown, HTML or plain text).

Every reader sees the source normalised the same way (BOM dropped, CRLF and CR turned
into LF), so line and column numbers agree with what an editor shows.
"""

from __future__ import annotations

from pathlib import PurePath

from copydesk.lint.document import Block, Document, DocumentKind, LineStart
from copydesk.lint.html_body import PlainBody
from copydesk.lint.html_reader import read_html
from copydesk.lint.markdown_reader import read_markdown
from copydesk.lint.suppressions import parse_suppressions

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
TEXT_SUFFIXES = frozenset({".txt"})
_END_PUNCTUATION = tuple(".!?:;…\"'”’)")


def kind_for(path: str) -> DocumentKind | None:
    suffix = _suffix(path).lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def _suffix(path: str) -> str:
    """``PurePath(path).suffix``; made a path only when the name after the last "/" is not
    one as it stands ("", "."): a PurePath is made and parsed in ~5 us, a page's read ~1 ms."""
    name = path.rpartition("/")[2]
    if name in ("", "."):
        return PurePath(path).suffix
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def read_document(path: str, source: str, kind: DocumentKind | None = None, *,
                  body: PlainBody | None = None) -> Document:
    """Parse ``source`` (the text of ``path``) into a Document; ``body``: an HTML page's
    article body as its renderer wrote it (``html_reader.read_html``)."""
    kind = kind or kind_for(path) or "text"
    source = normalise(source)
    if kind == "markdown":
        return read_markdown(path, source)
    if kind == "html":
        return read_html(path, source, body)
    return read_text(path, source)


def normalise(source: str) -> str:
    """Drop a byte-order mark; CRLF and lone CR become LF (columns are unchanged)."""
    source = source.removeprefix("\ufeff")
    if "\r" not in source:  # one scan, where the two replacements read a page in full twice
        return source
    return source.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str, source: str) -> Document:
    """Plain text: paragraphs split on blank lines; a short line without end punctuation
    standing alone is a heading."""
    blocks: list[Block] = []
    lines = source.split("\n")
    suppressions = parse_suppressions(lines)
    comment_lines = {suppression.line for suppression in suppressions}
    paragraph: list[tuple[int, str]] = []

    def flush() -> None:
        if not paragraph:
            return
        starts: list[LineStart] = []
        parts: list[str] = []
        offset = 0
        for number, line in paragraph:
            indent = len(line) - len(line.lstrip())
            content = line.strip()
            starts.append(LineStart(offset, number, indent + 1))
            parts.append(content)
            offset += len(content) + 1
        text = "\n".join(parts)
        is_heading = (len(paragraph) == 1 and len(text.split()) <= 20
                      and not text.endswith(_END_PUNCTUATION))
        blocks.append(Block("heading" if is_heading else "paragraph", text, tuple(starts),
                            level=2 if is_heading else 0))
        paragraph.clear()

    for number, line in enumerate(lines, start=1):
        if line.strip() and number not in comment_lines:
            paragraph.append((number, line))
        else:
            flush()
    flush()
    return Document(path=path, kind="text", source=source, blocks=tuple(blocks),
                    suppressions=suppressions)


