import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jinja2 import Environment, TemplateNotFound
from markupsafe import Markup

from copydesk.config import Config
from copydesk.content.models import Role, Source, Statistic
from copydesk.errors import Location, RenderError
from copydesk.render import environment as environment_module
from copydesk.render import expressions
from copydesk.render.environment import Renderer, _has_jinja_syntax
from copydesk.render.expressions import jinja_lines
from copydesk.render.helpers import LEDGER_VARIABLE
from copydesk.render.ledger import PageLedger

ARTICLE = Location("content/articles/post.md", 10)
STATS = {
    "rag-share": Statistic("rag-share", Decimal(65), "%", "RAG", Location("s.yaml", 1),
                           source=Source("Survey", url="https://survey.example")),
    "growth": Statistic("growth", Decimal(3), "x", "growth", Location("s.yaml", 5)),
}


@pytest.fixture
def renderer(tmp_path: Path) -> Renderer:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ stat('rag-share') }} {{ stat('growth') }}</p>")
    (templates / "undefined.html").write_text("<p>ok</p>\n\n<p>{{ missing_name }}</p>\n")
    (templates / "syntax.html").write_text("<p>\n{% if %}\n</p>\n")
    (templates / "includes.html").write_text("<p>\n{% include 'partials/nope.html' %}\n")
    (templates / "role.html").write_text("{{ render_body(role) }}")
    return Renderer(Config(root=tmp_path, source=None), STATS)


def fail(action: object) -> RenderError:
    assert callable(action)
    with pytest.raises(RenderError) as caught:
        action()
    return caught.value


def test_stat_in_html_links_its_citation_and_escapes(renderer: Renderer) -> None:
    ledger = PageLedger("/p/")
    html = renderer.template("page.html", {"ledger": ledger}, ARTICLE)
    assert html == '<p>65%<sup><a href="#source-1" class="cite">[1]</a></sup> 3x</p>'
    assert [claim.statistic for claim in ledger.claims] == ["rag-share", "growth"]


def test_stat_in_markdown_emits_a_markdown_link(renderer: Renderer) -> None:
    text = renderer.string("{{ stat('rag-share') }}", {"ledger": PageLedger("/p/")}, ARTICLE)
    assert text == "65%[\\[1\\]](#source-1)"


def test_unknown_statistic_names_id_article_line_and_suggestion(renderer: Renderer) -> None:
    error = fail(lambda: renderer.string("Intro\n\nSee {{ stat('rag-shar') }}.",
                                         {"ledger": PageLedger("/p/")}, ARTICLE))
    assert str(error) == "content/articles/post.md:12: unknown statistic 'rag-shar'"
    assert error.hint == "did you mean 'rag-share'?"


def test_undefined_variable_is_named_with_template_file_and_line(renderer: Renderer) -> None:
    error = fail(lambda: renderer.template("undefined.html", {}, ARTICLE))
    assert error.location == Location("templates/undefined.html", 3)
    assert "'missing_name' is undefined" in error.message


def test_undefined_variable_in_article_body_points_at_the_article(renderer: Renderer) -> None:
    error = fail(lambda: renderer.string("a\n{{ article.nope }}", {"article": {}}, ARTICLE))
    assert str(error) == "content/articles/post.md:11: undefined value: 'dict' has no " \
        "attribute 'nope'"


def test_syntax_errors_point_at_their_line(renderer: Renderer) -> None:
    error = fail(lambda: renderer.template("syntax.html", {}, ARTICLE))
    assert error.location == Location("templates/syntax.html", 2)
    assert error.message.startswith("template syntax error")
    error = fail(lambda: renderer.string("a\nb\n{% for %}", {}, ARTICLE))
    assert str(error).startswith("content/articles/post.md:12: template syntax error")


