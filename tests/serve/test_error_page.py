"""The page a failed preview build shows: message, file:line and hint, escaped."""

from __future__ import annotations

from copydesk.errors import ContentError, Location
from copydesk.serve.error_page import BuildFailure, error_page


def test_a_copydesk_error_keeps_its_place_and_hint() -> None:
    error = ContentError("invalid YAML", Location("content/data/roles.yaml", 7), "fix the tab")
    failure = BuildFailure.from_error(error)
    assert failure == BuildFailure("invalid YAML", "content/data/roles.yaml:7", "fix the tab")
    assert str(failure) == "content/data/roles.yaml:7: invalid YAML"


def test_an_unexpected_exception_is_named_as_a_bug() -> None:
    failure = BuildFailure.from_error(KeyError("slug"))
    assert failure.message == "internal error: KeyError: 'slug'"
    assert failure.location == ""
    assert "bug" in failure.hint
    assert str(failure) == failure.message


def test_the_page_shows_everything_escaped_and_reloads() -> None:
    failure = BuildFailure("undefined <b>salary</b>", "templates/<x>.html:3",
                           "add 'salary' & retry")
    page = error_page(failure, 12)
    assert "<code>templates/&lt;x&gt;.html:3</code>" in page
    assert "undefined &lt;b&gt;salary&lt;/b&gt;" in page
    assert "hint: add &#x27;salary&#x27; &amp; retry" in page
    assert "<b>" not in page
    assert 'src="/__copydesk/reload.js" data-build="12"' in page


def test_without_a_place_or_hint_those_lines_are_left_out() -> None:
    page = error_page(BuildFailure("it broke", "", ""), 1)
    assert 'class="where"' not in page and 'class="hint"' not in page
    assert "it broke" in page
