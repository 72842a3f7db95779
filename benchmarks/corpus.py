"""Deterministic benchmark corpus: N posts as a copydesk project and as each peer's project.

    python benchmarks/corpus.py --posts 1000 --out /tmp/corpus [--seed 7]

writes ``OUT/copydesk``, ``OUT/pelican``, ``OUT/mkdocs``, ``OUT/hugo`` and ``OUT/markdown``.
Everything comes from seeded generators (no clock), so one seed gives identical bytes.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.layouts import LAYOUTS
from benchmarks.posts import GROUP, Group, make_group, make_post

DEFAULT_SEED = 2026


@dataclass(frozen=True)
class Corpus:
    """Where a generated corpus lives, and the records the benchmark edits."""

    root: Path
    posts: int
    seed: int
    first_post: str  # slug of the post the "one post edited" rebuild touches
    shared_statistic: str  # a statistic used by GROUP posts: the "one data record" edit
    posts_using_shared: tuple[str, ...]  # slugs of the posts that use it

    def layout(self, name: str) -> Path:
        return self.root / name

    @property
    def copydesk_article(self) -> Path:
        return self.layout("copydesk") / "content" / "articles" / f"{self.first_post}.md"

    @property
    def copydesk_statistics(self) -> Path:
        return self.layout("copydesk") / "content" / "data" / "statistics.yaml"


def generate(out: Path, posts: int, seed: int = DEFAULT_SEED) -> Corpus:
    """Write the corpus under ``out`` (whose layout folders must not exist yet)."""
    if posts < 1:
        raise ValueError("a corpus needs at least one post")
    layouts = [make(out / name) for name, make in LAYOUTS.items()]
    groups: list[Group] = []
    slugs: list[str] = []
    for index in range(posts):
        if index % GROUP == 0:
            groups.append(make_group(seed, index // GROUP))
        post = make_post(seed, index, groups[-1])
        slugs.append(post.slug)
        for layout in layouts:
            layout.add(post)
    for layout in layouts:
        layout.finish(groups)
    return Corpus(out, posts, seed, first_post=slugs[0],
                  shared_statistic=groups[0].statistics[0].id,
                  posts_using_shared=tuple(slugs[:GROUP]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, required=True, help="number of posts")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    taken = [name for name in LAYOUTS if (args.out / name).exists()]
    if taken:
        parser.error(f"{args.out} already holds {', '.join(taken)}: choose an empty folder")
    corpus = generate(args.out, args.posts, args.seed)
    print(f"wrote {corpus.posts} posts (seed {corpus.seed}) to {corpus.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
