"""ChatClient against the scripted server: backoff, Retry-After, errors, redaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from copydesk.config import LlmConfig
from copydesk.errors import DraftError
from copydesk.llm.client import ChatClient, Message, api_key, retry_after
from copydesk.llm.usage import Usage
from tests.llm.conftest import SECRET_KEY
from tests.llm.server import Reply, ScriptedServer, completion, error

MESSAGES = (Message("system", "Be brief."), Message("user", "Say hello."))


def client(server: ScriptedServer, sleeps: list[float], max_retries: int = 3) -> ChatClient:
    config = LlmConfig(model="m", base_url=server.url, max_retries=max_retries,
                       retry_delay=0.5, timeout=2.0)
    return ChatClient(config, SECRET_KEY, sleep=sleeps.append)


def test_a_completion_gives_its_text_and_usage(server: ScriptedServer) -> None:
    server.script(completion("  Hello.\n", 12, 3))
    answer = client(server, []).complete(MESSAGES)
    assert (answer.text, answer.usage) == ("Hello.", Usage(12, 3))
    body = server.requests[0].body
    assert body["messages"] == [{"role": "system", "content": "Be brief."},
                                {"role": "user", "content": "Say hello."}]
    assert (body["model"], body["max_tokens"], body["temperature"]) == ("m", 800, 0.2)


def test_backoff_doubles_from_the_configured_delay(server: ScriptedServer) -> None:
    sleeps: list[float] = []
    server.script(error(500), error(502), error(503), completion("Done."))
    assert client(server, sleeps).complete(MESSAGES).text == "Done."
    assert sleeps == [0.5, 1.0, 2.0]
    assert server.count == 4


def test_retry_after_is_honoured_on_429_and_5xx(server: ScriptedServer) -> None:
    sleeps: list[float] = []
    server.script(error(429, retry_after="7"), error(503, retry_after="0.25"), completion("Ok."))
    assert client(server, sleeps).complete(MESSAGES).text == "Ok."
    assert sleeps == [7.0, 0.25]


def test_retries_run_out(server: ScriptedServer) -> None:
    sleeps: list[float] = []
    server.script(error(429))
    with pytest.raises(DraftError, match=r"HTTP 429 2 time\(s\); giving up"):
        client(server, sleeps, max_retries=1).complete(MESSAGES)
    assert server.count == 2 and sleeps == [0.5]


def test_a_client_error_is_not_retried(server: ScriptedServer) -> None:
    server.script(error(404, message="no such model"))
    with pytest.raises(DraftError, match="HTTP 404") as raised:
        client(server, []).complete(MESSAGES)
    assert "model and base-url" in raised.value.hint
    assert server.count == 1


def test_the_key_is_redacted_from_errors(server: ScriptedServer) -> None:
    server.script(Reply(body=f"not json {SECRET_KEY}"))
    with pytest.raises(DraftError) as raised:
        client(server, []).complete(MESSAGES)
    assert SECRET_KEY not in raised.value.render()


def test_a_refused_connection_is_a_draft_error() -> None:
    config = LlmConfig(base_url="http://127.0.0.1:9/v1", timeout=1.0)
    with pytest.raises(DraftError, match=r"cannot reach the model server at http://127\.0\.0\.1:9"):
        ChatClient(config, "k").complete(MESSAGES)


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after({"retry-after": "3"}) == 3.0
    assert retry_after({}) is None
    assert retry_after({"retry-after": "soon"}) is None
    assert retry_after({"retry-after": "100000"}) == 120.0
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= (retry_after({"retry-after": later}) or 0) <= 30


def test_the_key_comes_from_the_configured_variable() -> None:
    assert api_key(LlmConfig(api_key_env="MY_KEY"), {"MY_KEY": "abc"}) == "abc"
    assert api_key(LlmConfig(base_url="http://127.0.0.1:8000/v1"), {}) == "not-needed"
    with pytest.raises(DraftError, match="MY_KEY is not set"):
        api_key(LlmConfig(api_key_env="MY_KEY"), {"OPENAI_API_KEY": "ignored"})
