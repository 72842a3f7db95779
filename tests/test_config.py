from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.config import Thresholds, load_config
from copydesk.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_config_file(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.source is None
    assert config.lint.select == ("CD",)
    assert config.lint.thresholds == Thresholds()
    assert config.content_path == tmp_path.resolve() / "content"


def test_copydesk_toml_is_read(tmp_path: Path) -> None:
    write(tmp_path / "copydesk.toml", """
select = ["cd1", "CD2"]
ignore = ["CD201"]
fail-on = "warning"
exclude = ["content/drafts/**"]
[per-file-ignores]
"content/legacy/*.md" = ["CD4"]
[severity]
cd401 = "error"
[thresholds]
flesch-min = 45
max-sentence-words = 35
[site]
title = "T"
base-url = "https://example.org"
raw-html = true
[llm]
model = "m"
max-retries = 5
""")
    config = load_config(tmp_path)
    assert config.lint.select == ("CD1", "CD2")
    assert config.lint.ignore == ("CD201",)
    assert config.lint.fail_on == "warning"
    assert config.lint.exclude == ("content/drafts/**",)
    assert config.lint.per_file_ignores == {"content/legacy/*.md": ("CD4",)}
    assert config.lint.severity == {"CD401": "error"}
    assert config.lint.thresholds.flesch_min == 45.0
    assert config.lint.thresholds.max_sentence_words == 35
    assert config.site.base_url == "https://example.org"
    assert config.site.raw_html is True
    assert config.llm.max_retries == 5


def test_pyproject_tool_table_is_read(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n[tool.copydesk]\nignore = ["CD3"]\n')
    assert load_config(tmp_path).lint.ignore == ("CD3",)


def test_copydesk_toml_wins_over_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.copydesk]\nignore = ["CD3"]\n')
    write(tmp_path / "copydesk.toml", 'ignore = ["CD4"]\n')
    assert load_config(tmp_path).lint.ignore == ("CD4",)


@pytest.mark.parametrize(("text", "line", "needle"), [
    ('select = ["CD"]\nfial-on = "error"\n', 2, "fial-on: unknown setting"),
    ('[thresholds]\nflesch-min = "high"\n', 2, "expected float"),
    ('[site]\ntitel = "x"\n', 2, "site.titel: unknown setting"),
    ('fail-on = "fatal"\n', 1, "expected one of error, warning, info"),
    ('select = "CD1"\n', 1, "expected a list of rule codes"),
    ('[severity]\nCD101 = "loud"\n', 1, "must map rule codes"),
    ('[site]\nraw-html = 1\n', 2, "expected bool"),
])
def test_bad_settings_name_file_line_and_hint(tmp_path: Path, text: str, line: int,
                                               needle: str) -> None:
    path = write(tmp_path / "copydesk.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    error = caught.value
    assert needle in str(error)
    assert error.location is not None
    assert error.location.path == str(path.resolve())
    assert error.location.line == line
    assert error.hint


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path / "copydesk.toml", "select = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(tmp_path)
