from pathlib import Path

import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment
from markupsafe import Markup

from copydesk.config import Config
from copydesk.render import markup as markup_module
from copydesk.render.environment import Renderer
from copydesk.render.markup import escaped, markup

_TEXT = st.text(alphabet=st.sampled_from(["a", "é", "<", ">", "&", "'", '"', " ", "\n",
                                          "\x00", "😀"]))


class _Html:
    def __html__(self) -> str:
        return "<b>own</b>"


class _Markup(Markup):
    __slots__ = ()


@given(text=_TEXT)
def test_markup_is_markups_own(text: str) -> None:
    made = markup(text)
    assert type(made) is Markup and made == Markup(text)


@given(value=_TEXT.map(str) | _TEXT.map(Markup) | _TEXT.map(_Markup) | st.integers()
       | st.sampled_from([None, 1.5, _Html()]),
       without_c_escape=st.booleans())
def test_escaped_is_markupsafes_escape(value: object, without_c_escape: bool) -> None:
    """The same text and type as ``markupsafe.escape``, for texts, Markup (of its own
    class and a subclass), numbers, None and a value with ``__html__``; where markupsafe
    has no C escape of a text (its private ``_escape_inner``) too."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        if without_c_escape:
            monkeypatch.setattr(markup_module, "_escape_text", None)
        made, expected = escaped(value), markupsafe.escape(value)
    assert type(made) is type(expected) and made == expected


def test_templates_print_with_escaped_what_jinja_prints(tmp_path: Path) -> None:
    """Every template the renderer loads (its file, one it extends, an include, one from a
    string, a build's kept code) prints through ``escaped``: the page Jinja's own prints."""
    templates = tmp_path / "templates"
    templates.mkdir()
    source = ("{% autoescape true %}{% for v in values %}<p title=\"{{ v }}\">{{ v }}</p>"
              "{% endfor %}{{ values[0] ~ values[1] }}{% endautoescape %}")
    (templates / "page.html").write_text(source)
    (templates / "base.html").write_text("<main>{% block main %}{% endblock %}</main>")
    (templates / "outer.html").write_text(
        "{% extends 'base.html' %}{% block main %}{% include 'page.html' %}{% endblock %}")
    values = ["<a href='x'>&\"</a>", Markup("<i>kept</i>"), _Markup("<b>sub</b>"), 3,
              None, _Html()]
    expected = Environment().from_string(source).render(values=values)
    assert "&lt;a href=&#39;x&#39;&gt;&amp;&#34;" in expected and "<b>own</b>" in expected
    for keep_compiled in (False, True, True):  # the second build reads the kept code
        environment = Renderer(Config(root=tmp_path, source=None), {},
                               keep_compiled=keep_compiled).environment
        for template in (environment.get_template("page.html"),
                         environment.get_template("base.html"),
                         environment.get_template("outer.html"),
                         environment.from_string(source)):
            assert template.root_render_func.__globals__["escape"] is escaped
        assert environment.get_template("page.html").render(values=values) == expected
        assert environment.from_string(source).render(values=values) == expected
        assert environment.get_template("outer.html").render(values=values) == (
            f"<main>{expected}</main>")