def test_missing_template_is_named_with_where_it_was_looked_for(renderer: Renderer) -> None:
    error = fail(lambda: renderer.template("nothere.html", {}, ARTICLE))
    assert str(error) == "content/articles/post.md:10: template 'nothere.html' not found"
    assert error.hint.startswith("looked in templates/;")
    error = fail(lambda: renderer.template("includes.html", {}, ARTICLE))
    assert str(error) == "templates/includes.html:2: template 'partials/nope.html' not found"


def test_errors_in_a_record_body_point_at_the_record(renderer: Renderer) -> None:
    role = Role("r", "R", "summary", Location("content/data/roles.yaml", 7),
                body="{{ stat('nope') }}")
    error = fail(lambda: renderer.template("role.html", {"role": role,
                                                          "ledger": PageLedger("/p/")}, ARTICLE))
    assert str(error) == "content/data/roles.yaml:7: unknown statistic 'nope'"


def test_record_body_sees_the_record_and_renders_as_html(renderer: Renderer) -> None:
    role = Role("r", "R", "summary", Location("roles.yaml", 7), body="**{{ role.title }}**")
    html = renderer.template("role.html", {"role": replace(role), "ledger": None}, ARTICLE)
    assert html == "<p><strong>R</strong></p>\n"



def test_undefined_attribute_names_the_record_type_not_its_module(renderer: Renderer) -> None:
    role = Role("r", "R", "summary", Location("roles.yaml", 7))
    error = fail(lambda: renderer.string("{{ role.questions }}", {"role": role}, ARTICLE))
    assert error.message == "undefined value: 'Role' has no attribute 'questions'"


# Text pieces that never join into Jinja syntax ("{{", "{%", "{#"): "{" only before a space.
PLAIN_PIECES = st.sampled_from([
    "word", " ", "\n", "\r\n", "\r", "\n\n", "}}", "%}", "#}", "{ ", "}", "%", "#", "-", "+",
    "\t", "é", "**bold**", "[link](#x)", "<b>", "&amp;", "\\", "'", '"', "##", "## "])


@settings(max_examples=300, deadline=None)
@given(body=st.lists(PLAIN_PIECES, max_size=30).map("".join),
       ending=st.sampled_from(["", "\n", "\n\n", "\r\n", " "]))
@example(body="", ending="")
@example(body="Text", ending="\n")
def test_a_body_without_jinja_syntax_renders_as_jinja_renders_it(
        tmp_path_factory: pytest.TempPathFactory, body: str, ending: str) -> None:
    renderer = Renderer(Config(root=tmp_path_factory.mktemp("p"), source=None), STATS)
    source = body + ending
    expected = renderer.body_environment.from_string(source).render()
    assert renderer.string(source, {}, ARTICLE).encode() == expected.encode()


