"""copydesk: structured data -> Jinja templates -> FAQ-rich articles, checked before publishing."""

from __future__ import annotations

__version__ = "0.1.0"
