"""Drafting with a language model through the openai package."""
