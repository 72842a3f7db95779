"""Third-party rules, loaded from the entry-point group ``copydesk.rules``.

A plugin package names a tuple or list of :class:`~copydesk.Rule` in its
``pyproject.toml``::

    [project.entry-points."copydesk.rules"]
    acme = "acme_copydesk.rules:RULES"

Plugin rules run after the built-in ones and are selected like them, by code prefix (the
default ``select = ["CD"]`` does not include a code such as ``AC101``: select ``AC``). A
plugin that fails to load, holds something other than rules, or reuses a code or name
that is already taken stops the run with an error naming the plugin: a silently missing rule
would pass copy that its owner meant to stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points

from copydesk.errors import CopydeskError
from copydesk.lint.rule import Rule
from copydesk.lint.site_rule import SiteRule

GROUP = "copydesk.rules"
_CODE_RE = re.compile(r"[A-Z]{2,}[0-9]{3}")


class PluginError(CopydeskError):
    """A rule plugin cannot be used: it fails to import, or its rules are malformed."""


def plugin_rules(taken: Iterable[Rule | SiteRule]) -> tuple[Rule, ...]:
    """Every installed plugin's rules, plugins in name order; ``taken`` are the built-ins."""
    # Codes and names both identify a rule (select, ignore, explain), so both must be unique.
    owners = {key: "a built-in rule" for rule in taken for key in (rule.code, rule.name)}
    found: list[Rule] = []
    for entry in sorted(entry_points(group=GROUP), key=lambda entry: entry.name):
        for rule in _load(entry):
            if not _CODE_RE.fullmatch(rule.code):
                raise _error(entry, f"rule code {rule.code!r} is not letters and three digits "
                                    "(such as AC101)")
            for key in (rule.code, rule.name):
                if key in owners:
                    raise _error(entry, f"rule {key} is already {owners[key]}; "
                                        "a plugin cannot replace or shadow it")
                owners[key] = f"defined by rule plugin {entry.name!r}"
            found.append(rule)
    return tuple(found)


def _load(entry: EntryPoint) -> tuple[Rule, ...]:
    try:
        value = entry.load()
    except Exception as error:  # third-party code may fail in any way; say whose it is
        raise _error(entry, f"cannot be loaded: {type(error).__name__}: {error}") from error
    if not isinstance(value, tuple | list) or not all(isinstance(rule, Rule) for rule in value):
        raise _error(entry, f"must be a tuple or list of copydesk.Rule, "
                            f"not {type(value).__name__}")
    return tuple(value)


def _error(entry: EntryPoint, problem: str) -> PluginError:
    package = entry.dist.name if entry.dist is not None else "the package that installed it"
    return PluginError(f"rule plugin {entry.name!r} ({entry.value}): {problem}",
                       hint=f"fix or upgrade {package}, or uninstall it "
                            f"(pip uninstall {package})")
