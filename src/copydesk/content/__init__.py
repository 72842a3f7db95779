"""Load and validate a project's content/ folder into typed records."""
