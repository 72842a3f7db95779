"""CD62x keyphrase: the phrase a page should rank for, where it appears and how often.

The keyphrase is front matter ``keyphrase`` in Markdown and ``<meta
name="copydesk:keyphrase">`` in HTML (copydesk's templates emit it); pages without one
are not checked. All are warnings: where the phrase goes is editorial advice (Yoast's).

Matching, as Yoast does it: a text contains the keyphrase when it contains each of its
content words (stop words such as "in" or "the" do not count) in any order and any
word form ("role", "roles", "role's"), ignoring case; hyphens split words, so "in-demand"
matches "in demand" and slugs match their hyphenated words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from copydesk.lint.document import Block, Document
from copydesk.lint.finding import Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.rules._page import (
    Field,
    at,
    block_hit,
    description,
    is_indexed,
    keyphrase,
    slug,
    title,
    word_count,
)
from copydesk.lint.text import CACHED_TEXTS, WORD_RE, lower_case, lower_words, sentences

_STOP_WORDS = frozenset((
    "a", "an", "the", "in", "on", "of", "for", "to", "and", "or", "with", "at", "by", "from",
    "is", "are", "be", "as", "your", "you", "how", "what", "why", "do", "does",
))
_PART_RE = re.compile(r"[^\W_]+")
# Every ASCII character that is no letter or digit made a space: a bytes.translate table.
_ASCII_NON_ALNUM = bytes(32 if code < 128 and not chr(code).isalnum() else code
                         for code in range(256))
_MIN_INTRODUCTION_WORDS = 10  # shorter paragraphs are bylines, dates or breadcrumbs


# Per word, like syllable counts: the density rules stem every word of every sentence,
# twice, and a corpus reuses a few thousand words.
@lru_cache(maxsize=65536)
def word_form(word: str) -> str:
    """A light English stem: enough to treat "roles", "role's" and "role" as one word."""
    word = word.casefold().replace("’", "'")
    word = word.removesuffix("'s").removesuffix("'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def forms(text: str) -> list[str]:
    """The word forms of ``text``, split at hyphens and apostrophes."""
    if text.isascii():
        # In ASCII, a word's parts are exactly the text's runs of letters and digits:
        # one pass instead of one per word (185 a post), and str.split once the rest is
        # made spaces rather than re, which tested each character against the class.
        return list(map(word_form, text.encode().translate(_ASCII_NON_ALNUM).decode().split()))
    # The words as words() splits them, without the offsets nobody here needs.
    return [word_form(part) for word in WORD_RE.findall(text) for part in _PART_RE.findall(word)]


def content_forms(phrase: str) -> frozenset[str]:
    found = forms(phrase)
    content = frozenset(form for form in found if form not in _STOP_WORDS)
    return content or frozenset(found)  # a phrase of stop words only keeps them


def contains(text: str, wanted: frozenset[str]) -> bool:
    return bool(wanted) and wanted <= _form_set(text)


@lru_cache(maxsize=CACHED_TEXTS)
def _form_set(text: str) -> frozenset[str]:
    return frozenset(forms(text))


def _wanted(document: Document) -> tuple[Field, frozenset[str]] | None:
    return document.once(_find_wanted)  # seven rules ask


def _find_wanted(document: Document) -> tuple[Field, frozenset[str]] | None:
    found = keyphrase(document) if is_indexed(document) else None
    return (found, content_forms(found.value)) if found is not None else None


def check_keyphrase_not_in_title(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a page whose title lacks the keyphrase.

    Why it matters:
    The title is the strongest signal of what a page is about, and searchers choose the
    result whose title echoes their words.

    Example:
    Keyphrase "machine learning roles", title "Who to Hire for AI in 2026": "Machine
    Learning Roles to Hire in 2026".
    """
    wanted, found = _wanted(document), title(document)
    if wanted is not None and found is not None and not contains(found.value, wanted[1]):
        yield at(found, f"title lacks the keyphrase {wanted[0].value!r}: work it in, "
                        "near the start")


