"""Project configuration: ``copydesk.toml`` or ``[tool.copydesk]`` in ``pyproject.toml``.

Layout (``copydesk.toml`` shown; in ``pyproject.toml`` prefix each table with ``tool.copydesk``)::

    select = ["CD"]                # rule code prefixes; the longest matching prefix wins
    ignore = ["CD4"]
    exclude = ["content/drafts/**"]
    fail-on = "error"              # error | warning | info
    [per-file-ignores]
    "content/legacy/*.md" = ["CD2"]
    [severity]
    CD401 = "error"
    [thresholds]
    flesch-min = 30

    [site]
    title = "..."
    base-url = "https://example.com"

Unknown keys are errors (with the line they sit on): a typo must not silently do nothing.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from copydesk.errors import ConfigError, Location
from copydesk.paths import is_inside

CONFIG_FILE = "copydesk.toml"
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Thresholds:
    """Numeric limits used by the rules; every field is settable under ``[thresholds]``."""

    flesch_min: float = 30.0  # document and section floor (Flesch reading ease)
    long_sentence_words: int = 20  # Yoast: a sentence over 20 words is long
    long_sentence_share: float = 0.25  # ...and more than 25% of them in a section is too many
    max_sentence_words: int = 40  # a sentence this long is flagged on its own
    max_paragraph_words: int = 150
    max_words_without_subheading: int = 300
    same_start_run: int = 3  # consecutive sentences starting with the same word
    min_section_words_for_flesch: int = 100  # shorter sections give noisy scores
    min_sentences_for_share: int = 6  # the long-sentence share of fewer is noise
    # CD6 page SEO: Google's and Yoast's published boundaries
    title_min_chars: int = 30
    title_max_chars: int = 60
    title_max_pixels: float = 600.0  # Google's desktop result title, Arial 20px
    description_min_chars: int = 120
    description_max_chars: int = 156
    min_words: int = 300  # articles (og:type article; Markdown without a page type)
    min_words_page: int = 150  # every other page type: role, landing, index pages
    keyphrase_density_min: float = 0.5  # percent of the words
    keyphrase_density_max: float = 3.0
    slug_max_chars: int = 75


@dataclass(frozen=True)
class LintConfig:
    select: tuple[str, ...] = ("CD",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    severity: Mapping[str, str] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    fail_on: str = "error"
    thresholds: Thresholds = field(default_factory=Thresholds)


@dataclass(frozen=True)
class SiteConfig:
    title: str = "copydesk site"
    base_url: str = "https://example.com"
    language: str = "en"
    description: str = ""
    content_dir: str = "content"
    templates_dir: str = "templates"
    output_dir: str = "site"
    raw_html: bool = False  # raw HTML in Markdown is escaped unless turned on
    trusted: bool = False  # every author is trusted: no sanitising, no body sandbox
    sandbox: bool = False  # templates from an untrusted source: Jinja's immutable sandbox
    max_file_mb: int = 10  # a larger content file is refused unread (parsing costs ~25x)
    timezone: str = "UTC"


@dataclass(frozen=True)
class LlmConfig:
    model: str = "gpt-4o-mini"
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    temperature: float = 0.2
    max_tokens: int = 800
    timeout: float = 60.0
    max_retries: int = 3
    retry_delay: float = 1.0  # seconds before the first retry; doubles on each retry
    input_price: float = 0.0  # per million prompt tokens; 0 = no price, no cost shown
    output_price: float = 0.0  # per million completion tokens


@dataclass(frozen=True)
class Config:
    root: Path
    source: Path | None  # the file the settings came from, None for defaults
    lint: LintConfig = field(default_factory=LintConfig)
    site: SiteConfig = field(default_factory=SiteConfig)
    llm: LlmConfig = field(default_factory=LlmConfig)

    @property
    def content_path(self) -> Path:
        return self.root / self.site.content_dir

    @property
    def templates_path(self) -> Path:
        return self.root / self.site.templates_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.site.output_dir

    def display(self, path: Path | str) -> str:
        """``path`` as users see it in messages: relative to the project root when inside it."""
        return _displayed(self.root, path)


@lru_cache(maxsize=1024)
def _displayed(root: Path, path: Path | str) -> str:
    """:meth:`Config.display`, made once a path: every claim of a build shows its data
    file (three a page), and making a Path and testing it cost ~10 us each time."""
    candidate = Path(path)
    if candidate.is_absolute() and candidate.is_relative_to(root):
        return candidate.relative_to(root).as_posix()
    return candidate.as_posix()


def find_config_file(root: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """Return the config file in ``root`` and its copydesk table, if there is one."""
    own = root / CONFIG_FILE
    if own.is_file():
        return own, _read_toml(own)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        table = _read_toml(pyproject).get("tool", {}).get("copydesk")
        if isinstance(table, Mapping):
            return pyproject, table
    return None


def load_config(root: Path) -> Config:
    """Read the project's configuration; defaults when there is no config file."""
    root = root.resolve()
    found = find_config_file(root)
    if found is None:
        return Config(root=root, source=None)
    path, table = found
    prefix = "tool.copydesk." if path.name == "pyproject.toml" else ""
    parser = _Parser(path, prefix)
    site = parser.dataclass(SiteConfig, table.get("site", {}), "site")
    for key, folder in (("content-dir", site.content_dir), ("templates-dir", site.templates_dir)):
        # content and templates are read from inside the project only, whether `..`, an
        # absolute path or a symbolic link would lead out of it
        if not is_inside(root / folder, root):
            raise parser.fail(f"site.{key}", f"'{folder}' is outside the project",
                              f"keep the folder inside {root} (the default is "
                              f"\"{key.removesuffix('-dir')}\")")
    llm = parser.dataclass(LlmConfig, table.get("llm", {}), "llm")
    lint_table = {k: v for k, v in table.items() if k not in ("site", "llm")}
    return Config(root=root, source=path, lint=parser.lint(lint_table), site=site, llm=llm)


