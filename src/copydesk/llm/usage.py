"""Token usage of a run, and what it cost when prices are configured."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from copydesk.config import LlmConfig

_PER = 1_000_000  # prices are quoted per million tokens


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.prompt_tokens + other.prompt_tokens,
                     self.completion_tokens + other.completion_tokens)

    def cost(self, config: LlmConfig) -> float | None:
        """The price of these tokens, or None when no price is configured."""
        if not (config.input_price or config.output_price):
            return None
        return (self.prompt_tokens * config.input_price
                + self.completion_tokens * config.output_price) / _PER


def usage_line(responses: Sequence[tuple[Usage, bool]], config: LlmConfig) -> str:
    """One line for the run, from ``(usage, from_cache)`` per response: a cached response
    sent no request and cost nothing."""
    sent = [usage for usage, cached in responses if not cached]
    total = sum(sent, Usage())
    line = (f"tokens: {total.prompt_tokens} prompt + {total.completion_tokens} completion "
            f"in {len(sent)} request(s), {len(responses) - len(sent)} from the cache")
    cost = total.cost(config)
    return line if cost is None else f"{line}; cost {cost:.6f} (at the configured prices)"
