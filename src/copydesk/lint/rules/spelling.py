"""CD507 mixed-spelling: British and American spellings of one spelling family in a document.

A *family* is a spelling convention (-ise/-ize, -our/-or, ...), not a single word: a page
that writes "specialised" and "optimize" mixes the -ise/-ize family. Families are
independent, so Oxford spelling (-ize with British -our and -re) is not a mix.

The table is data: for each family, pairs of British/American endings and the stems they
attach to. Only stems listed are checked; words where both spellings are British for
different senses are left out on purpose: license (the British verb), meter (a device),
program (software), dialog/catalog/analog (British computing usage), judgment (British
law), rigor (rigor mortis), and words that are -ize everywhere (size, seize, capsize).
-ise/-ize covers -isation/-ization too, because the two always go together.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from copydesk.lint.document import Block, Document
from copydesk.lint.finding import Fix, Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.rules._words import block_words, indexed_words, words_in
from copydesk.lint.text import WORD_RE, Span


@dataclass(frozen=True)
class Family:
    name: str  # "-ise/-ize"
    endings: tuple[tuple[str, str], ...]  # (British, American) endings added to each stem
    stems: str  # space-separated: the table stays readable as data
    extra_pairs: tuple[tuple[str, str], ...] = ()  # whole (British, American) words


FAMILIES: tuple[Family, ...] = (
    Family("-ise/-ize",
           (("ise", "ize"), ("ised", "ized"), ("ises", "izes"), ("ising", "izing"),
            ("isation", "ization"), ("isations", "izations"), ("iser", "izer"),
            ("isers", "izers")),
           "organ special optim recogn real priorit standard categor custom minim maxim "
           "summar util emphas apolog author capital central character critic digit "
           "final global industrial legal local memor modern monet normal personal "
           "popular rational stabil symbol synchron visual familiar general hospital "
           "immun initial jeopard mobil neutral scrutin sensit social subsid theor "
           "commercial decentral democrat harmon human ideal internal material mechan "
           "moral patron polar privat random revolution sanit stigmat vector "
           "container parameter operational anonym fertil galvan hypothes"),
    Family("-yse/-yze",
           (("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"), ("yser", "yzer"),
            ("ysers", "yzers")),
           "anal paral catal electrol hydrol"),
    Family("-our/-or",
           (("our", "or"), ("ours", "ors"), ("oured", "ored"), ("ouring", "oring"),
            ("ourful", "orful"), ("ourite", "orite"), ("ourites", "orites"),
            ("ourable", "orable"), ("ourably", "orably"), ("ourless", "orless"),
            ("ourhood", "orhood")),
           "col fav behavi hon lab neighb hum flav rum harb vap endeav sav arm vig od "
           "splend clam ferv parl tum",
           (("behavioural", "behavioral"), ("behaviourally", "behaviorally"))),
    Family("-re/-er",
           (("re", "er"), ("res", "ers"), ("red", "ered"), ("ring", "ering")),
           "cent theat fib lit calib spect somb lust meag sab scept kilomet centimet "
           "millimet"),
    Family("-ll-/-l-",
           (("lled", "led"), ("lling", "ling"), ("ller", "ler"), ("llers", "lers")),
           "mode trave cance labe signa fue leve counse channe tunne tota dia pane "
           "quarre riva penci marsha",
           (("counsellor", "counselor"), ("counsellors", "counselors"),
            ("jewellery", "jewelry"), ("marvellous", "marvelous"), ("enrol", "enroll"),
            ("enrolment", "enrollment"), ("fulfil", "fulfill"), ("fulfilment", "fulfillment"),
            ("skilful", "skillful"), ("wilful", "willful"), ("instalment", "installment"))),
    Family("-ence/-ense", (("ence", "ense"), ("ences", "enses")), "def off pret"),
)


@dataclass(frozen=True)
class Variant:
    family: str
    british: bool
    counterpart: str  # the same word in the other spelling


def _variants(families: tuple[Family, ...]) -> dict[str, Variant]:
    table: dict[str, Variant] = {}
    for family in families:
        pairs = [(stem + uk, stem + us)
                 for stem in family.stems.split() for uk, us in family.endings]
        for uk, us in [*pairs, *family.extra_pairs]:
            table[uk] = Variant(family.name, True, us)
            table[us] = Variant(family.name, False, uk)
    return table


VARIANTS = _variants(FAMILIES)
# Asked of every block: a frozenset answers isdisjoint twice as fast as the dict's keys.
# In the word index: a document's words are looked up once for every rule that asks.
_VARIANT_WORDS = indexed_words(*VARIANTS)


@dataclass(frozen=True)
class _Use:
    block: Block
    span: Span
    variant: Variant


_OPENERS = frozenset(" \t\n\"'“‘(")


def _is_proper_noun(block: Block, span: Span) -> bool:
    """A capital not at a sentence start marks a name ("World Health Organization")."""
    if not span.text[0].isupper():
        return False
    index = span.start - 1
    while index >= 0 and block.text[index] in _OPENERS:
        index -= 1  # walk back by hand: slicing the text before each word is quadratic
    return index >= 0 and block.text[index] not in ".!?:"


def _uses(document: Document) -> Iterator[_Use]:
    for block, lowered in zip(document.blocks, block_words(document), strict=True):
        if _VARIANT_WORDS.isdisjoint(lowered):
            continue  # most blocks: looked up without making a span per word
        # The i-th word is the i-th match: skip to the few variants (in C) rather than
        # make a span of every word.
        matches = WORD_RE.finditer(block.text)
        after = 0  # the index of the next match
        for index, word in enumerate(lowered):
            variant = VARIANTS.get(word)
            if variant is None:
                continue
            match = next(islice(matches, index - after, None))
            after = index + 1
            span = Span(match.start(), match.end(), match.group())
            if not _is_proper_noun(block, span):
                yield _Use(block, span, variant)


def _may_mix(document: Document) -> bool:
    """Whether the document may hold both spellings of a family, names included: the words
    of all its blocks at once (the word index, which holds each of their lowered words,
    and some more), which rules out most documents before any block is read."""
    found = [VARIANTS[word] for word in words_in(document, _VARIANT_WORDS)]
    british = {variant.family for variant in found if variant.british}
    return any(variant.family in british for variant in found if not variant.british)


def _in_case_of(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word[0].upper() + word[1:] if model[0].isupper() else word


def _region(british: bool) -> str:
    return "British" if british else "American"


def _fix(document: Document, use: _Use, replacement: str) -> Fix | None:
    line, col = use.block.position(use.span.start)
    end_line, end_col = use.block.position(use.span.end)
    if document.source_line(line)[col - 1:end_col - 1] != use.span.text or end_line != line:
        return None  # the reader could not map this word back to the source exactly
    return Fix(line, col, end_line, end_col, replacement, f"write {replacement!r}")


def check_mixed_spelling(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags British and American spellings of one spelling family in the same document.
    The families are -ise/-ize with -isation/-ization, -yse/-yze, -our/-or, -re/-er,
    -ll-/-l- and -ence/-ense; the minority spelling is reported with both forms. Families are
    independent: Oxford spelling (-ize with British -our, -re and -yse) is not a mix.
    Capitalised words inside a sentence are taken for names ("World Health
    Organization") and skipped.

    Why it matters:
    Consistent spelling is part of a house style; a page that says "specialised" in one
    paragraph and "optimize" in the next reads as stitched together from several sources.

    Example:
    "specialised talent" and "organisation" in a page that also says "optimize models":
    write "optimise" (or change the others to -ize).
    """
    if not _may_mix(document):
        return
    by_family: dict[str, list[_Use]] = {}
    for use in _uses(document):
        by_family.setdefault(use.variant.family, []).append(use)
    for family, uses in by_family.items():
        british = [use for use in uses if use.variant.british]
        american = [use for use in uses if not use.variant.british]
        if not british or not american:
            continue
        # On a tie the spelling the document started with is taken as its style.
        british_leads = (len(british), -uses.index(british[0])) > (
            len(american), -uses.index(american[0]))
        majority, minority = (british, american) if british_leads else (american, british)
        examples = ", ".join(dict.fromkeys(use.span.text.lower() for use in majority[:5]))
        for use in minority:
            replacement = _in_case_of(use.variant.counterpart, use.span.text)
            yield Hit(use.block, use.span.start, use.span.end,
                      f"mixed spelling: {use.span.text!r} is {_region(not british_leads)} "
                      f"{family}, but this document mostly uses {_region(british_leads)} "
                      f"spelling ({examples}); write {replacement!r} or change the others",
                      _fix(document, use, replacement))


RULES: tuple[Rule, ...] = (
    Rule("CD507", "mixed-spelling", Severity.WARNING, check_mixed_spelling),
)
