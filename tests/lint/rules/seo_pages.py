"""Correct pages for the CD6 tests, with one part changed at a time.

``html_page()`` and ``markdown_page()`` pass every CD6 rule; each keyword replaces one
part so a test shows exactly what makes a rule fire.
"""

from __future__ import annotations

from copydesk.lint.document import DocumentKind

TITLE = "What an MLOps Specialist Does and Earns"  # 39 characters, about 400 px
DESCRIPTION = ("What an MLOps specialist does, what the role pays in 2026 and which skills "
               "hiring managers test for, with figures from a 2026 salary survey.")  # 144
KEYPHRASE = "MLOps specialist"
INTRODUCTION = ("An MLOps specialist keeps machine learning models running in production, "
                "from the first deployment to the last retraining.")
FILLER = ("Teams rely on automated pipelines that test, deploy and monitor every model "
          "they ship to customers. ")  # 16 words
BODY_WORDS = FILLER * 20  # 320 words
LINKS = ('<p>Compare the <a href="/roles/llm-engineer/">LLM engineer role</a> and the '
         '<a href="https://survey.example.org/2026">2026 salary survey</a>.</p>')


def html_page(*, title: str | None = TITLE, description: str | None = DESCRIPTION,
              keyphrase: str | None = KEYPHRASE, lang: str = ' lang="en"',
              canonical: str | None = "https://example.com/roles/mlops-specialist/",
              og: tuple[str, ...] = ("og:title", "og:description", "og:url"),
              og_type: str = "", robots: str = "", h1: str = f"<h1>{TITLE}</h1>",
              introduction: str = INTRODUCTION, subheading: str = "Why hire an MLOps specialist",
              body: str = BODY_WORDS, links: str = LINKS, extra: str = "") -> str:
    head = ['<meta charset="utf-8">']
    if title is not None:
        head.append(f"<title>{title}</title>")
    if description is not None:
        head.append(f'<meta name="description" content="{description}">')
    if canonical is not None:
        head.append(f'<link rel="canonical" href="{canonical}">')
    head += [f'<meta property="{key}" content="x">' for key in og]
    if og_type:
        head.append(f'<meta property="og:type" content="{og_type}">')
    if robots:
        head.append(f'<meta name="robots" content="{robots}">')
    if keyphrase is not None:
        head.append(f'<meta name="copydesk:keyphrase" content="{keyphrase}">')
    return (f"<!doctype html>\n<html{lang}>\n<head>\n" + "\n".join(head) + "\n</head>\n<body>\n"
            '<header><a href="/">Home</a> <a href="https://social.example.net/">Follow</a>'
            "</header>\n<main>\n"
            f"{h1}\n<p>{introduction}</p>\n<h2>{subheading}</h2>\n<p>{body}</p>\n{links}\n"
            f"{extra}</main>\n<footer><a href=\"/feed.xml\">Feed</a></footer>\n</body>\n</html>\n")


def markdown_page(*, front_matter: str = "slug: mlops-specialist", title: str | None = TITLE,
                  description: str | None = DESCRIPTION, keyphrase: str | None = KEYPHRASE,
                  body: str | None = None) -> str:
    lines = ["---"]
    if title is not None:
        lines.append(f'title: "{title}"')
    if description is not None:
        lines.append(f'description: "{description}"')
    if keyphrase is not None:
        lines.append(f"keyphrase: {keyphrase}")
    lines += [line for line in front_matter.splitlines() if line]
    lines.append("---")
    if body is None:
        body = (f"{INTRODUCTION}\n\n## Why hire an MLOps specialist\n\n{BODY_WORDS}\n\n"
                "See the [LLM engineer role](/roles/llm-engineer/) and the "
                "[2026 salary survey](https://survey.example.org/2026).\n")
    return "\n".join(lines) + "\n" + body


def kind_of(text: str) -> DocumentKind:
    return "html" if text.lstrip().startswith("<") else "markdown"
