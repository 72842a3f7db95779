"""The project's Jinja environment, and every Jinja failure turned into a located RenderError.

``StrictUndefined``: a missing value is an error naming the variable, never an empty
string on a published page. HTML and XML templates autoescape; Markdown bodies (rendered
from strings) do not, since markdown-it escapes raw HTML itself.

With ``[site] sandbox = true`` templates run in Jinja's immutable sandbox, for themes from
an untrusted source: reaching for Python internals (``__class__``, ``mro()``...) or calling
a method that changes a value is a located RenderError, never a way out of the template.
Article and record bodies (Markdown with Jinja, written by authors) always run in the
sandbox, unless the project declares every author ``trusted``.

Errors point at the file a person edits: the template file and line, or for an article
body the article file and its line in that file (the body starts below the front matter).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from functools import lru_cache, partial
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from pathlib import Path
from types import CodeType, TracebackType
from typing import Any, Protocol

from jinja2 import (
    Environment,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    pass_context,
    pass_eval_context,
    select_autoescape,
)
from jinja2.exceptions import SecurityError
from jinja2.filters import do_tojson
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from copydesk.config import Config
from copydesk.content.models import Statistic
from copydesk.errors import CopydeskError, Location, RenderError
from copydesk.lint.html_body import PlainBody
from copydesk.render.code_cache import template_code_cache
from copydesk.render.expressions import ARGUMENT, jinja_lines, prints_each_tag, split_body
from copydesk.render.formatting import money, number, percent
from copydesk.render.helpers import LEDGER_VARIABLE, make_stat
from copydesk.render.ledger import PageLedger
from copydesk.render.loader import ProjectTemplateLoader
from copydesk.render.markdown import markdown_to_html, rendered_body
from copydesk.render.markup import escaped, markup

# Jinja names objects by their full class path; users know them as "Role", "Article", ...
_OBJECT_RE = re.compile(r"'(?:[\w]+\.)*(\w+) object'")
# What a shared shape's code is compiled as: no file, an error in it is located again.
_SHAPE_FILENAME = "<copydesk body tags>"


class HasBody(Protocol):
    @property
    def body(self) -> str: ...
    @property
    def location(self) -> Location: ...


class Renderer:
    """Renders the project's templates and Markdown+Jinja strings with located errors."""

    def __init__(self, config: Config, statistics: Mapping[str, Statistic], *,
                 keep_compiled: bool = False) -> None:
        """``keep_compiled``: the renderer of one build, whose compiled templates are kept
        under the project's ``.copydesk/`` for the next build (``copydesk.render.code_cache``);
        it reads each template file once (Jinja would look at the file's time again on
        every use: five times a page)."""
        self.config = config
        self.keep_compiled = keep_compiled
        self.raw_html = config.site.raw_html
        self.search_path = config.templates_path
        stat = make_stat(statistics)
        self.environment = self._environment(
            ImmutableSandboxedEnvironment if config.site.sandbox else Environment, stat)
        # Bodies of articles and records are written by authors, not theme developers:
        # they run in the sandbox unless the project trusts every author.
        self.body_environment = self.environment if (
            config.site.sandbox or config.site.trusted) else self._environment(
            ImmutableSandboxedEnvironment, stat)
        # first lines of string sources in their files, by the filename Jinja reports
        self._string_origins: dict[str, int] = {}
        # A record's body is rendered on every page that calls render_body(record); an
        # article body adds a few entries, one per tag (copydesk.render.expressions).
        self._compiled = lru_cache(maxsize=1024)(self._compile)
        # Bodies whose tags call the same functions share one (expressions.SplitBody.shape).
        self._shapes = lru_cache(maxsize=256)(self._shape)

    def _environment(self, kind: type[Environment], stat: object) -> Environment:
        environment = kind(
            loader=ProjectTemplateLoader(self.search_path),
            undefined=StrictUndefined,
            autoescape=select_autoescape(["html", "xml"], default_for_string=False),
            keep_trailing_newline=True,
            trim_blocks=True,  # a line holding only {% ... %} leaves no blank line behind
            lstrip_blocks=True,
            bytecode_cache=(template_code_cache(self.config.root, kind) if self.keep_compiled
                            else None),
            auto_reload=not self.keep_compiled,
        )
        environment.template_class = _Template
        if self.keep_compiled:  # no template is loaded again in a build
            setattr(environment, "get_template", _kept_templates(environment))  # noqa: B010
        environment.globals.update(stat=stat, render_body=self._render_body)
        # Set once, before any template is loaded: each template may copy them.
        setattr(environment, "make_globals", partial(_plain_globals, environment))  # noqa: B010
        environment.filters.update(
            money=money, percent=percent, number=number, markdown=self.markdown,
            tojson=_tojson)
        return environment

    def markdown(self, text: str) -> Markup:
        return markup(markdown_to_html(text, raw_html=self.raw_html,
                                       trusted=self.config.site.trusted))

    def markdown_body(self, text: str) -> tuple[Markup, PlainBody | None]:
        """:meth:`markdown` of an article's body, with the record the lint reads it from
        when it is plain Markdown (``markdown.rendered_body``)."""
        html, body = rendered_body(text, raw_html=self.raw_html,
                                   trusted=self.config.site.trusted)
        return markup(html), body

    def template(self, name: str, context: Mapping[str, Any], origin: Location) -> str:
        """Render template ``name``; ``origin`` is blamed when the template itself is missing."""
        try:
            return self.environment.get_template(name).render(context)
        except Exception as error:
            raise self._located(error, origin) from None

    def string(self, source: str, context: Mapping[str, Any], origin: Location) -> str:
        """Render Jinja ``source`` whose first line is at ``origin`` (file and line)."""
        filename = origin.path
        self._string_origins[filename] = max(origin.line, 1)
        environment = self.body_environment
        if not _has_jinja_syntax(environment, source):
            return _rendered_as_text(environment, source)  # compiling was a third of render
        split = split_body(environment, source)
        if split is not None and split.shape is not None:
            shape = self._shapes(split.shape, len(split.texts) - 1)
            if shape is not None:
                ledger = context.get(LEDGER_VARIABLE)
                kept = ledger.kept() if isinstance(ledger, PageLedger) else None
                try:
                    return _joined(split.texts,
                                   shape.generate({**context, **split.arguments}))
                except Exception:  # rendered again below, to locate the error in the body
                    if isinstance(ledger, PageLedger) and kept is not None:
                        ledger.restore(kept)
        try:
            tags = None if split is None else self._compiled(split.tags, filename,
                                                             len(split.texts) - 1)
            if split is None or tags is None:
                return self._template(self._compiled(source, filename), environment
                                      ).render(context)
            return _joined(split.texts, self._template(tags, environment).generate(context))
        except Exception as error:
            raise self._located(error, origin) from None

    def _shape(self, shape: str, tags: int) -> Template | None:
        """The template of a split body's tags' shape (``copydesk.render.expressions``),
        None when it does not print one value per tag or does not compile."""
        try:
            code = self._compile(shape, _SHAPE_FILENAME, tags)
        except TemplateSyntaxError:  # an unknown filter or test: the body reports it
            return None
        return None if code is None else self._template(code, self.body_environment)

    def _compile(self, source: str, filename: str, tags: int = 0) -> CodeType | None:
        """The code of a body, or with ``tags`` of a split body's tags (None when they do
        not print one value each, see ``copydesk.render.expressions``)."""
        environment = self.body_environment
        if not tags:
            code: CodeType = environment.compile(source, filename=filename)
            return code
        try:
            parsed = environment.parse(source, filename=filename)
        except TemplateSyntaxError:
            return None
        if not prints_each_tag(environment, parsed, tags):
            return None
        code = environment.compile(parsed, filename=filename)
        return code

    @staticmethod
    def _template(code: CodeType | None, environment: Environment) -> Template:
        assert code is not None  # a whole body compiles or raises
        return Template.from_code(environment, code, environment.make_globals(None))

    @pass_context
    def _render_body(self, context: Context, record: HasBody) -> str:
        """``render_body(role)``: a record's Markdown+Jinja body, rendered in this page.

        The body sees the page's variables and the record under its type's name (``role``),
        since loop variables of the calling template are not part of its context.
        """
        variables = {name: value for name, value in context.get_all().items()
                     if not name.startswith(ARGUMENT)}  # a shape's, not the page's
        variables[type(record).__name__.lower()] = record
        text = self.string(record.body, variables, record.location)
        return self.markdown(text) if context.eval_ctx.autoescape else text

    def _located(self, error: Exception, origin: Location) -> Exception:
        if isinstance(error, CopydeskError) and error.location is not None:
            return error
        frame = self._innermost_template_line(error.__traceback__)
        where = frame or origin
        if isinstance(error, TemplateSyntaxError):
            line = error.lineno + self._string_origins.get(error.filename or "", 1) - 1
            where = Location(self.config.display(error.filename or origin.path), line)
            return RenderError(f"template syntax error: {error.message}", where,
                               "fix the Jinja tag on that line ({{ ... }}, {% ... %})")
        if isinstance(error, TemplateNotFound):
            return RenderError(
                f"template '{error.name}' not found", where,
                f"looked in {self.config.display(self.search_path)}/; "
                "create it there or fix the template name")
        if isinstance(error, SecurityError):
            return RenderError(
                f"the template sandbox refused: {error}", where,
                "templates run in Jinja's sandbox ([site] sandbox = true): use the data's "
                "fields and copydesk's filters, not Python internals or methods that change "
                "a value")
        if isinstance(error, UndefinedError):
            message = _OBJECT_RE.sub(r"'\1'", error.message or "")
            return RenderError(
                f"undefined value: {message}", where,
                "define it in the data or front matter, or fix the name in the template")
        if isinstance(error, CopydeskError):
            return RenderError(error.message, where, error.hint)
        if frame is None and not _raised_by_jinja(error.__traceback__):
            return error  # not raised while running a template: a bug, not a user error
        return RenderError(f"{type(error).__name__}: {error}", where,
                           "check the expression on that line of the template")

    def _innermost_template_line(self, trace: TracebackType | None) -> Location | None:
        found: Location | None = None
        while trace is not None:
            filename = trace.tb_frame.f_code.co_filename
            if filename in self._string_origins:
                found = Location(filename, trace.tb_lineno + self._string_origins[filename] - 1)
            elif self._is_template_file(filename):
                found = Location(self.config.display(filename), trace.tb_lineno)
            trace = trace.tb_next
        return found

    def _is_template_file(self, filename: str) -> bool:
        return Path(filename).is_relative_to(self.search_path) and not filename.endswith(".py")


