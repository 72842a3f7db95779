"""The project's templates compiled once, kept between builds under ``.copydesk/template-code/``.

Compiling the templates a page uses (lexing, parsing, writing Python code, compiling that)
took tens of milliseconds in every build that renders a page, a rebuild of one edited post
included, and again in each worker of a cold build. Jinja keeps each template's code with
a checksum of its source, so an edited template is compiled again. The folder is named
after Jinja's version and copydesk's own code (``copydesk.lint.cache.source_stamp``), and
holds one folder per kind of environment (the sandbox's code is not the plain one's): code
compiled by another copydesk is never used, and its folders are removed. A file that
cannot be read, or a folder that cannot be written, costs the compile and nothing else.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path

import jinja2
from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from copydesk.lint.cache import source_stamp

FOLDER = Path(".copydesk") / "template-code"


def template_code_cache(root: Path, environment: type[Environment]) -> FileSystemBytecodeCache:
    """Where environments of class ``environment`` keep the compiled templates of the
    project at ``root``."""
    code = hashlib.blake2b(f"{jinja2.__version__}\0{source_stamp()}".encode(),
                           digest_size=8).hexdigest()
    return _TemplateCode(root / FOLDER, code, environment.__name__)


class _TemplateCode(FileSystemBytecodeCache):
    def __init__(self, folder: Path, code: str, kind: str) -> None:
        super().__init__(str(folder / code / kind))
        self._folder = folder
        self._code = code
        self._made = False

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()  # cut short, or not what Jinja writes: compiled again

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            if not self._made:
                self._make_folder()
            super().dump_bytecode(bucket)
        except OSError:
            pass  # compiled again next time

    def _make_folder(self) -> None:
        """Make this code's folder, and remove those of other code."""
        for other in self._folder.iterdir() if self._folder.is_dir() else ():
            if other.name != self._code:
                shutil.rmtree(other, ignore_errors=True)
        Path(self.directory).mkdir(parents=True, exist_ok=True)
        self._made = True
