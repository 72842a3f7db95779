"""CD4xx readability: Flesch reading ease, long sentences and paragraphs, walls of text.

Which blocks each rule reads: headings never (they are labels, not prose). List items
count for the Flesch score and for overlong sentences, but not for the long-sentence
share, paragraph length or repeated openings, because list items are usually fragments
and parallel by design ("Step 1 ...", "Step 2 ..."). Table cells are data, not prose,
except for the word count under a heading. Scores come from ``copydesk.lint.syllables``,
which works offline (textstat would download its dictionary).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import chain
from operator import itemgetter

from copydesk.lint.document import Block, Document
from copydesk.lint.finding import Severity
from copydesk.lint.rule import Hit, Rule, RuleContext
from copydesk.lint.rules._words import alike_in_a_row, block_words
from copydesk.lint.syllables import TextStats, flesch_score, text_counts
from copydesk.lint.text import (
    Span,
    counted_sentences,
    lower_words,
    sentence_openings,
    sentence_words,
    word_offsets,
)

_SENTENCE_KINDS = frozenset({"paragraph", "quote", "list_item"})
_PARAGRAPH_KINDS = frozenset({"paragraph", "quote"})
# Openings that say little on their own: "The market ... The data ..." start differently.
_WEAK_OPENINGS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "our", "your", "their", "its"})
_FIRST = itemgetter(0)


def prose_stats(blocks: Iterable[Block]) -> TextStats:
    """Counts over the blocks the Flesch score reads (the HTML report charts it too)."""
    return TextStats(*_prose_counts(blocks))


def _prose_counts(blocks: Iterable[Block]) -> tuple[int, ...]:
    """``prose_stats(blocks)`` as (sentences, words, syllables)."""
    # Added up field by field, in C: a TextStats made at every "+" was most of the cost,
    # and one made for each block (each field set by a call) more than the sums.
    counted = [text_counts(block.text) for block in blocks if block.kind in _SENTENCE_KINDS]
    return tuple(map(sum, zip(*counted, strict=True))) or (0, 0, 0)


def _flesch_message(score: float, context: RuleContext, where: str) -> str:
    return (f"Flesch reading ease {score:.1f}{where} is below {context.thresholds.flesch_min:g} "
            f"(set thresholds.flesch-min); use shorter sentences and plainer words")


def check_low_readability(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a document whose Flesch reading ease is below `thresholds.flesch-min`.
    The score covers the prose (paragraphs, quotes, list items); the default floor is
    30, "very difficult". Documents shorter than `thresholds.min-section-words-for-flesch`
    words (default 100) are skipped: their score is noise.

    Why it matters:
    Web readers skim. Below 30 a text reads like a legal contract or a research paper:
    long sentences and many long words make readers leave before the point.

    Example:
    A 400-word article whose sentences average 30 words of mostly three-syllable words
    scores about 10 and is flagged; the same content in 15-word sentences passes.
    """
    stats = prose_stats(document.blocks)
    if stats.words == 0 or stats.words < context.thresholds.min_section_words_for_flesch:
        return
    score = stats.flesch_reading_ease
    if score < context.thresholds.flesch_min:
        first, _, _ = next(_sentences_of(document.blocks, _SENTENCE_KINDS))
        yield Hit(None, 0, 0, _flesch_message(score, context, " of the document"),
                  line=first.line)