class _Template(Template):
    """A template whose compiled code escapes what it prints by ``markup.escaped``, where
    Jinja's imports markupsafe's ``escape`` (the same values, without ``Markup.__new__``:
    ~120 K instructions an article page)."""

    @classmethod
    def from_code(cls, environment: Environment, code: CodeType,
                  globals: MutableMapping[str, Any],
                  uptodate: Callable[[], bool] | None = None) -> Template:
        template = super().from_code(environment, code, globals, uptodate)
        # The module namespace the code ran in: its functions look the name up there.
        template.root_render_func.__globals__["escape"] = escaped
        return template


def _kept_templates(environment: Environment) -> Callable[..., Template]:
    """``environment.get_template``, each template it gave kept by the names it was asked
    for: what Jinja's cache gives when templates are not reloaded (``auto_reload`` off),
    without its lock and the reordering of its queue. A page asks five times (its
    template, the one it extends, three includes)."""
    get_template = environment.get_template
    kept: dict[tuple[object, object], Template] = {}

    def kept_template(name: str | Template, parent: str | None = None,
                      globals: MutableMapping[str, Any] | None = None) -> Template:
        if globals is not None:  # Jinja updates the template's globals with them
            return get_template(name, parent, globals)
        template = kept.get((name, parent))
        if template is None:  # a template not found is looked for again
            template = kept[name, parent] = get_template(name, parent)
        return template

    return kept_template


