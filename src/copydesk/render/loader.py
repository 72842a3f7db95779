"""The template loader: templates come from the templates folder and from nowhere else.

Jinja's own loader already refuses ``..`` in a name, but says only "not found", and it
follows symbolic links wherever they point. Here a name that tries to leave the folder,
and a template that is a link to a file outside it, are refused with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from copydesk.errors import RenderError
from copydesk.paths import is_inside, leaves_folder


class ProjectTemplateLoader(FileSystemLoader):
    """Loads templates from one folder; what resolves outside that folder is refused."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder

    def get_source(self, environment: Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        if leaves_folder(template):
            raise RenderError(f"the template name {template!r} leaves the templates folder",
                              hint="name a template inside the templates folder with forward "
                                   "slashes, e.g. 'partials/faq.html'")
        source, filename, uptodate = super().get_source(environment, template)
        if not is_inside(Path(filename), self.folder):
            raise RenderError(
                f"the template {template!r} is a link to a file outside the templates folder",
                hint="copy the template into the templates folder instead of linking to it")
        return source, filename, uptodate
