"""Responses cached on disk by a hash of everything that decides them.

The key is the SHA-256 of the model, the messages and the sampling parameters, so an
identical request is answered from ``.copydesk/cache/<key>.json`` without a request; the
API key and base URL are not part of it and are never written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from copydesk.atomic import write_text_atomic
from copydesk.config import LlmConfig
from copydesk.llm.client import Completion, Message
from copydesk.llm.usage import Usage

CACHE_DIR = Path(".copydesk") / "cache"


def cache_key(config: LlmConfig, messages: tuple[Message, ...]) -> str:
    request = {
        "model": config.model,
        "messages": [{"role": m.role, "content": m.content} for m in messages],
        "temperature": config.temperature,
        "max_tokens": config.max_tokens,
    }
    encoded = json.dumps(request, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class ResponseCache:
    folder: Path

    def get(self, key: str) -> Completion | None:
        """The cached completion, or None when absent or unreadable (then it is re-asked)."""
        try:
            stored = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            usage = stored["usage"]
            return Completion(str(stored["text"]), Usage(int(usage["prompt_tokens"]),
                                                         int(usage["completion_tokens"])))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, completion: Completion) -> None:
        stored = {"text": completion.text,
                  "usage": {"prompt_tokens": completion.usage.prompt_tokens,
                            "completion_tokens": completion.usage.completion_tokens}}
        write_text_atomic(self.folder / f"{key}.json",
                          json.dumps(stored, ensure_ascii=False, indent=1) + "\n",
                          make_folders=True)
