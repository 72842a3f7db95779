"""One module per rule family; each ends with ``RULES: tuple[Rule, ...]``."""