def test_a_body_without_jinja_syntax_is_not_compiled(
        renderer: Renderer, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled")

    monkeypatch.setattr(renderer.body_environment, "compile", refuse)
    assert renderer.string("Plain } text\r\nand more\n", {}, ARTICLE) == "Plain } text\nand more\n"
    with pytest.raises(AssertionError, match="compiled"):
        renderer.string("{{ 1 }}", {}, ARTICLE)


def test_a_body_is_compiled_once_and_rendered_with_each_page_s_variables(
        renderer: Renderer, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []  # the sources handed to Jinja's parser
    environment = renderer.body_environment
    for method in ("parse", "compile"):
        original = getattr(environment, method)

        def counting(source: Any, *args: Any, original: Any = original, **kwargs: Any) -> Any:
            if isinstance(source, str):
                read.append(source)
            return original(source, *args, **kwargs)

        monkeypatch.setattr(environment, method, counting)
    body = "Hello {{ name }}\n"
    assert [renderer.string(body, {"name": name}, ARTICLE) for name in ("a", "b")] == [
        "Hello a\n", "Hello b\n"]
    other_file = Location("content/articles/other.md", 3)
    error = fail(lambda: renderer.string(body, {}, other_file))
    assert str(error).startswith("content/articles/other.md:3: undefined value")
    # the tags once for every file; the text around a tag is not compiled; a file's own
    # tags only to locate an error
    assert read == ["{{ name }}", "{{ name }}"]


def test_bodies_calling_the_same_functions_share_one_compiled_template(
        renderer: Renderer, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    original = renderer.body_environment.parse

    def counting(source: Any, *args: Any, **kwargs: Any) -> Any:
        read.append(source)
        return original(source, *args, **kwargs)

    monkeypatch.setattr(renderer.body_environment, "parse", counting)
    ledger = PageLedger("/p/")
    texts = [renderer.string(body, {LEDGER_VARIABLE: ledger}, Location(f"{number}.md", 1))
             for number, body in enumerate(["A {{ stat('growth') }}.\n\nB {{ stat('growth') }}",
                                            "C {{stat( \"rag-share\" )}}\nD {{ stat('growth') }}"])]
    assert texts == ["A 3x.\n\nB 3x", "C 65%[\\[1\\]](#source-1)\nD 3x"]
    assert [claim.statistic for claim in ledger.claims] == [
        "growth", "growth", "rag-share", "growth"]
    assert read == ["{{ stat(copydesk_tag_argument_0) }}{{ stat(copydesk_tag_argument_1) }}"]


def test_a_record_body_does_not_see_the_variables_of_the_shared_template(
        renderer: Renderer) -> None:
    role = Role("r", "R", "summary", Location("content/data/roles.yaml", 7),
                body="{{ copydesk_tag_argument_0 }}")
    error = fail(lambda: renderer.string("{{ stat('growth') }} {{ render_body(role) }}",
                                         {"role": role, LEDGER_VARIABLE: PageLedger("/p/")},
                                         ARTICLE))
    assert str(error) == ("content/data/roles.yaml:7: undefined value: "
                          "'copydesk_tag_argument_0' is undefined")


# Bodies with {{ }} tags among text, and the syntax that keeps a body whole.
TAG_PIECES = st.sampled_from([
    "word", " ", "\n", "\r\n", "\r", "}", "{", "'", '"', "é", "-", "%", "#",
    "{{ name }}", "{{name}}", "{{ stat('growth') }}", "{{ stat('nope') }}", "{{ missing }}",
    "{{ name\n|upper }}", "{{ '}}' }}", "{{ '{' }}", "{{ (name }}", "{{ name) }}", "{{ }}",
    "{{- name }}", "{{ name -}}", "{{+ name }}", "{% if name %}", "{% endif %}", "{# c #}",
    "{#", "#}", "{{", "}}", "{%", "%}", "{{ 1 + 1 }}", "{{ name ~ '\n' }}", "{{ [1, 2][0] }}",
    "{{ name(", "{{ ", " }}", "{{ role.questions }}", "{{ 'a }}", "{{ b' }}", "{{ '' }}",
    "{{ stat(\"rag-share\") }}", "{{stat('growth','x')}}", "{{ stat('a\\'b') }}",
    "{{ not('') }}", "{{ name('a') }}", "{{ missing('a') }}", "{{ stat('nope') }}",
    "{{ copydesk_tag_argument_0 }}", "{{ range('a') }}", "{{ stat ('growth') }}"])


def _outcome(renderer: Renderer, body: str) -> tuple[str, str, list[Any]]:
    """What rendering ``body`` printed or raised, and the claims its page recorded."""
    ledger = PageLedger("/p/")
    context = {"name": "Ada", "role": Role("r", "R", "summary", Location("roles.yaml", 7)),
               LEDGER_VARIABLE: ledger}
    try:
        return "text", renderer.string(body, context, ARTICLE), ledger.claims
    except RenderError as error:
        return "error", str(error), ledger.claims


@settings(max_examples=400, deadline=None)
@given(body=st.lists(TAG_PIECES, max_size=16).map("".join),
       keep_trailing_newline=st.booleans())
@example(body="a {{ name }} b\n{{ stat('growth') }}\n\n{{ missing }}",
         keep_trailing_newline=True)
@example(body="{{{ name }}}", keep_trailing_newline=True)
@example(body="{{ name ~ 'a }} and {{ b' }} {{ name }}", keep_trailing_newline=True)
@example(body="{{ 1 + 1 }}{{ name }}\n{{ '' }}", keep_trailing_newline=False)
@example(body="{{ stat('rag-share') }}\n{{ stat('growth') }} {{ stat('nope') }}",
         keep_trailing_newline=True)
@example(body="{{ stat('growth') }}{{ copydesk_tag_argument_0 }}", keep_trailing_newline=True)
def test_a_body_split_at_its_tags_renders_and_fails_as_the_whole_body(
        tmp_path_factory: pytest.TempPathFactory, body: str,
        keep_trailing_newline: bool) -> None:
    split, whole = (Renderer(Config(root=tmp_path_factory.mktemp("p"), source=None), STATS)
                    for _ in range(2))
    for renderer in (split, whole):
        renderer.body_environment.keep_trailing_newline = keep_trailing_newline
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr("copydesk.render.environment.split_body", lambda *args: None)
        expected = _outcome(whole, body)
    assert _outcome(split, body) == expected


@settings(max_examples=300, deadline=None)
@given(source=st.lists(st.sampled_from(["a", "é ", "\n", "\r", "\r\n", "\n\n"]),
                       max_size=12).map("".join),
       keep_trailing_newline=st.booleans())
def test_a_source_s_lines_are_those_jinja_splits_it_into(source: str,
                                                         keep_trailing_newline: bool) -> None:
    # jinja_lines takes str.split where the text holds no "\r": the same lines.
    environment = Renderer(Config(root=Path("/p"), source=None), STATS).body_environment
    environment.keep_trailing_newline = keep_trailing_newline
    lines = re.split(r"\r\n|\r|\n", source)
    if not keep_trailing_newline and lines[-1] == "":
        del lines[-1]
    assert jinja_lines(environment, source) == lines
    if keep_trailing_newline and "\r" not in source:  # split_body reads such a source as is
        assert "\n".join(jinja_lines(environment, source)) == source


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(alphabet=st.sampled_from(["a", "é", "<", ">", "&", "'", '"', "\\", "\n", "\u2028",
                                         "\x00", "😀"])),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=4),
    max_leaves=12)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_JSON, indent=st.sampled_from([None, 2]), kept=st.sampled_from([1, 3, 2048]))
