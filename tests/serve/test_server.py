"""The preview server over HTTP: served pages, files, redirects, events, the error page."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.serve import server as server_module
from copydesk.serve.server import Preview, ServeError
from copydesk.site.init import init_project

ARTICLE = "most-in-demand-machine-learning-roles-2026/"


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    root = tmp_path_factory.mktemp("server") / "project"
    init_project(root)
    preview = Preview(root, port=0)
    preview.start()
    yield preview
    preview.close()


def _get(preview: Preview, path: str) -> tuple[int, dict[str, str], bytes]:
    """The status, headers and body of ``path``, sent exactly as written (no normalising)."""
    connection = http.client.HTTPConnection("127.0.0.1", preview.server.server_address[1],
                                            timeout=20)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_a_page_is_served_with_the_overlay_and_the_reload_script(running: Preview) -> None:
    status, headers, body = _get(running, f"/{ARTICLE}")
    on_disk = (running.snapshot.folder / ARTICLE / "index.html").read_text(encoding="utf-8")
    html = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert html.startswith(on_disk[:on_disk.rindex("</body>")])
    assert f'data-build="{running.counter.number}"' in html
    assert 'id="copydesk-preview-data"' in html and "/__copydesk/overlay.js" in html
    assert "CD603" in html  # the page's own findings travel with it
    assert "__copydesk" not in on_disk


def test_other_files_are_served_as_they_are(running: Preview) -> None:
    status, headers, body = _get(running, "/sitemap.xml")
    assert status == 200 and headers["Content-Type"].startswith(("application/xml", "text/xml"))
    assert body == (running.snapshot.folder / "sitemap.xml").read_bytes()


def test_a_folder_without_its_slash_is_redirected(running: Preview) -> None:
    status, headers, _ = _get(running, "/roles/llm-engineer")
    assert status == 301 and headers["Location"] == "/roles/llm-engineer/"
    (running.snapshot.folder / "caf\u00e9 menu").mkdir()
    status, headers, _ = _get(running, "/caf%C3%A9%20menu")
    assert status == 301 and headers["Location"] == "/caf%C3%A9%20menu/"


def test_a_missing_page_gets_the_site_404_page(running: Preview) -> None:
    status, _, body = _get(running, "/no-such-page/")
    assert status == 404
    assert b"Page not found" in body and b"/__copydesk/reload.js" in body


def test_nothing_outside_the_preview_folder_is_served(running: Preview) -> None:
    # The project's copydesk.toml is three levels above .copydesk/preview/site.
    for path in ("/../../../copydesk.toml", "/%2e%2e/%2e%2e/%2e%2e/copydesk.toml",
                 "/..%2f..%2f..%2fcopydesk.toml"):
        status, _, body = _get(running, path)
        assert status == 404, path
        assert b"[site]" not in body


def test_the_overlay_assets_are_served(running: Preview) -> None:
    for name, kind in (("overlay.js", "javascript"), ("overlay.css", "text/css"),
                       ("reload.js", "javascript")):
        status, headers, body = _get(running, f"/__copydesk/{name}")
        assert status == 200 and kind in headers["Content-Type"] and body
    assert _get(running, "/__copydesk/secret.py")[0] == 404


def test_a_tab_behind_the_latest_build_is_told_at_once(running: Preview) -> None:
    status, headers, body = _get(running, f"/__copydesk/events?build={running.counter.number - 1}")
    assert status == 200 and headers["Content-Type"] == "text/event-stream"
    assert body.endswith(f"data: {running.counter.number}\n\n".encode())


def test_a_failed_build_shows_the_error_page_until_the_file_is_fixed(tmp_path: Path) -> None:
    root = tmp_path / "project"
    init_project(root)
    roles = root / "content/data/roles.yaml"
    good = roles.read_text()
    roles.write_text(good.replace("  title:", "\ttitle:", 1))
    preview = Preview(root, port=0)
    preview.start()
    try:
        status, headers, body = _get(preview, f"/{ARTICLE}")
        assert status == 500 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert b"content/data/roles.yaml:6" in body and b"invalid YAML" in body
        assert _get(preview, "/sitemap.xml")[0] == 404  # no good build yet
        roles.write_text(good)  # the watcher rebuilds
        assert preview.counter.wait_past(1, timeout=20) == 2
        status, _, body = _get(preview, f"/{ARTICLE}")
        assert status == 200 and b"copydesk-build-error" not in body
    finally:
        preview.close()


def test_a_taken_port_is_a_user_error(running: Preview, tmp_path: Path) -> None:
    port = running.server.server_address[1]
    with pytest.raises(ServeError) as raised:
        Preview(tmp_path, port=port)
    assert "--port" in raised.value.hint
    result = CliRunner().invoke(main, ["serve", "-C", str(tmp_path), "--port", str(port),
                                       "--no-open"])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def test_closing_the_preview_stops_serving(tmp_path: Path) -> None:
    root = tmp_path / "project"
    init_project(root)
    preview = Preview(root, port=0)
    preview.start()
    url = preview.url
    preview.close()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=5)


def test_a_bug_while_answering_is_one_line_not_a_traceback(
        running: Preview, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: object) -> object:
        raise ValueError("overlay exploded")

    monkeypatch.setattr(server_module, "overlay_payload", broken)
    with pytest.raises(http.client.HTTPException):
        _get(running, f"/{ARTICLE}")
    monkeypatch.undo()
    assert _get(running, f"/{ARTICLE}")[0] == 200  # the server carries on
    error = capsys.readouterr().err
    assert error == "internal error answering a request: ValueError: overlay exploded\n"