class _JsonStrings(dict[str, str]):
    """Each text's JSON string literal as ``|tojson`` writes it: ASCII, and ``<``, ``>``,
    ``&`` and ``'`` as Unicode escapes. Those four are in no other part of JSON, so escaping
    each literal escapes the whole document as Jinja's replaces after ``dumps`` do. Kept by
    text: a page's JSON-LD repeats its site's names, types and FAQ answers. An entry is
    made on a miss (``__missing__``); a full table is emptied."""

    def __missing__(self, text: str) -> str:
        if len(self) >= _JSON_STRINGS:
            self.clear()
        literal = self[text] = (encode_basestring_ascii(text).replace("<", "\\u003c")
                                .replace(">", "\\u003e").replace("&", "\\u0026")
                                .replace("'", "\\u0027"))
        return literal


_JSON_STRINGS = 2048  # texts kept: about five pages' worth of new ones, and what repeats
# The C encoder json.dumps(value, sort_keys=True) makes for each call (its options are
# Jinja's policies), made once, writing strings from the table above; without the markers
# that find a circular value (a value that holds itself recurses until RecursionError).
# json.encoder's C part is private: where an interpreter lacks it (None), Jinja's filter.
_HTML_SAFE_JSON = None if c_make_encoder is None else c_make_encoder(
    None, json.JSONEncoder().default, _JsonStrings().__getitem__, None, ": ", ", ", True,
    False, True)