def test_tojson_writes_what_jinjas_own_json_dumps_writes(
        renderer: Renderer, monkeypatch: pytest.MonkeyPatch, value: object,
        indent: int | None, kept: int) -> None:
    """``|tojson`` with the encoder made once, each string's literal kept by its text
    (a table of ``kept`` texts: emptied when full), and with an indent by json.dumps, writes
    what it writes in an environment whose policies are Jinja's own, twice (the second
    time from the table), and for the value's texts as Markup."""
    monkeypatch.setattr(environment_module, "_JSON_STRINGS", kept)
    source = "{{ value|tojson }}" if indent is None else "{{ value|tojson(indent=2) }}"
    default = Environment(autoescape=True)
    expected = default.from_string(source).render(value=value)
    template = renderer.environment.from_string(source)
    assert template.render(value=value) == expected
    assert template.render(value=value) == expected
    assert template.render(value=_as_markup(value)) == expected


def _as_markup(value: object) -> object:
    if isinstance(value, str):
        return Markup(value)
    if isinstance(value, list):
        return [_as_markup(item) for item in value]
    if isinstance(value, dict):
        return {Markup(key): _as_markup(item) for key, item in value.items()}
    return value


def test_tojson_fails_as_jinjas_own_for_a_value_that_holds_itself_or_no_json(
        renderer: Renderer) -> None:
    """A value that holds itself, or one JSON has no form for, fails as in an environment
    whose policies are Jinja's own (the encoder made once looks for no circle)."""
    circle: list[object] = [1]
    circle.append({"a": circle})
    default = Environment(autoescape=True).from_string("{{ value|tojson }}")
    template = renderer.environment.from_string("{{ value|tojson }}")
    for value in (circle, {"a": [object()]}, {1: 2, "b": 3}):
        with pytest.raises(Exception) as expected:
            default.render(value=value)
        with pytest.raises(type(expected.value), match=re.escape(str(expected.value))):
            template.render(value=value)
    assert template.render(value={"a": ["x"]}) == '{"a": ["x"]}'


