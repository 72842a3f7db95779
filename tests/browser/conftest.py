"""Playwright driving Debian's chromium (``/usr/bin/chromium``), shared by every browser test.

The browser is never downloaded: ``.ci/run`` installs chromium with apt-get, and the launch flags
stop the background networking that a closed network refuses. A missing chromium is a failure,
not a skip: a skipped browser test would hide a broken page in CI.

Fixtures:
- ``browser``: one headless chromium for the session.
- ``page``: a fresh page (own context) that records console messages, page errors, failed
  requests and HTTP error responses in ``page_log``; ``page_log.assert_clean()`` fails on any
  of them.
- ``artifacts_dir``: the git-ignored ``artifacts/`` folder for screenshots.
- ``static_server``: serves a folder on 127.0.0.1 and returns its base URL.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, sync_playwright

CHROMIUM = os.environ.get("COPYDESK_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"

# The flags the machine's closed network needs: without them chromium keeps dialling
# Google's hosts and floods the log with refused connections.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@dataclass
class PageLog:
    console: list[ConsoleMessage] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    # What the page did, in order, with seconds since the page opened: when a request
    # fails now and then (a live-reload stream aborted once in many CI runs), the order
    # of requests, their ends and the navigations is what tells why.
    timeline: list[str] = field(default_factory=list)
    opened: float = field(default_factory=time.perf_counter)

    def happened(self, what: str) -> None:
        self.timeline.append(f"{time.perf_counter() - self.opened:7.3f} {what}")

    def console_errors(self) -> list[str]:
        return [message.text for message in self.console if message.type == "error"]

    def assert_clean(self) -> None:
        shown = "\n".join(["what the page did:", *self.timeline])
        assert self.console_errors() == [], shown
        assert self.page_errors == [], shown
        assert self.failed_requests == [], shown


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium "
                    "(apt-get install -y chromium), as .ci/run does")
    # Playwright's plain launch starts chromium on a new, empty profile folder of its own (the
    # --user-data-dir the machine's notes ask for) and removes it on close.
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(browser: Browser, page_log: PageLog) -> Iterator[Page]:
    context = browser.new_context()
    new_page = context.new_page()
    new_page.on("console", lambda message: page_log.console.append(message))
    new_page.on("pageerror", lambda error: page_log.page_errors.append(str(error)))

    def record_failure(request: Request) -> None:
        page_log.failed_requests.append(f"{request.url}: {request.failure}")
        page_log.happened(f"failed   {request.url}: {request.failure}")

    new_page.on("requestfailed", record_failure)
    new_page.on("request", lambda request: page_log.happened(f"request  {request.url}"))
    new_page.on("requestfinished",
                lambda request: page_log.happened(f"finished {request.url}"))
    new_page.on("framenavigated", lambda frame: page_log.happened(
        f"navigated {frame.url}") if frame.parent_frame is None else None)
    new_page.on("response", lambda response: page_log.failed_requests.append(
        f"{response.url}: HTTP {response.status}") if response.status >= 400 else None)
    try:
        yield new_page
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def static_server() -> Iterator[Callable[[Path], str]]:
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