def check_low_section_readability(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a section whose Flesch reading ease is below `thresholds.flesch-min`.
    A section is a heading and the blocks under it; only sections with at least
    `thresholds.min-section-words-for-flesch` words are scored, and a document with a
    single section is left to CD401.

    Severity is info: a section score rests on a few sentences, so one long technical
    term moves it by several points. It tells you where to edit; the document score
    (CD401) is the one that gates publishing.

    Why it matters:
    One dense section can hide in a readable article, and it is usually the one
    explaining the hardest idea, exactly where readers need plain words.

    Example:
    An article scoring 55 overall with a "How it works" section scoring 12 gets a
    finding on the "How it works" heading.
    """
    # Plain counts, not a TextStats for each section (each field set by a call).
    scored = [(heading, blocks, counts) for heading, blocks in document.sections()
              if (counts := _prose_counts(blocks))[1]]
    if len(scored) < 2:
        return
    for heading, blocks, (sentences, words, syllables) in scored:
        if words < context.thresholds.min_section_words_for_flesch:
            continue
        score = flesch_score(sentences, words, syllables)
        if score < context.thresholds.flesch_min:
            block, span = _section_anchor(heading, blocks)
            yield Hit(block, span.start, span.end, _flesch_message(score, context,
                                                                   " of this section"))


def _section_anchor(heading: Block | None, blocks: Sequence[Block]) -> tuple[Block, Span]:
    """The heading of a section, or the first sentence of a section before any heading."""
    if heading is not None:
        return heading, Span(0, len(heading.text), heading.text)
    first, sentence, _ = next(_sentences_of(blocks, _SENTENCE_KINDS))
    return first, sentence


def _sentences_of(blocks: Iterable[Block], kinds: frozenset[str]
                  ) -> Iterator[tuple[Block, Span, int]]:
    """(block, sentence, word count) of every sentence with words in blocks of ``kinds``."""
    for block in blocks:
        if block.kind in kinds:
            for sentence, count in counted_sentences(block.text):
                yield block, sentence, count


def check_too_many_long_sentences(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a section where too many sentences are long (Yoast: over 25% over 20 words).
    Sections need at least `thresholds.min-sentences-for-share` sentences (default 6)
    in their paragraphs; a sentence is long over `thresholds.long-sentence-words` words
    and the share may not exceed `thresholds.long-sentence-share`. The finding points
    at the longest such sentence that is not already flagged by CD404 on its own.

    Why it matters:
    A few long sentences give rhythm; a section made of them tires the reader, who has
    to hold every clause in mind until the full stop.

    Example:
    A section of eight sentences, three of them 25 to 35 words long (38%), is flagged
    at its longest sentence; with one such sentence (12%) it passes.
    """
    limits = context.thresholds
    for _, blocks in document.sections():
        measured = list(_sentences_of(blocks, _PARAGRAPH_KINDS))
        long = [item for item in measured if item[2] > limits.long_sentence_words]
        if len(measured) < limits.min_sentences_for_share or not long:
            continue
        share = len(long) / len(measured)
        if share <= limits.long_sentence_share:
            continue
        unflagged = [item for item in long if item[2] <= limits.max_sentence_words]
        block, sentence, count = max(unflagged or long, key=lambda item: item[2])
        yield Hit(block, sentence.start, sentence.end,
                  f"{len(long)} of {len(measured)} sentences in this section ({share:.0%}) "
                  f"have more than {limits.long_sentence_words} words, above "
                  f"{limits.long_sentence_share:.0%} (set thresholds.long-sentence-share); "
                  f"the longest, here, has {count} words")


def check_overlong_sentence(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags any sentence over `thresholds.max-sentence-words` words (default 40).
    Paragraphs, quotes and list items are read; headings and table cells are not.

    Why it matters:
    Past about 40 words even attentive readers lose the subject before the verb
    arrives; such a sentence almost always holds two or three ideas that read better
    apart.

    Example:
    "Our analysis consistently shows these roles sitting open well beyond the 90-day
    mark - not because companies aren't trying, but because ..." (93 words) is flagged;
    split at the dash.
    """
    limit = context.thresholds.max_sentence_words
    for block, sentence, count in _sentences_of(document.blocks, _SENTENCE_KINDS):
        if count > limit:
            yield Hit(block, sentence.start, sentence.end,
                      f"sentence has {count} words, over {limit} "
                      f"(set thresholds.max-sentence-words); split it")


def check_long_paragraph(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags a paragraph over `thresholds.max-paragraph-words` words (default 150).
    Block quotes count as paragraphs; the finding points at the first word past the
    limit.

    Why it matters:
    On a screen, and worse on a phone, a 200-word paragraph is a wall: readers skip
    it. One idea per paragraph keeps them reading.

    Example:
    A 180-word paragraph is flagged at its 151st word; two paragraphs of 90 words pass.
    """
    limit = context.thresholds.max_paragraph_words
    for block, lowered in zip(document.blocks, block_words(document), strict=True):
        if block.kind not in _PARAGRAPH_KINDS or (count := len(lowered)) <= limit:
            continue
        # Only the first and the last word past the limit: making a span for each of a
        # long paragraph's words was most of what this rule cost.
        yield Hit(block, word_offsets(block.text, limit)[0],
                  word_offsets(block.text, count - 1)[1],
                  f"paragraph has {count} words, over {limit} "
                  f"(set thresholds.max-paragraph-words); split it")


def check_long_text_without_subheading(document: Document,
                                       context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags more than `thresholds.max-words-without-subheading` words with no heading.
    The default is 300 words; the finding points at the first word past the limit.

    Why it matters:
    Readers scan headings to find their answer, and search engines use them to
    understand the page and to pick featured snippets.

    Example:
    A 450-word introduction before the first subheading is flagged at its 301st word.
    """
    limit = context.thresholds.max_words_without_subheading
    for _, blocks in document.sections():
        counts = [len(lower_words(block.text)) for block in blocks]
        total = sum(counts)
        if total <= limit:
            continue
        before = 0  # words in the blocks before the one holding word number ``limit``
        for block, count in zip(blocks, counts, strict=True):
            if before + count > limit:
                yield Hit(block, *word_offsets(block.text, limit - before),
                          f"{total} words without a subheading, over {limit} "
                          f"(set thresholds.max-words-without-subheading); add one near here")
                break
            before += count


# Per opening, like syllable counts: a post asks for sixty, and a corpus repeats a few
# thousand ("The market", "Companies").
@lru_cache(maxsize=8192)
def _opening(first_words: tuple[str, ...]) -> str:
    """The first word, with the next one when the first says little ("The", "Step 1");
    ``first_words`` are lower case (sentence_openings)."""
    if len(first_words) == 2 and (first_words[0] in _WEAK_OPENINGS or first_words[1].isdigit()):
        return " ".join(first_words)
    return first_words[0]


def check_repeated_sentence_start(document: Document, context: RuleContext) -> Iterator[Hit]:
    """What it does:
    Flags three or more consecutive sentences that open with the same word.
    This is Yoast's "consecutive sentences" check over a section's paragraphs; the
    run length is `thresholds.same-start-run`. After "the", "a", "this", "our" and
    similar the next word counts too, and so does a number ("Step 1" and "Step 2"
    differ). The finding points at the opening of the first sentence of the run.

    Why it matters:
    "We help. We listen. We deliver." reads as a list pretending to be prose and
    sounds monotonous; varied openings keep the reader moving.

    Example:
    "Companies hire. Companies train. Companies retain." is flagged at the first
    "Companies"; "The market grows. The data shows it. The team agrees." passes.
    """
    run_length = context.thresholds.same_start_run
    if not _may_repeat_first_words(document, run_length):
        return
    for _, blocks in document.sections():
        run: list[tuple[Block, Span, str]] = []
        for block in blocks:
            if block.kind not in _PARAGRAPH_KINDS:
                continue
            for (sentence, _count), first_words in zip(counted_sentences(block.text),
                                                       sentence_openings(block.text),
                                                       strict=True):
                opening = _opening(first_words)
                if run and run[-1][2] != opening:
                    # Tested here, not in a generator made at each change of opening
                    # (most sentences): that cost as much as the rest of the rule.
                    if len(run) >= run_length:
                        yield _run_hit(run, run_length)
                    run = []
                run.append((block, sentence, opening))
        if len(run) >= run_length:
            yield _run_hit(run, run_length)


def _may_repeat_first_words(document: Document, run_length: int) -> bool:
    """Whether ``run_length`` sentences in a row of the document's paragraphs and quotes
    open with the same word, case aside: a run CD407 reports (within a section, other
    blocks skipped) is one, as its sentences' openings start with their first words
    lowered. Asked in C, a few operations a sentence: most documents have no such run,
    and working out each sentence's opening and following the runs section by section
    was most of the rule's time."""
    if run_length < 2:
        return True  # every sentence is a run
    firsts = list(map(_FIRST, chain.from_iterable(
        [sentence_openings(block.text) for block in document.blocks
         if block.kind in _PARAGRAPH_KINDS])))  # lower case already (sentence_openings)
    return b"\x01" * (run_length - 1) in alike_in_a_row(firsts)


def _run_hit(run: list[tuple[Block, Span, str]], run_length: int) -> Hit:
    block, sentence, opening = run[0]
    first_word = sentence_words(block.text, sentence)[0]
    return Hit(block, first_word.start, first_word.end,
               f'{len(run)} consecutive sentences start with "{opening}" '
               f"({run_length} or more; set thresholds.same-start-run); vary the openings")


RULES: tuple[Rule, ...] = (
    Rule("CD401", "low-readability", Severity.WARNING, check_low_readability),
    Rule("CD402", "low-section-readability", Severity.INFO, check_low_section_readability),
    Rule("CD403", "too-many-long-sentences", Severity.WARNING, check_too_many_long_sentences),
    Rule("CD404", "overlong-sentence", Severity.WARNING, check_overlong_sentence),
    Rule("CD405", "long-paragraph", Severity.WARNING, check_long_paragraph),
    Rule("CD406", "long-text-without-subheading", Severity.WARNING,
         check_long_text_without_subheading),
    Rule("CD407", "repeated-sentence-start", Severity.WARNING, check_repeated_sentence_start),
)
