"""copydesk: structured data -> Jinja templates -> FAQ-rich articles, checked before publishing.

The Python API, for scripts and other tools (the ``copydesk`` command is built on the same
functions)::

    import copydesk

    findings = copydesk.check(["content/"])        # list[copydesk.Finding]
    errors = [f for f in findings if f.severity is copydesk.Severity.ERROR]
    result = copydesk.build("my-blog")             # copydesk.BuildResult

A problem with the input (a missing path, a bad config file, an invalid data record)
raises :class:`CopydeskError`, whose ``render()`` gives the file, line and a hint.
Third-party rules are :class:`Rule` values that a package lists under the entry-point
group ``copydesk.rules`` (see the README).

Names are imported on first use, so ``import copydesk`` stays fast for the command line.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # the real imports happen in __getattr__, on first use
    from copydesk.config import Config, load_config
    from copydesk.errors import CopydeskError
    from copydesk.lint.document import Document
    from copydesk.lint.finding import Finding, Severity
    from copydesk.lint.rule import Hit, Rule, RuleContext
    from copydesk.site.build import BuildResult

_LAZY = {
    "BuildResult": "copydesk.site.build",
    "Config": "copydesk.config",
    "CopydeskError": "copydesk.errors",
    "Document": "copydesk.lint.document",
    "Finding": "copydesk.lint.finding",
    "Hit": "copydesk.lint.rule",
    "Rule": "copydesk.lint.rule",
    "RuleContext": "copydesk.lint.rule",
    "Severity": "copydesk.lint.finding",
    "load_config": "copydesk.config",
}

__all__ = [
    "BuildResult",
    "Config",
    "CopydeskError",
    "Document",
    "Finding",
    "Hit",
    "Rule",
    "RuleContext",
    "Severity",
    "__version__",
    "build",
    "check",
    "load_config",
]

_StrPath = str | PathLike[str]


def check(paths: Iterable[_StrPath], config: Config | None = None) -> list[Finding]:
    """Lint ``paths`` (files or folders) and return the findings, sorted by path and line.

    ``config`` defaults to the configuration of the project in the current directory
    (``copydesk.toml`` or ``[tool.copydesk]`` in ``pyproject.toml``), as ``copydesk check``
    reads it; no paths means the project's content and built site.
    """
    from copydesk.config import load_config
    from copydesk.lint.runner import check_paths

    chosen = config if config is not None else load_config(Path.cwd())
    return list(check_paths([Path(path) for path in paths], chosen).findings)


def build(project_dir: _StrPath = ".", *, drafts: bool = False,
          future: bool = False, strict: bool = False, wait: float = 60.0) -> BuildResult:
    """Build the project in ``project_dir`` into its output folder (``site/`` by default).

    ``drafts`` and ``future`` include articles marked draft and those dated in the future,
    like ``copydesk build --drafts --future``. A failed build raises :class:`CopydeskError`
    and leaves the previous output as it was. The result's ``findings`` are the lint of the
    sources and pages; with ``strict`` an error among them leaves the output unwritten
    (``written`` is False). Like ``copydesk build``, it waits up to ``wait`` seconds for
    another build of the project to finish, then raises.
    """
    from copydesk.config import load_config
    from copydesk.site.build import build_site
    from copydesk.site.lock import build_lock
    from copydesk.site.writer import remove_leftovers

    config = load_config(Path(project_dir))
    with build_lock(config.root, wait):
        remove_leftovers(config.output_path)
        return build_site(config, drafts=drafts, future=future, strict=strict)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'copydesk' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

