"""The same posts laid out for copydesk and for each peer, written one post at a time.

Each layout is the smallest project its tool builds with its own default theme: nothing is
downloaded, and no layout asks its tool for work the others skip.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from benchmarks.posts import AUTHORS, Group, Post, plain_body
from benchmarks.prose import ROLES
from copydesk.site.init import init_project

SITE_TITLE = "Benchmark Hiring Insights"
BASE_URL = "https://bench.example.com"


def _quote(text: str) -> str:
    """A YAML scalar: JSON strings are valid YAML and need no escaping rules of their own."""
    return json.dumps(text)


def _author_name(author_id: str) -> str:
    return author_id.replace("-", " ").title()


class Layout(Protocol):
    def add(self, post: Post) -> None: ...

    def finish(self, groups: list[Group]) -> None: ...


class CopydeskLayout:
    """A copydesk project: the example's templates, generated data files and articles."""

    def __init__(self, root: Path) -> None:
        self.root = root
        init_project(root)
        shutil.rmtree(root / "content")
        (root / "content" / "articles").mkdir(parents=True)
        (root / "content" / "data").mkdir()
        (root / "copydesk.toml").write_text(
            f'[site]\ntitle = "{SITE_TITLE}"\nbase-url = "{BASE_URL}"\nlanguage = "en-GB"\n'
            'description = "Hiring guides for technical teams, generated for benchmarks."\n'
            # Article bodies are Jinja templates; the built pages are checked for residue.
            '[per-file-ignores]\n"content/articles/*.md" = ["CD105"]\n',
            encoding="utf-8")

    def add(self, post: Post) -> None:
        faq = ", ".join(entry.id for entry in post.group.faq)
        front = (f"---\ntitle: {_quote(post.title)}\ndescription: {_quote(post.description)}\n"
                 f"date: {post.published.isoformat()}\nauthor: {post.author}\n"
                 f"tags: {json.dumps(list(post.tags))}\nkeyphrase: {_quote(post.keyphrase)}\n"
                 f"faq: [{faq}]\n---\n")
        path = self.root / "content" / "articles" / f"{post.slug}.md"
        path.write_text(front + post.body, encoding="utf-8")

    def finish(self, groups: list[Group]) -> None:
        data = self.root / "content" / "data"
        (data / "statistics.yaml").write_text(
            "".join(_statistic_yaml(group) for group in groups), encoding="utf-8")
        (data / "faq.yaml").write_text("".join(
            f"- id: {entry.id}\n  question: {_quote(entry.question)}\n"
            f"  answer: {_quote(entry.answer)}\n"
            for group in groups for entry in group.faq), encoding="utf-8")
        (data / "authors.yaml").write_text("".join(
            f"- id: {author}\n  name: {_author_name(author)}\n  job_title: Editor\n"
            f"  bio: {_quote(_author_name(author) + ' writes about hiring technical teams.')}\n"
            for author in AUTHORS), encoding="utf-8")
        (data / "roles.yaml").write_text("".join(
            f"- slug: {role.replace(' ', '-').lower()}\n  title: {_quote(role.title())}\n"
            f"  summary: {_quote(f'What {role} do, what they earn and how to hire them.')}\n"
            for role in ROLES), encoding="utf-8")


def _statistic_yaml(group: Group) -> str:
    lines = []
    for statistic in group.statistics:
        value = "null" if statistic.value is None else f"{statistic.value:g}"
        claim = statistic.sentence.replace("VALUE", statistic.formatted())
        lines.append(f"- id: {statistic.id}\n  value: {value}\n  unit: \"{statistic.unit}\"\n"
                     f"  claim: {_quote(claim)}\n")
        if statistic.source is not None:
            lines.append(f"  source:\n    name: {_quote(statistic.source)}\n"
                         f"    url: {statistic.url}\n")
    return "".join(lines)