@pass_eval_context
def _tojson(eval_ctx: EvalContext, value: Any, indent: int | None = None) -> Markup:
    """Jinja's ``|tojson`` (``do_tojson``) as its policies make it, without its four
    replaces over the text ``dumps`` wrote, and by an encoder made once: a page's three
    JSON-LD blocks cost ~357 K instructions that way, ~120 K this way. With an indent,
    for a value that holds itself (Jinja's error), and without json's C encoder, Jinja's
    own."""
    if indent is None and _HTML_SAFE_JSON is not None:
        try:
            return markup("".join(_HTML_SAFE_JSON(value, 0)))
        except RecursionError:
            pass
    return do_tojson(eval_ctx, value, indent)


def _plain_globals(environment: Environment, own: MutableMapping[str, Any] | None
                   ) -> MutableMapping[str, Any]:
    """``environment.make_globals``: a template's globals as one dict, the environment's
    with the template's ``own`` over them, where Jinja makes a ``ChainMap`` of the two.
    Every context Jinja makes copies its template's globals (a page makes five: its
    template, three includes and the body's tags), and a ``ChainMap`` is copied by its
    Python methods, a call for each of its ~8 names: 2.81 -> 2.67 M instructions a page.
    The same names and values, as long as the environment's globals do not change once a
    template is loaded (Jinja's documentation asks as much)."""
    return {**environment.globals, **own} if own else dict(environment.globals)


def _joined(texts: Sequence[str], values: Iterable[str]) -> str:
    """A split body's texts with its tags' values between them."""
    parts = [texts[0]]
    for value, text in zip(values, texts[1:], strict=True):
        parts.append(value)
        parts.append(text)
    return "".join(parts)


def _has_jinja_syntax(environment: Environment, source: str) -> bool:
    # "{{" first: a body's tags are nearly all {{ }}, so the first is found early, where
    # the search for "{%" read a whole body that holds none (~40 K instructions).
    starts = (environment.variable_start_string, environment.block_start_string,
              environment.comment_start_string, environment.line_statement_prefix,
              environment.line_comment_prefix)
    return any(start and start in source for start in starts)


def _rendered_as_text(environment: Environment, source: str) -> str:
    """What Jinja renders from ``source`` holding no Jinja syntax: the text, its line ends
    made ``newline_sequence`` and, unless ``keep_trailing_newline``, the last one dropped."""
    return environment.newline_sequence.join(jinja_lines(environment, source))


def _raised_by_jinja(trace: TracebackType | None) -> bool:
    """True when Jinja's own code raised: joining a block's output that a template made
    something other than text ({% filter length %}) fails there, outside the template."""
    if trace is None:
        return False
    while trace.tb_next is not None:
        trace = trace.tb_next
    return str(trace.tb_frame.f_globals.get("__name__", "")).startswith("jinja2.")
