"""The preview's HTTP server on 127.0.0.1: the built files, the overlay, the event stream."""

from __future__ import annotations

import mimetypes
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from copydesk.errors import CopydeskError, Location
from copydesk.paths import is_inside
from copydesk.serve.error_page import error_page
from copydesk.serve.events import EVENTS_PATH, BuildCounter, stream
from copydesk.serve.findings import overlay_payload
from copydesk.serve.inject import ASSETS_PATH, inject
from copydesk.serve.preview import Previewer, Snapshot
from copydesk.serve.watch import Rebuilder, watched

HOST = "127.0.0.1"
_ASSETS = ("reload.js", "overlay.js", "overlay.css")


class ServeError(CopydeskError):
    """The preview server cannot start (the port is taken, for instance)."""


class Preview:
    """A running preview: the first build done, the server answering, the watchers on."""

    def __init__(self, root: Path, port: int = 8000,
                 on_build: Callable[[Snapshot], None] | None = None) -> None:
        self.counter = BuildCounter()
        self._previewer = Previewer(root)
        self._on_build = on_build
        self._building = threading.Lock()
        self.snapshot = Snapshot(0, self._previewer.folder)
        try:
            self.server = _Server((HOST, port), self)
        except OSError as error:
            raise ServeError(f"cannot listen on {HOST}:{port}: {error.strerror or error}",
                             Location(str(self._previewer.root)),
                             "choose another port with --port N (0 picks a free one)") from None
        self._rebuilder = Rebuilder(self.rebuild)
        self._thread: threading.Thread | None = None
        self.rebuild()

    @property
    def root(self) -> Path:
        return self._previewer.root

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}/"

    def rebuild(self) -> None:
        """Build again and make every open tab reload; one build at a time."""
        with self._building:
            # The snapshot goes first: a tab that loads it before the counter moves holds a
            # number ahead of the stream's, and the reload script reloads only when behind.
            self.snapshot = self._previewer.build(self.counter.number + 1)
            self.counter.advance()
            if (paths := watched(self._previewer.config)) != self._rebuilder.watching:
                self._rebuilder.watch(*paths)  # the first build, or a config that moved them
        if self._on_build is not None:
            self._on_build(self.snapshot)

    def start(self) -> None:
        """Serve from a background thread (tests); the CLI calls ``serve_forever`` itself."""
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._rebuilder.stop()
        self.counter.close()  # ends the open event streams
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join()
        self.server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        self.preview = preview
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """One line on the terminal instead of socketserver's traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):  # a tab closed mid-answer is no news
            print(f"internal error answering a request: {type(error).__name__}: {error}",
                  file=sys.stderr)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows builds, not every request

    def do_GET(self) -> None:
        preview = self.server.preview
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path == EVENTS_PATH:
            self._events(preview.counter, url.query)
        elif path.startswith(ASSETS_PATH) and path.removeprefix(ASSETS_PATH) in _ASSETS:
            name = path.removeprefix(ASSETS_PATH)
            self._send(HTTPStatus.OK, _asset(name), _content_type(name))
        else:
            self._site(preview, path)

    def _site(self, preview: Preview, path: str) -> None:
        snapshot = preview.snapshot
        number = snapshot.number
        if snapshot.failure is not None and _is_html(path):
            page = error_page(snapshot.failure, number)
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, page.encode(), _content_type("error.html"))
            return
        folder = snapshot.folder
        target = folder / path.lstrip("/")
        if not path.endswith("/") and target.is_dir() and is_inside(target, folder):
            self._redirect(path + "/")
            return
        if path.endswith("/"):
            target = target / "index.html"
        status = HTTPStatus.OK
        if not target.is_file() or not is_inside(target, folder):
            status, target = HTTPStatus.NOT_FOUND, folder / "404.html"
            if not target.is_file():
                self._send(status, b"not found", "text/plain")
                return
        try:
            body = target.read_bytes()
        except OSError:  # the file went away between the look and the read: a build swapped
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, b"rebuilding, try again", "text/plain")
            return
        if target.suffix == ".html":
            name = target.relative_to(folder).as_posix()
            payload = overlay_payload(snapshot.pages.get(name), number, preview.root)
            body = inject(body.decode("utf-8", "replace"), payload, number).encode("utf-8")
        self._send(status, body, _content_type(target.name))

    def _events(self, counter: BuildCounter, query: str) -> None:
        build = parse_qs(query).get("build", [""])[0]
        since = int(build) if build.isdigit() else counter.number
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        stream(counter, self.wfile, since)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", quote(location))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")  # a reload must show the new build
        self.end_headers()
        self.wfile.write(body)


def _is_html(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return "." not in name or name.endswith(".html")


def _content_type(name: str) -> str:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    textual = guessed.startswith("text/") or name.endswith((".js", ".json", ".xml"))
    return f"{guessed}; charset=utf-8" if textual else guessed  # the build writes UTF-8


def _asset(name: str) -> bytes:
    return resources.files("copydesk.serve").joinpath("assets", name).read_bytes()
