"""Bodies whose only Jinja syntax is ``{{ expression }}`` tags, split so that only the
tags are compiled.

An article body is a thousand words of Markdown around a few ``stat()`` calls. Compiling
it whole took 2.7 ms of a page's render (a 500-post benchmark build): Jinja lexed the
text, wrote it into Python code and compiled that, only to copy it out again. Split here,
the text is kept as Jinja would print it, and the tags make one template of their own,
each on its line of the body (comments hold the lines between them), so that an error in
one is reported at the same line as before. Rendered, that template yields one value per
tag, which goes back between the texts.

The split is made only where it cannot differ from Jinja's own reading: the environment
uses the default delimiters and no line statements; no ``{%``, ``{#``, whitespace control
(``{{-``, ``-}}``) or stray ``{{``, ``}}`` is left in the text; no tag directly follows a
``{`` (Jinja would start the tag there). The tags' template must parse into one value per
tag, none of them a constant (Jinja would merge constants with their neighbours): a
``}}`` inside a string or brackets would join two tags. Otherwise the caller compiles
the whole body, for the output or the error Jinja gives.

The tags' template differs from body to body (their lines, the ids they name), so each
body compiled its own: 2 ms of a page's render. The split also gives the tags' *shape*:
the tags on one line, each string argument of a plain call (``stat("id")``) made a
variable, so that one compiled shape serves every body whose tags call the same
functions. A call by name is never a constant to Jinja, whether its arguments are
literals or variables, so the shape prints one value per tag exactly when the tags do,
and each value is the same. The shape keeps no line of the body: rendering it fails
where the tags' template fails, and the caller then renders the tags' template to
report the error at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from jinja2 import Environment, nodes

_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
_DEFAULT_DELIMITERS = ("{%", "%}", "{{", "}}", "{#", "#}")
_TAG_RE = re.compile(r"\{\{(?![-+])[^{}]*?(?<![-+])\}\}")
_LEFT_IN_TEXT = ("{{", "}}", "{%", "{#")
# A string literal whose value is its text: no escape, no line end.
_STRING = r"""(?:"[^"\\\r\n]*"|'[^'\\\r\n]*')"""
_STRING_RE = re.compile(_STRING)
_CALL_TAG_RE = re.compile(
    rf"\{{\{{\s*([A-Za-z_][A-Za-z0-9_]*)\(\s*({_STRING}(?:\s*,\s*{_STRING})*)\s*\)\s*\}}\}}")
_OPERATORS = frozenset({"not", "and", "or", "in", "is", "if", "else"})  # not callables
# The shape's variables: argument 0, 1... of its calls, in order.
ARGUMENT = "copydesk_tag_argument_"


@dataclass(frozen=True)
class SplitBody:
    texts: tuple[str, ...]  # printed as they are, around the tags: one more than tags
    shape: str | None  # the tags on one line, string arguments of calls as ARGUMENT<n>
    arguments: dict[str, str]  # the shape's variables and their values
    written: tuple[str, ...]  # the tags as written

    @cached_property
    def tags(self) -> str:
        """A template source printing only the tags, each on its line of the body (a
        comment holds the line ends before it). Made when asked: a body whose shape
        renders needs none (counting a body's line ends cost ~50 K instructions)."""
        tags = []
        for text, tag in zip(self.texts[:-1], self.written, strict=True):
            lines = text.count("\n") or text.count("\r")  # its line ends: "\n", "\r\n" or "\r"
            tags.append(f"{{#{chr(10) * lines}#}}{tag}" if lines else tag)
        return "".join(tags)


def jinja_lines(environment: Environment, source: str) -> list[str]:
    """The lines of ``source`` as Jinja reads them (the last one, when empty, dropped
    unless ``keep_trailing_newline``)."""
    # Most sources end their lines with "\n" alone: str.split finds them with memchr,
    # where the pattern tried its three branches at every character (~0.1 ms a body).
    lines = source.split("\n") if "\r" not in source else _NEWLINE_RE.split(source)
    if not environment.keep_trailing_newline and lines[-1] == "":
        del lines[-1]
    return lines


def split_body(environment: Environment, source: str) -> SplitBody | None:
    """``source`` as text and ``{{ }}`` tags, or None when it holds other Jinja syntax."""
    delimiters = (environment.block_start_string, environment.block_end_string,
                  environment.variable_start_string, environment.variable_end_string,
                  environment.comment_start_string, environment.comment_end_string)
    if (delimiters != _DEFAULT_DELIMITERS or environment.line_statement_prefix
            or environment.line_comment_prefix):
        return None
    # Its lines joined by "\n" again: the source itself, when it holds no "\r" and Jinja
    # keeps its last line ending (the split and the join copied a body twice).
    text = (source if "\r" not in source and environment.keep_trailing_newline
            else "\n".join(jinja_lines(environment, source)))
    texts: list[str] = []
    written: list[str] = []
    shape: list[str] = []
    arguments: dict[str, str] = {}
    start = at = 0
    # Each tag starts at a "{{" found by str.find (memchr), where the pattern's search
    # read the body character by character (~58 K instructions a body).
    while (at := text.find("{{", at)) >= 0:
        match = _TAG_RE.match(text, at)
        if match is None:
            at += 1
            continue
        before = text[start:at]
        if before.endswith("{"):
            return None
        texts.append(before)
        tag = match.group()
        written.append(tag)
        shape.append(_shaped(tag, arguments))
        start = at = match.end()
    texts.append(text[start:])
    # A text with no brace holds none of these: told by memchr, where looking for each
    # in each text read them all four times (~40 K instructions a body).
    if any("{" in piece or "}" in piece for piece in texts) and any(
            marker in piece for piece in texts for marker in _LEFT_IN_TEXT):
        return None
    newline = environment.newline_sequence
    return SplitBody(tuple(piece.replace("\n", newline) for piece in texts),
                     None if ARGUMENT in source else "".join(shape), arguments,
                     tuple(written))


def _shaped(tag: str, arguments: dict[str, str]) -> str:
    """``tag`` in the shape: a call by name with string arguments calls it with variables
    (added to ``arguments``); any other tag as it is."""
    call = _CALL_TAG_RE.fullmatch(tag)
    if call is None or call.group(1) in _OPERATORS:
        return tag
    names = []
    for literal in _STRING_RE.findall(call.group(2)):
        name = f"{ARGUMENT}{len(arguments)}"
        arguments[name] = literal[1:-1]
        names.append(name)
    return f"{{{{ {call.group(1)}({', '.join(names)}) }}}}"


def prints_each_tag(environment: Environment, template: nodes.Template, tags: int) -> bool:
    """Whether the parsed template of a split body's ``tags`` prints one value per tag,
    each computed as it renders."""
    if len(template.body) != 1 or not isinstance(template.body[0], nodes.Output):
        return False
    values = template.body[0].nodes
    if len(values) != tags:
        return False
    context = nodes.EvalContext(environment)
    for value in values:
        try:
            value.as_const(context)
        except nodes.Impossible:
            continue
        except Exception:  # folding it fails too: the whole body then gives the error
            return False
        return False
    return True
