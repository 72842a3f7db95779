"""The response cache and the usage line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from copydesk.config import LlmConfig
from copydesk.llm.cache import ResponseCache, cache_key
from copydesk.llm.client import Completion, Message
from copydesk.llm.usage import Usage, usage_line

MESSAGES = (Message("system", "Rules."), Message("user", "Write."))


def test_the_key_changes_with_model_messages_and_parameters_only() -> None:
    config = LlmConfig(model="a")
    key = cache_key(config, MESSAGES)
    assert key == cache_key(replace(config, base_url="http://127.0.0.1:1/v1", timeout=5.0),
                            MESSAGES)
    assert len({key, cache_key(replace(config, model="b"), MESSAGES),
                cache_key(replace(config, temperature=0.7), MESSAGES),
                cache_key(replace(config, max_tokens=10), MESSAGES),
                cache_key(config, (Message("user", "Write."),))}) == 5


def test_a_stored_completion_comes_back_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache")
    assert cache.get("abc") is None
    cache.put("abc", Completion("Text ✓", Usage(3, 4)))
    assert cache.get("abc") == Completion("Text ✓", Usage(3, 4))
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["abc.json"]


def test_an_unreadable_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    (tmp_path / "bad.json").write_text('{"text": "x"}', encoding="utf-8")
    (tmp_path / "worse.json").write_text("{", encoding="utf-8")
    assert cache.get("bad") is None and cache.get("worse") is None


def test_usage_counts_sent_requests_and_prices_them() -> None:
    responses = [(Usage(100, 50), False), (Usage(7, 7), True), (Usage(900, 450), False)]
    assert usage_line(responses, LlmConfig()) == (
        "tokens: 1000 prompt + 500 completion in 2 request(s), 1 from the cache")
    priced = usage_line(responses, LlmConfig(input_price=1.0, output_price=4.0))
    assert priced.endswith("; cost 0.003000 (at the configured prices)")
