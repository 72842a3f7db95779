"""One chat completion from any OpenAI-compatible server, with our own retries.

The openai client runs with ``max_retries=0``: retrying here keeps the policy in one
tested place (exponential backoff from ``retry-delay``, ``Retry-After`` honoured on 429
and 5xx, a timeout or a refused connection is not retried). Every error becomes a
:class:`DraftError` whose text has passed :func:`redact`, so the API key never reaches
the terminal, even when a server echoes it back.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Literal

import openai
from openai.types.chat import (
    ChatCompletionMessageParam,
    ChatCompletionSystemMessageParam,
    ChatCompletionUserMessageParam,
)

from copydesk.config import LlmConfig
from copydesk.errors import DraftError
from copydesk.llm.usage import Usage

LOCAL_SERVER_KEY = "not-needed"  # local servers need no key, but the client insists on one
MAX_RETRY_AFTER = 120.0  # seconds; a server asking for longer is treated as failing
CONFIG_HINT = ("set the key in the environment variable named by api-key-env under [llm] "
               "in copydesk.toml (OPENAI_API_KEY by default), or set base-url there to use "
               "a local OpenAI-compatible server")


@dataclass(frozen=True)
class Message:
    role: Literal["system", "user"]
    content: str

    def as_param(self) -> ChatCompletionMessageParam:
        if self.role == "system":
            return ChatCompletionSystemMessageParam(role="system", content=self.content)
        return ChatCompletionUserMessageParam(role="user", content=self.content)


@dataclass(frozen=True)
class Completion:
    text: str
    usage: Usage


def api_key(config: LlmConfig, environ: Mapping[str, str]) -> str:
    """The key to send: the configured variable's value, a dummy for a local server."""
    key = environ.get(config.api_key_env, "").strip()
    if key:
        return key
    if config.base_url:
        return LOCAL_SERVER_KEY
    raise DraftError(f"no API key: the environment variable {config.api_key_env} is not set "
                     "and no base-url is configured", hint=CONFIG_HINT)


def redact(text: str, secret: str) -> str:
    return text.replace(secret, "[redacted]") if secret else text


class ChatClient:
    """Sends chat completions; ``sleep`` is injectable so tests can watch the backoff."""

    def __init__(self, config: LlmConfig, key: str,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._config = config
        self._key = key
        self._sleep = sleep
        self._client = openai.OpenAI(base_url=config.base_url, api_key=key,
                                     timeout=config.timeout, max_retries=0)

    def complete(self, messages: tuple[Message, ...]) -> Completion:
        try:
            return self._with_retries(messages)
        except DraftError as error:
            raise DraftError(redact(error.message, self._key), error.location,
                             redact(error.hint, self._key)) from None

    def _with_retries(self, messages: tuple[Message, ...]) -> Completion:
        attempt = 0
        while True:
            try:
                return _completion(self._send(messages))
            except openai.APIStatusError as error:
                status = error.status_code
                if status != 429 and status < 500:
                    raise DraftError(f"the model server refused the request: HTTP {status}",
                                     hint=_refusal_hint(status)) from None
                if attempt == self._config.max_retries:
                    raise DraftError(f"the model server answered HTTP {status} "
                                     f"{attempt + 1} time(s); giving up",
                                     hint="try again later, or raise max-retries under "
                                     "[llm] in copydesk.toml") from None
                self._sleep(self._delay(attempt, error.response.headers))
                attempt += 1

    def _send(self, messages: tuple[Message, ...]) -> object:
        """One request; an HTTP error status is left to the caller, which may retry it."""
        config = self._config
        try:
            return self._client.chat.completions.create(
                model=config.model, messages=[m.as_param() for m in messages],
                temperature=config.temperature, max_tokens=config.max_tokens)
        except openai.APIStatusError:
            raise
        except openai.APITimeoutError:
            raise DraftError(f"the model server did not answer within {config.timeout:g} s",
                             hint="raise timeout under [llm] in copydesk.toml, or try a "
                             "smaller max-tokens") from None
        except openai.APIConnectionError as error:
            raise DraftError(f"cannot reach the model server at {self._where()}: {error}",
                             hint="check base-url under [llm] and that the server "
                             "is running") from None
        except (openai.OpenAIError, ValueError) as error:
            raise _malformed(f"{type(error).__name__}: {error}") from None

    def _delay(self, attempt: int, headers: Mapping[str, str]) -> float:
        asked = retry_after(headers)
        if asked is not None:
            return asked
        return float(self._config.retry_delay * 2 ** attempt)

    def _where(self) -> str:
        return self._config.base_url or "the OpenAI API"


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds a server asks us to wait (``Retry-After``: seconds or an HTTP date)."""
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _completion(response: object) -> Completion:
    """Text and usage of a response, or a DraftError when it is not a chat completion."""
    choices = getattr(response, "choices", None)
    if not isinstance(choices, list) or not choices:
        raise _malformed("it holds no choices")
    content = getattr(getattr(choices[0], "message", None), "content", None)
    if not isinstance(content, str) or not content.strip():
        raise _malformed("its first choice holds no text")
    usage = getattr(response, "usage", None)
    prompt = getattr(usage, "prompt_tokens", 0)
    completion = getattr(usage, "completion_tokens", 0)
    return Completion(content.strip(), Usage(prompt if isinstance(prompt, int) else 0,
                                             completion if isinstance(completion, int) else 0))


def _malformed(detail: str) -> DraftError:
    return DraftError(f"the model server sent a malformed response ({detail})",
                      hint="check that base-url points at an OpenAI-compatible "
                      "/v1 chat completions endpoint")


def _refusal_hint(status: int) -> str:
    if status in (401, 403):
        return f"check the API key; {CONFIG_HINT}"
    if status == 404:
        return "check model and base-url under [llm] in copydesk.toml"
    return "check the [llm] settings in copydesk.toml"
