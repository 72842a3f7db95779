"""Load and validate a project's content/ folder into typed records."""

from copydesk.content.loader import load_project

__all__ = ["load_project"]
