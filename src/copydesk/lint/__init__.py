"""The linter: documents, rules, registry, runner, suppressions."""
