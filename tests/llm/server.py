"""A real HTTP server on 127.0.0.1 speaking the OpenAI Chat Completions wire format.

It answers ``POST /v1/chat/completions`` from a script of replies (the last one repeats),
and records every request it gets, so tests can count requests and read what was sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0  # seconds to wait before answering


def completion(text: str, prompt_tokens: int = 120, completion_tokens: int = 40) -> Reply:
    body = {
        "id": "chatcmpl-test", "object": "chat.completion", "created": 1_764_000_000,
        "model": "test-model",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }
    return Reply(body=json.dumps(body))


def error(status: int, retry_after: str | None = None, message: str = "try later") -> Reply:
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    body = json.dumps({"error": {"message": message, "type": "server_error"}})
    return Reply(status, body, headers)


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class ScriptedServer:
    url: str
    replies: list[Reply] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def script(self, *replies: Reply) -> None:
        with self.lock:
            self.replies = list(replies)

    def next_reply(self, recorded: Recorded) -> Reply:
        with self.lock:
            self.requests.append(recorded)
            if not self.replies:
                return error(500, message="no reply scripted")
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    @property
    def count(self) -> int:
        return len(self.requests)


@contextmanager
def scripted_server() -> Iterator[ScriptedServer]:
    state: list[ScriptedServer] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            recorded = Recorded(self.path, {k.lower(): v for k, v in self.headers.items()},
                                json.loads(raw or b"{}"))
            reply = state[0].next_reply(recorded)
            time.sleep(reply.delay)
            payload = reply.body.encode("utf-8")
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.append(ScriptedServer(f"http://127.0.0.1:{server.server_address[1]}/v1"))
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