def _read_toml(path: Path) -> Mapping[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as error:
        # tomllib puts "(at line N, column M)" in the message; keep it readable.
        raise ConfigError(f"invalid TOML: {error}", Location(str(path)),
                          "fix the syntax; see https://toml.io") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read the config file: {error}", Location(str(path))) from None


def _key(name: str) -> str:
    return name.replace("_", "-")


class _Parser:
    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.prefix = prefix
        self._lines = path.read_text(encoding="utf-8-sig").splitlines()

    def where(self, key: str) -> Location:
        """Best-effort line of ``key`` in the file (tomllib does not keep positions)."""
        bare = key.rsplit(".", 1)[-1]
        for number, line in enumerate(self._lines, start=1):
            stripped = line.strip().strip('"')
            if stripped.startswith(bare) or stripped.startswith(f"[{self.prefix}{key}"):
                return Location(str(self.path), number)
        return Location(str(self.path))

    def fail(self, key: str, message: str, hint: str) -> ConfigError:
        return ConfigError(f"{self.prefix}{key}: {message}", self.where(key), hint)

    def dataclass(self, cls: type[Any], table: object, section: str) -> Any:
        if not isinstance(table, Mapping):
            raise self.fail(section, "must be a table", f"write it as [{self.prefix}{section}]")
        known = {_key(f.name): f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in table.items():
            spec = known.get(key)
            if spec is None:
                raise self.fail(f"{section}.{key}" if section else key, "unknown setting",
                                f"known settings: {', '.join(sorted(known))}")
            default = spec.default
            expected: tuple[type, ...]
            if isinstance(default, bool):
                expected = (bool,)
            elif isinstance(default, float):
                expected = (int, float)
            elif isinstance(default, int):
                expected = (int,)
            else:
                expected = (str,)
            if not isinstance(value, expected) or (expected != (bool,) and isinstance(value, bool)):
                raise self.fail(f"{section}.{key}" if section else key,
                                f"expected {expected[-1].__name__}, got {value!r}",
                                f"set it to a {expected[-1].__name__}")
            values[spec.name] = float(value) if expected == (int, float) else value
        return cls(**values)

    def codes(self, key: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"expected a list of rule codes, got {value!r}",
                            'write e.g. ["CD1", "CD201"]')
        return tuple(v.upper() for v in value)

    def lint(self, table: Mapping[str, Any]) -> LintConfig:
        values: dict[str, Any] = {}
        for key, value in table.items():
            if key in ("select", "ignore"):
                values[key] = self.codes(key, value)
            elif key == "exclude":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise self.fail(key, f"expected a list of globs, got {value!r}",
                                    'exclude = ["content/drafts/**"]')
                values[key] = tuple(value)
            elif key == "per-file-ignores":
                if not isinstance(value, Mapping):
                    raise self.fail(key, "must be a table of glob = [codes]",
                                    '"content/legacy/*.md" = ["CD2"]')
                values["per_file_ignores"] = {
                    glob: self.codes(f"{key}.{glob}", codes) for glob, codes in value.items()}
            elif key == "severity":
                if not isinstance(value, Mapping) or any(
                        v not in SEVERITIES for v in value.values()):
                    raise self.fail(key, "must map rule codes to error, warning or info",
                                    'CD401 = "error"')
                values["severity"] = {code.upper(): sev for code, sev in value.items()}
            elif key == "fail-on":
                if value not in SEVERITIES:
                    raise self.fail(key, f"expected one of {', '.join(SEVERITIES)}, got {value!r}",
                                    'fail-on = "warning"')
                values["fail_on"] = value
            elif key == "thresholds":
                values["thresholds"] = self.dataclass(Thresholds, value, "thresholds")
            else:
                raise self.fail(key, "unknown setting", "known settings: select, ignore, "
                                "exclude, fail-on, per-file-ignores, severity, thresholds, "
                                "site, llm")
        return LintConfig(**values)