def test_tojson_without_jsons_c_encoder_is_jinjas_own(
        renderer: Renderer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the interpreter's json has no C encoder (its private ``c_make_encoder`` is
    None), ``|tojson`` is Jinja's filter: the same text, escapes and all."""
    monkeypatch.setattr(environment_module, "_HTML_SAFE_JSON", None)
    value = {"b": ["<a href='x'>&</a>", 1.5, None], "a": "caf\u00e9"}
    source = "{{ value|tojson }}"
    expected = Environment(autoescape=True).from_string(source).render(value=value)
    assert renderer.environment.from_string(source).render(value=value) == expected
    assert "\\u003ca href=\\u0027x\\u0027\\u003e\\u0026" in expected


def test_a_builds_renderer_gives_each_template_as_jinjas_cache_gives_it(
        tmp_path: Path) -> None:
    """The renderer of a build keeps each template it loaded (none is reloaded): the same
    one each time, by name and by the template asking; one not found is looked for again;
    globals given still reach the template."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ x }}</p>")
    environment = Renderer(Config(root=tmp_path, source=None), STATS,
                           keep_compiled=True).environment
    page = environment.get_template("page.html")
    assert environment.get_template("page.html") is page
    assert environment.get_template("page.html", "other.html") is page
    assert page.render(x=1) == "<p>1</p>"
    for _ in range(2):
        with pytest.raises(TemplateNotFound):
            environment.get_template("later.html")
    (templates / "later.html").write_text("later")
    assert environment.get_template("later.html").render() == "later"
    assert environment.get_template("page.html", globals={"y": 2}).globals["y"] == 2


@pytest.mark.parametrize("sandbox", [False, True])
@pytest.mark.parametrize("keep_compiled", [False, True])
def test_a_template_s_globals_are_those_jinja_gives_it(
        tmp_path: Path, sandbox: bool, keep_compiled: bool) -> None:
    """Each template's globals are one dict (``_plain_globals``), not Jinja's ChainMap
    over the environment's: the same names and values, in the template, its includes,
    the body's tags and a record's body; globals given with a template reach it alone."""
    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    names = "{{ [range, dict, lipsum, cycler, joiner, namespace, stat, render_body]|length }}"
    (templates / "page.html").write_text(
        f"{names} {{{{ y is defined }}}} {{% include 'partials/in.html' %}}"
        " {{ render_body(role) }}")
    (templates / "partials" / "in.html").write_text(f"{names} {{{{ stat('growth') }}}}")
    config = Config(root=tmp_path, source=None)
    renderer = Renderer(replace(config, site=replace(config.site, sandbox=sandbox)), STATS,
                        keep_compiled=keep_compiled)
    role = Role("r", "R", "summary", Location("roles.yaml", 7),
                body="{{ range(2)|list }} {{ stat('growth') }} {{ y is defined }}")
    for environment in {id(e): e for e in (renderer.environment,
                                           renderer.body_environment)}.values():
        template = environment.get_template("page.html")
        assert dict(template.globals) == dict(Environment.make_globals(environment, None))
        assert environment.from_string("").globals == dict(environment.globals)
        assert environment.from_string("{{ stat }}", {"stat": "own"}).render() == "own"
        context = template.new_context({"x": 1})
        assert context.globals_keys == set(environment.globals)
        assert dict(context.parent) == {**environment.globals, "x": 1}
    variables = {"role": role, LEDGER_VARIABLE: PageLedger("/p/")}
    assert renderer.template("page.html", variables, ARTICLE) == (
        "8 False 8 3x <p>[0, 1] 3x False</p>\n")
    page = renderer.environment.get_template("page.html", globals={"y": 2})
    assert page.globals["y"] == 2 and "y" not in renderer.environment.globals
    assert page.render(variables).startswith("8 True 8 3x")
    assert "y" not in renderer.environment.get_template("partials/in.html").globals
    assert renderer.string("{{ stat('growth') }} {{ range(1)|list }}", variables,
                           ARTICLE) == "3x [0]"


def _split_first_form(environment: Environment, source: str
                      ) -> tuple[tuple[str, ...], str, str | None, dict[str, str]] | None:
    """split_body as first written (the tags by the pattern's search, each text looked
    through for each marker, the tags' template made at once), for the test below."""
    if environment.line_statement_prefix or environment.line_comment_prefix:
        return None
    text = "\n".join(jinja_lines(environment, source))
    texts: list[str] = []
    tags: list[str] = []
    shape: list[str] = []
    arguments: dict[str, str] = {}
    start = 0
    for match in expressions._TAG_RE.finditer(text):
        before = text[start:match.start()]
        if before.endswith("{"):
            return None
        texts.append(before)
        lines = before.count("\n")
        tag = match.group()
        tags.append(f"{{#{chr(10) * lines}#}}{tag}" if lines else tag)
        shape.append(expressions._shaped(tag, arguments))
        start = match.end()
    texts.append(text[start:])
    if any(marker in piece for piece in texts for marker in ("{{", "}}", "{%", "{#")):
        return None
    newline = environment.newline_sequence
    return (tuple(piece.replace("\n", newline) for piece in texts), "".join(tags),
            None if expressions.ARGUMENT in source else "".join(shape), arguments)


@settings(max_examples=1000, deadline=None)
@given(body=st.lists(TAG_PIECES, max_size=16).map("".join),
       keep_trailing_newline=st.booleans(), newline=st.sampled_from(["\n", "\r\n", "\r"]))
@example(body="{{{ name }}}", keep_trailing_newline=True, newline="\n")
@example(body="{{{{ name }}", keep_trailing_newline=True, newline="\n")
@example(body="{{- a }}{{ b }}\n{{ c }}}", keep_trailing_newline=True, newline="\r")
@example(body="a\n{{ b }} { c\n}\n{{ d }}", keep_trailing_newline=False, newline="\r\n")
def test_a_body_is_split_as_the_first_form_split_it(body: str, keep_trailing_newline: bool,
                                                     newline: str) -> None:
    environment = Environment(keep_trailing_newline=keep_trailing_newline,
                              newline_sequence=newline)  # type: ignore[arg-type]
    split = expressions.split_body(environment, body)
    assert (None if split is None else (split.texts, split.tags, split.shape, split.arguments)
            ) == _split_first_form(environment, body)


@settings(max_examples=300, deadline=None)
@given(source=st.lists(st.sampled_from(["a", "{", "}", "%", "#", "{{", "{%", "{#", "##", "\n"]),
                       max_size=12).map("".join),
       prefixes=st.sampled_from([(None, None), ("#", "##"), ("%%", None)]))
def test_a_source_has_jinja_syntax_where_it_holds_a_start_of_it(
        source: str, prefixes: tuple[str | None, str | None]) -> None:
    # _has_jinja_syntax looks for "{{" first: the same answer, whatever the order.
    environment = Environment(line_statement_prefix=prefixes[0],
                              line_comment_prefix=prefixes[1])
    starts = ("{%", "{{", "{#", *(prefix for prefix in prefixes if prefix))
    assert _has_jinja_syntax(environment, source) == any(start in source for start in starts)
