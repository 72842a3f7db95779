"""Rule family module (to be filled in)."""

from __future__ import annotations

from copydesk.lint.rule import Rule

RULES: tuple[Rule, ...] = ()