class PelicanLayout:
    """Pelican: content/*.md with Pelican's metadata lines, pelicanconf.py, default theme."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "content").mkdir(parents=True)
        (root / "pelicanconf.py").write_text(
            f'AUTHOR = "Benchmark"\nSITENAME = "{SITE_TITLE}"\nSITEURL = ""\n'
            'PATH = "content"\nTIMEZONE = "UTC"\nDEFAULT_LANG = "en"\n'
            "RELATIVE_URLS = False\nDEFAULT_PAGINATION = 10\n"
            'FEED_ALL_ATOM = "feeds/all.atom.xml"\nCATEGORY_FEED_ATOM = None\n'
            "TRANSLATION_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n",
            encoding="utf-8")

    def add(self, post: Post) -> None:
        head = (f"Title: {post.title}\nDate: {post.published.isoformat()} 09:00\n"
                f"Slug: {post.slug}\nTags: {', '.join(post.tags)}\n"
                f"Author: {_author_name(post.author)}\nSummary: {post.description}\n\n")
        (self.root / "content" / f"{post.slug}.md").write_text(head + plain_body(post),
                                                              encoding="utf-8")

    def finish(self, groups: list[Group]) -> None:
        """Pelican needs nothing beyond the posts."""


class MkDocsLayout:
    """MkDocs: mkdocs.yml + docs/*.md. The nav lists the home page only: MkDocs' default
    nav would print all N posts on every page, a cost copydesk's pages do not carry."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "docs").mkdir(parents=True)
        (root / "mkdocs.yml").write_text(
            f"site_name: {SITE_TITLE}\ndocs_dir: docs\nsite_dir: site\n"
            "nav:\n  - Home: index.md\n", encoding="utf-8")
        (root / "docs" / "index.md").write_text(f"# {SITE_TITLE}\n\nThe benchmark posts.\n",
                                               encoding="utf-8")

    def add(self, post: Post) -> None:
        (self.root / "docs" / f"{post.slug}.md").write_text(
            f"# {post.title}\n\n{plain_body(post)}", encoding="utf-8")

    def finish(self, groups: list[Group]) -> None:
        """MkDocs needs nothing beyond the posts."""


HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="en"><head><title>{{ .Title }}</title>'
                   '<meta name="description" content="{{ .Description }}"></head>'
                   "<body>{{ block \"main\" . }}{{ end }}</body></html>\n",
    "single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}'
                   "</article>{{ end }}\n",
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}'
                 '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>'
                 "{{ end }}\n",
}


class HugoLayout:
    """Hugo: hugo.toml + content/posts/*.md, and three one-line layouts (Hugo has no
    built-in theme; without layouts it would render nothing)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "content" / "posts").mkdir(parents=True)
        layouts = root / "layouts" / "_default"
        layouts.mkdir(parents=True)
        for name, text in HUGO_LAYOUTS.items():
            (layouts / name).write_text(text, encoding="utf-8")
        (root / "hugo.toml").write_text(
            f'baseURL = "{BASE_URL}/"\ntitle = "{SITE_TITLE}"\nlanguageCode = "en"\n',
            encoding="utf-8")

    def add(self, post: Post) -> None:
        front = (f"---\ntitle: {_quote(post.title)}\ndescription: {_quote(post.description)}\n"
                 f"date: {post.published.isoformat()}\nslug: {post.slug}\n"
                 f"tags: {json.dumps(list(post.tags))}\n---\n")
        (self.root / "content" / "posts" / f"{post.slug}.md").write_text(
            front + plain_body(post), encoding="utf-8")

    def finish(self, groups: list[Group]) -> None:
        """Hugo needs nothing beyond the posts."""


class MarkdownLayout:
    """Plain Markdown files with front matter, for markdownlint-cli2 and ``copydesk check``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True)

    def add(self, post: Post) -> None:
        front = (f"---\ntitle: {_quote(post.title)}\ndescription: {_quote(post.description)}\n"
                 f"date: {post.published.isoformat()}\nkeyphrase: {_quote(post.keyphrase)}\n"
                 "---\n")
        (self.root / f"{post.slug}.md").write_text(front + plain_body(post), encoding="utf-8")

    def finish(self, groups: list[Group]) -> None:
        """The files stand alone."""


LAYOUTS: dict[str, Callable[[Path], Layout]] = {
    "copydesk": CopydeskLayout, "pelican": PelicanLayout, "mkdocs": MkDocsLayout,
    "hugo": HugoLayout, "markdown": MarkdownLayout,
}
