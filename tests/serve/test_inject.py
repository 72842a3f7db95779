"""What the preview adds to served HTML, and only there."""

from __future__ import annotations

import json
import re

from copydesk.serve.inject import DATA_ID, inject, reload_script, script_json

PAGE = "<!doctype html><html><body><p>Hello</p></body></html>"


def _data(html: str) -> object:
    match = re.search(rf'<script type="application/json" id="{DATA_ID}">(.*?)</script>', html)
    assert match is not None
    return json.loads(match.group(1))


def test_the_scripts_go_just_before_the_body_ends() -> None:
    html = inject(PAGE, {"findings": []}, 7)
    before, after = html.split("</body>")
    assert before.startswith("<!doctype html><html><body><p>Hello</p>")
    assert before.endswith(f'{reload_script(7)}<script src="/__copydesk/overlay.js"></script>')
    assert 'data-build="7"' in before
    assert after == "</html>"
    assert _data(html) == {"findings": []}


def test_only_the_last_body_end_counts_and_case_does_not_matter() -> None:
    page = "<html><BODY><pre>&lt;/body&gt; </body > in text</pre></BODY></html>"
    html = inject(page, {}, 1)
    assert html.index("overlay.js") > html.index("in text")
    assert html.endswith("</script></BODY></html>")


def test_a_page_without_a_body_end_gets_the_scripts_appended() -> None:
    html = inject("<p>fragment</p>", {}, 3)
    assert html.startswith("<p>fragment</p><script")
    assert html.endswith('<script src="/__copydesk/overlay.js"></script>')


def test_data_cannot_close_its_script_element() -> None:
    hostile = {"message": "</script><script>alert(1)</script> & <!--"}
    text = script_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == hostile
    assert _data(inject(PAGE, hostile, 1)) == hostile
