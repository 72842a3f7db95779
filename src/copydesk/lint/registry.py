"""The ordered registry of every rule, and selection by code prefix.

Selection follows ruff: ``select`` and ``ignore`` hold code prefixes ("CD", "CD2",
"CD201"); for each rule the longest matching prefix decides, and on a tie ``ignore`` wins.
A house-style rule in ``typography.OPT_IN`` (CD509) runs only when ``select`` names its full code.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TypeVar

from copydesk.lint.plugins import plugin_rules
from copydesk.lint.rule import Rule
from copydesk.lint.rules import (
    claims,
    dates,
    grounding,
    keyphrase,
    mechanics,
    meta,
    placeholders,
    readability,
    seo,
    seo_head,
    seo_links,
    site,
    spelling,
    structure,
    structured_data,
    typography,
)
from copydesk.lint.site_rule import SiteRule

BUILTIN_RULES: tuple[Rule, ...] = (
    *placeholders.RULES,
    *claims.RULES,
    *grounding.RULES,
    *dates.RULES,
    *readability.RULES,
    *mechanics.RULES,
    *typography.RULES,
    *structure.RULES,
    *spelling.RULES,
    *structured_data.RULES,
    *seo.RULES, *seo_head.RULES, *seo_links.RULES, *keyphrase.RULES,
    *meta.RULES,
)


# Site-wide rules check a whole folder at once, so they live apart from ALL_RULES (which
# the runner applies to one document at a time); EVERY_RULE is what users can list.
SITE_RULES: tuple[SiteRule, ...] = site.RULES
# Third-party rules (entry-point group copydesk.rules) join here, so every listing,
# selection and report sees them; a broken plugin stops the run, naming itself.
ALL_RULES: tuple[Rule, ...] = (*BUILTIN_RULES,
                               *plugin_rules((*BUILTIN_RULES, *SITE_RULES)))
AnyRule = Rule | SiteRule
EVERY_RULE: tuple[AnyRule, ...] = (*ALL_RULES, *SITE_RULES)
R = TypeVar("R", bound=AnyRule)


def _lookup(code: str, rules: Iterable[R]) -> R | None:
    wanted = code.strip().upper()
    return next((rule for rule in rules if rule.code == wanted or rule.name == code), None)


def rule_by_code(code: str, rules: Iterable[Rule] = ALL_RULES) -> Rule | None:
    return _lookup(code, rules)


def any_rule_by_code(code: str) -> AnyRule | None:
    """A per-document or site-wide rule by code or name (for ``copydesk explain``)."""
    return _lookup(code, EVERY_RULE)


def is_selected(code: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    select = tuple(select)
    if code in typography.OPT_IN and code not in select:
        return False  # a house-style rule runs only when named in full
    best_select = max((len(p) for p in select if code.startswith(p)), default=-1)
    best_ignore = max((len(p) for p in ignore if code.startswith(p)), default=-1)
    return best_select > best_ignore


def longest_prefix(code: str, prefixes: Iterable[str]) -> str | None:
    """The longest of ``prefixes`` that ``code`` starts with (exact code beats family)."""
    return max((p for p in prefixes if code.startswith(p)), key=len, default=None)


def suggest_code(wanted: str, rules: Iterable[AnyRule] = EVERY_RULE) -> str | None:
    """The rule code or name closest to a mistyped ``wanted``, for "did you mean"."""
    rules = tuple(rules)
    candidates = [rule.code for rule in rules] + [rule.name for rule in rules]
    close = difflib.get_close_matches(wanted.strip(), candidates, n=1, cutoff=0.6)
    close = close or difflib.get_close_matches(wanted.strip().upper(), candidates, n=1, cutoff=0.6)
    return close[0] if close else None


def by_family(rules: Iterable[AnyRule] = EVERY_RULE) -> dict[str, list[AnyRule]]:
    """Rules grouped by family prefix ("CD1", "CD2", ...), families sorted, rules in
    registry order."""
    families: dict[str, list[AnyRule]] = {}
    for rule in rules:
        families.setdefault(rule.family, []).append(rule)
    return dict(sorted(families.items()))


def select_rules(select: Iterable[str], ignore: Iterable[str],
                 rules: Iterable[Rule] = ALL_RULES) -> tuple[Rule, ...]:
    select, ignore = tuple(select), tuple(ignore)
    return tuple(rule for rule in rules if is_selected(rule.code, select, ignore))