def _introduction(document: Document) -> Block | None:
    """The first paragraph of the text: after the H1 when there is one, and long enough
    not to be a byline or a date line."""
    blocks = list(document.blocks)
    first_h1 = next((index for index, block in enumerate(blocks)
                     if block.kind == "heading" and block.level == 1), -1)
    return next((block for block in blocks[first_h1 + 1:] if block.kind == "paragraph"
                 and len(lower_words(block.text)) >= _MIN_INTRODUCTION_WORDS), None)


def check_keyphrase_not_in_introduction(document: Document,
                                        context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a page whose first paragraph (the first of ten words or more after the H1)
    lacks the keyphrase.

    Why it matters:
    Readers decide in the first lines whether the page answers their question, and
    search engines weigh the opening more than the rest.

    Example:
    Keyphrase "MLOps specialist", opening "AI is changing fast.": open with what an
    MLOps specialist does and why it matters now.
    """
    wanted = _wanted(document)
    block = _introduction(document) if wanted is not None else None
    if wanted is not None and block is not None and not contains(block.text, wanted[1]):
        yield block_hit(block, f"first paragraph lacks the keyphrase {wanted[0].value!r}: "
                               "use it in the opening sentences")


def check_keyphrase_not_in_description(document: Document,
                                       context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a page whose meta description lacks the keyphrase.

    Why it matters:
    Search engines bold the searched words in the snippet, which draws the eye to the
    result.

    Example:
    Keyphrase "LLM engineer", description "What this role pays in 2026.": "What an LLM
    engineer does and earns in 2026."
    """
    wanted, found = _wanted(document), description(document)
    if wanted is not None and found is not None and not contains(found.value, wanted[1]):
        yield at(found, f"meta description lacks the keyphrase {wanted[0].value!r}: "
                        "work it in")


def check_keyphrase_not_in_slug(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a page whose slug (the last part of its URL: the canonical URL for HTML, the
    front matter ``slug`` or the file name for Markdown) lacks the keyphrase.

    Why it matters:
    The URL shows in search results and shared links; words from the query in it tell
    both readers and search engines what the page is about.

    Example:
    Keyphrase "mlops specialist", slug "post-1234": "mlops-specialist".
    """
    wanted = _wanted(document)
    found = slug(document) if wanted is not None else None
    # A site's home page has no slug to put words in.
    if wanted is not None and found is not None and found.value and not contains(
            found.value, wanted[1]):
        yield at(found, f"slug {found.value!r} lacks the keyphrase {wanted[0].value!r}: "
                        "rename the page (and redirect the old URL)")


def check_keyphrase_not_in_subheadings(document: Document,
                                       context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a page where no subheading (H2 or H3) has the keyphrase. One is enough; pages
    without subheadings are not flagged here.

    Why it matters:
    Readers scan subheadings to find their answer, and a subheading with the keyphrase
    shows the page covers the topic directly.

    Example:
    Keyphrase "MLOps specialist", subheadings "Pay" and "Skills": "What an MLOps
    Specialist Earns".
    """
    wanted = _wanted(document)
    subheadings = [block for block in document.headings() if block.level in (2, 3)]
    if wanted is None or not subheadings:
        return
    # The stems first, as for the density: a subheading's form set is made only when it
    # holds them all (most of a page's subheadings do not).
    stems = [form[:-1] for form in wanted[1]]
    if not any(_may_contain_all(block.text, stems) and contains(block.text, wanted[1])
               for block in subheadings):
        yield block_hit(subheadings[0], f"no subheading has the keyphrase "
                                        f"{wanted[0].value!r}: work it into one")


def keyphrase_density(document: Document, wanted: frozenset[str]) -> float:
    """Sentences holding the keyphrase, per hundred words of the page (Yoast's measure)."""
    total = word_count(document)
    if total == 0:
        return 0.0
    # A form is its word's first letters (casefolded), but "-ies" becomes "-y": each form
    # but its last letter is in any text that holds the keyphrase, which rules out most
    # blocks and sentences without splitting them and stemming every word.
    stems = [form[:-1] for form in wanted]
    found = sum(_holds_all(sentence.text.casefold(), stems) and contains(sentence.text, wanted)
                for block in document.blocks if _may_contain_all(block.text, stems)
                for sentence in sentences(block.text))
    return 100.0 * found / total


def _density(document: Document) -> float:
    """The keyphrase density both density rules compare with their bound."""
    wanted = _wanted(document)
    return keyphrase_density(document, wanted[1]) if wanted is not None else 0.0


def _may_contain_all(text: str, stems: list[str]) -> bool:
    """Whether a block's ``text``, casefolded, holds each of ``stems``. ASCII text
    (isascii() reads a flag) casefolds as it lowers: its ``lower_case``, which other
    rules have asked for, is looked up rather than a copy of each block made (~50 K
    instructions a built page). Not for sentences: a sentence's text would take a block's
    place in the memo."""
    return _holds_all(lower_case(text) if text.isascii() else text.casefold(), stems)


def _holds_all(folded: str, stems: list[str]) -> bool:
    # A loop, not all(map(folded.__contains__, stems)): str.__contains__ is a slot wrapper,
    # which makes a tuple of its argument for each call (twice the time a stem), and a
    # generator expression resumes a frame for each.
    for stem in stems:  # noqa: SIM110 - see above
        if stem not in folded:
            return False
    return True


def check_keyphrase_density_low(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a page where the keyphrase occurs in fewer sentences than
    ``keyphrase-density-min`` (0.5) per hundred words.

    Why it matters:
    A page that names its topic once or twice is rarely about it; search engines and
    readers both look for the phrase through the text.

    Example:
    A 1,000-word article naming "MLOps specialist" twice (0.2%): use it in at least five
    sentences where it fits.
    """
    wanted = _wanted(document)
    if wanted is None:
        return
    density = document.once(_density)
    minimum = context.thresholds.keyphrase_density_min
    if density < minimum:
        yield at(wanted[0], f"keyphrase {wanted[0].value!r} density is {density:.1f}%, under "
                            f"{minimum:g}%: use it where it fits naturally")


def check_keyphrase_density_high(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a page where the keyphrase occurs in more sentences than
    ``keyphrase-density-max`` (3) per hundred words.

    Why it matters:
    Repeating a phrase reads as keyword stuffing to readers and to search engines, which
    rank such pages lower.

    Example:
    A 200-word page with "MLOps specialist" in eight sentences (4%): use synonyms and
    pronouns.
    """
    wanted = _wanted(document)
    if wanted is None:
        return
    density = document.once(_density)
    maximum = context.thresholds.keyphrase_density_max
    if density > maximum:
        yield at(wanted[0], f"keyphrase {wanted[0].value!r} density is {density:.1f}%, over "
                            f"{maximum:g}%: use synonyms and pronouns instead")


RULES: tuple[Rule, ...] = (
    Rule("CD620", "keyphrase-not-in-title", Severity.WARNING, check_keyphrase_not_in_title),
    Rule("CD621", "keyphrase-not-in-introduction", Severity.WARNING,
         check_keyphrase_not_in_introduction),
    Rule("CD622", "keyphrase-not-in-description", Severity.WARNING,
         check_keyphrase_not_in_description),
    Rule("CD623", "keyphrase-not-in-slug", Severity.WARNING, check_keyphrase_not_in_slug),
    Rule("CD624", "keyphrase-not-in-subheadings", Severity.WARNING,
         check_keyphrase_not_in_subheadings),
    Rule("CD625", "keyphrase-density-low", Severity.WARNING, check_keyphrase_density_low),
    Rule("CD626", "keyphrase-density-high", Severity.WARNING, check_keyphrase_density_high),
)
