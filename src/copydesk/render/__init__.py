"""Jinja environment, Markdown rendering, JSON-LD."""
