"""Hypothesis strategies for hostile input: YAML text, Jinja templates, Markdown and HTML.

Each is built from a small grammar of the constructs that break parsers (unclosed tags,
anchors and aliases, Python tags, stray delimiters), mixed with random text.
"""

from __future__ import annotations

from hypothesis import strategies as st

NAMES = ["title", "n", "items", "text", "page", "none", "role", "roles", "stat", "loop",
         "self", "range", "undefined_name", "x"]
FILTERS = ["money", "percent", "number", "markdown", "upper", "length", "default", "join",
           "first", "last", "int", "round", "e", "safe", "striptags", "truncate", "list",
           "sort", "unique", "batch", "dictsort", "tojson", "format", "replace", "indent",
           "attr", "map", "select", "sum", "max", "no_such_filter"]

identifiers = st.sampled_from(NAMES) | st.from_regex(r"[a-z_][a-z0-9_]{0,5}", fullmatch=True)
literals = (st.integers(-10**6, 10**6).map(str) | st.sampled_from(
    ['"USD"', '"x"', "''", "none", "true", "[]", "{}", "(1, 2)", "1.5", '"%s"', '"{}"']))


def _expressions() -> st.SearchStrategy[str]:
    atom = identifiers | literals
    return st.recursive(atom, lambda inner: st.one_of(
        st.tuples(inner, identifiers).map(lambda p: f"{p[0]}.{p[1]}"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]}[{p[1]}]"),
        st.tuples(inner, st.sampled_from(FILTERS)).map(lambda p: f"{p[0]}|{p[1]}"),
        st.tuples(inner, st.sampled_from(FILTERS), inner).map(
            lambda p: f"{p[0]}|{p[1]}({p[2]})"),
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "//", "%", "~", "==", "and",
                                          " in ", "is"]), inner).map(" ".join),
        st.tuples(identifiers, inner).map(lambda p: f"{p[0]}({p[1]})"),
        inner.map(lambda e: f'stat({e})'),
    ), max_leaves=6)


expressions = _expressions()

_TAGS = st.one_of(
    expressions.map(lambda e: f"{{{{ {e} }}}}"),
    expressions.map(lambda e: f"{{% if {e} %}}"),
    st.just("{% else %}"), st.just("{% endif %}"),
    st.tuples(identifiers, expressions).map(lambda p: f"{{% for {p[0]} in {p[1]} %}}"),
    st.just("{% endfor %}"),
    st.tuples(identifiers, expressions).map(lambda p: f"{{% set {p[0]} = {p[1]} %}}"),
    st.sampled_from([
        '{% include "base.html" %}', '{% include "missing.html" %}',
        '{% extends "base.html" %}', '{% import "base.html" as b %}', "{% block body %}",
        "{% endblock %}", "{% macro m(a) %}", "{% endmacro %}", "{{ m(1) }}", "{% raw %}",
        "{% endraw %}", "{# note #}", "{#", "#}", "{{", "}}", "{%", "%}", "{% endfor",
        "{{ x |", "{% no_such_tag %}", "{% filter upper %}", "{% endfilter %}",
        "{{ render_body(role) }}", "{% with a = 1 %}", "{% endwith %}", "{{ ''.__class__ }}",
        "{{ x.__class__.__mro__ }}", "{{ self._TemplateReference__context }}",
        "{{ lipsum() }}", "{{ cycler(1).next() }}", "{% call m(1) %}", "{% endcall %}",
        "{{ range(3)|list }}", "{{ loop.index }}", "{% break %}",
    ]),
)
_TEXT = st.sampled_from(["Hello ", "\n", "# Heading\n", "- item\n", "{", "}", "%", "#",
                         "<b>", "&amp;", "\r\n", "\t", "é", "\x00", "\ufeff"]) | st.text(max_size=8)

_soup = st.lists(_TAGS | _TEXT, max_size=25).map("".join)


def _balanced() -> st.SearchStrategy[str]:
    """Templates whose blocks all close, so they get past the parser to the runtime."""
    leaf = _TEXT | expressions.map(lambda e: f"{{{{ {e} }}}}")
    return st.recursive(leaf, lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=4).map("".join),
        st.tuples(expressions, inner, inner).map(
            lambda p: f"{{% if {p[0]} %}}{p[1]}{{% else %}}{p[2]}{{% endif %}}"),
        st.tuples(identifiers, expressions, inner).map(
            lambda p: f"{{% for {p[0]} in {p[1]} %}}{p[2]}{{% endfor %}}"),
        st.tuples(identifiers, expressions, inner).map(
            lambda p: f"{{% set {p[0]} = {p[1]} %}}{p[2]}"),
        st.tuples(st.sampled_from(FILTERS), inner).map(
            lambda p: f"{{% filter {p[0]} %}}{p[1]}{{% endfilter %}}"),
        inner.map(lambda body: f"{{% macro m(a) %}}{body}{{% endmacro %}}{{{{ m(1) }}}}"),
    ), max_leaves=8)


templates = _balanced() | _soup

_YAML_PIECES = st.sampled_from([
    "- ", "  ", "    ", "\n", ": ", "slug: a\n", "title: T\n", "summary: S\n", "id: x\n",
    "question: Q?\n", "answer: A.\n", "name: N\n", "value: 65\n", "unit: '%'\n", "&a ", "*a",
    "*b", "<<: *a\n", "!!python/object/apply:os.system ['true']", "!!binary aGk=", "!!set ",
    "!!timestamp 2026-01-01", "!!timestamp ", "!!int ", "!!float ", "!!bool ",
    "!custom ", "---\n", "...\n", "%YAML 1.1\n", "? ", "[", "]",
    "{", "}", ",", "|\n", ">-\n", '"', "'", "#c\n", "\t", "\ufeff", "~", "null", "yes", "0x1F",
    "1e400", ".nan", "2026-13-45", "12:30:00", "-\n", "[[[[[[[[", "]]]]]]]]",
    "salary: {min: 1, max: 0}\n", "source: {name: n, url: 'javascript:x'}\n",
    "roles: [nope]\n", "date: 2026-02-30\n",
])
yaml_texts = st.lists(_YAML_PIECES | st.text(max_size=6), max_size=40).map("".join)

_MARKUP_PIECES = st.sampled_from([
    "# ", "## ", "- ", "1. ", "> ", "```\n", "    code\n", "[a](b)", "![i](j)", "[a]: <b>\n",
    "<p>", "</p>", "<script>x</script>", "<!--", "-->", "<![CDATA[", "]]>", "<style>",
    "<div", ">", "&#x110000;", "&#0;", "&nbsp;", "[^1]", "[^1]: n\n", "| a | b |\n",
    "|---|---|\n", "---\n", "+++\n", "title: [\n", "\r", "\r\n", "\n\n", "\x0c", "\u2028",
    "<html><head><title>t</title></head><body>", "</body></html>", "<a href='#x'>",
    '<script type="application/ld+json">{"@type": "FAQPage", "mainEntity": [',
    "</script>", "<meta name='description' content=''>", "<h1>", "</h1>", "<time datetime='x'>",
    "[Insert %]", "65%", "in 2025", "our data shows", "the the", "  ", "<!-- copydesk: ignore",
    " -->", "<!-- copydesk: ignore-file CD9 -->", "{{ x }}", "\ufeff", "\x00", "é",
])
markups = st.lists(_MARKUP_PIECES | st.text(max_size=10), max_size=40).map("".join)
