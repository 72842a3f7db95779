"""The exception tree. Every error a user can cause carries a location where one exists.

The CLI catches :class:`CopydeskError`, prints ``str(error)`` (one line, ``file:line: what``)
plus the hint, and exits with status 2. Anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A place in a source file; ``line`` and ``col`` are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        if self.col <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.col}"


class CopydeskError(Exception):
    """Base class: a problem with the user's input or environment, reported without traceback."""

    def __init__(self, message: str, location: Location | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        prefix = f"{self.location}: " if self.location is not None else ""
        return f"{prefix}{self.message}"

    def render(self) -> str:
        """The full user-facing text: the one-line error, then the hint if any."""
        if self.hint:
            return f"{self}\n  hint: {self.hint}"
        return str(self)


class ConfigError(CopydeskError):
    """The configuration file is malformed or holds an unknown or ill-typed setting."""


class ContentError(CopydeskError):
    """A data file or article cannot be parsed or fails validation."""


class RenderError(CopydeskError):
    """A template is missing, has a syntax error, or uses an undefined value."""


class BuildError(CopydeskError):
    """The site cannot be assembled (URL clash, unsafe output path, ...)."""


class LintInputError(CopydeskError):
    """A path given to ``copydesk check`` does not exist or cannot be linted."""


class DraftError(CopydeskError):
    """Drafting with a language model failed (configuration, network, response)."""


class BaselineError(CopydeskError):
    """The ``--baseline`` file is missing, malformed or cannot be written."""


class DiffError(CopydeskError):
    """``--diff REF`` cannot be answered: not a git work tree, unknown ref, git missing."""
