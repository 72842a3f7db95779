"""The messages sent for a section, rendered from Jinja templates in ``templates/prompts/``.

A project's own ``templates/prompts/`` wins; a template it lacks comes from the example
project copydesk ships, so older projects can draft without copying anything.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError

from copydesk.config import Config
from copydesk.errors import DraftError, Location
from copydesk.llm.client import Message
from copydesk.llm.sections import SectionData
from copydesk.project_files import example_project

PROMPTS_DIR = "prompts"
SYSTEM_TEMPLATE = "system.md.j2"


def prompt_environment(config: Config) -> Environment:
    folders = [config.templates_path / PROMPTS_DIR]
    shipped = example_project()
    if shipped is not None:
        folders.append(shipped / "templates" / PROMPTS_DIR)
    return Environment(loader=ChoiceLoader([FileSystemLoader(f) for f in folders]),
                       undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False,
                       trim_blocks=True, lstrip_blocks=True)


def build_messages(environment: Environment, section: SectionData) -> tuple[Message, ...]:
    """The system message (shared rules) and the user message (the section and its data)."""
    return (Message("system", _render(environment, SYSTEM_TEMPLATE, section)),
            Message("user", _render(environment, f"{section.kind}.md.j2", section)))


def _render(environment: Environment, name: str, section: SectionData) -> str:
    try:
        return environment.get_template(name).render(section.context).strip()
    except TemplateError as error:
        where = getattr(error, "filename", None) or str(Path("templates") / PROMPTS_DIR / name)
        raise DraftError(f"prompt template {name}: {error}",
                         Location(where, getattr(error, "lineno", 0) or 0),
                         "fix the template; it sees article, role, statistics and, per "
                         "section, questions or heading") from None
