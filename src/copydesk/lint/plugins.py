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

Every run looks for plugins, and ``importlib.metadata`` costs a build of 10,000 pages
about 55 M instructions to import and scan with. So the ``entry_points.txt`` of every
distribution it could find are first read as bytes: when none holds the group's name (no
plugin installed, the usual case), there is nothing for it to find and it is not imported.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from importlib.machinery import PathFinder
from typing import TYPE_CHECKING

from copydesk.errors import CopydeskError
from copydesk.lint.rule import Rule
from copydesk.lint.site_rule import SiteRule

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

GROUP = "copydesk.rules"
_CODE_RE = re.compile(r"[A-Z]{2,}[0-9]{3}")


class PluginError(CopydeskError):
    """A rule plugin cannot be used: it fails to import, or its rules are malformed."""


def plugin_rules(taken: Iterable[Rule | SiteRule]) -> tuple[Rule, ...]:
    """Every installed plugin's rules, plugins in name order; ``taken`` are the built-ins."""
    # Codes and names both identify a rule (select, ignore, explain), so both must be unique.
    if not _may_be_declared(GROUP):
        return ()
    from importlib.metadata import entry_points

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


def _may_be_declared(group: str) -> bool:
    """False when no distribution ``importlib.metadata`` can find declares entry points in
    ``group``: it finds them (Python 3.11) through the finders of ``sys.meta_path`` that
    have ``find_distributions``, the standard one looking in each ``sys.path`` folder for
    ``*.dist-info`` and ``*.egg-info`` folders (and ``EGG-INFO`` in a ``*.egg`` folder),
    whose ``entry_points.txt`` names the group in a ``[group]`` line. Anything else on the
    path (a zip archive, another finder) may hold one: True, and the real scan decides."""
    if any(finder is not PathFinder for finder in sys.meta_path
           if getattr(finder, "find_distributions", None) is not None):
        return True
    name = group.encode("utf-8")
    for entry in sys.path:
        folder = entry or "."
        try:
            children = [child.name for child in os.scandir(folder)]
        except NotADirectoryError:
            return True  # a zip archive (or a file that is not one)
        except OSError:
            continue  # not there: nothing to find in it either
        egg = folder.lower().endswith(".egg")
        for child in children:
            lowered = child.lower()
            if lowered.endswith((".dist-info", ".egg-info")) or (egg and lowered == "egg-info"):
                try:
                    with open(os.path.join(folder, child, "entry_points.txt"), "rb") as stream:
                        if name in stream.read():
                            return True
                except OSError:  # none (or the .egg-info is a file): no entry points
                    continue
    return False


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
