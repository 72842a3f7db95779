"""CD507 mixed-spelling."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.lint.readers import read_document
from copydesk.lint.rules import spelling
from copydesk.lint.rules.spelling import FAMILIES, VARIANTS
from copydesk.lint.text import words
from tests.lint.rules.helpers import RuleExamples, lint_snippet
from tests.lint.rules.test_mechanics import apply_fix

EXAMPLES: dict[str, RuleExamples] = {
    "CD507": RuleExamples(
        failing=(
            "We need specialised talent. We also need specialized tools.\n",
            "We specialise in hiring. Our organisation helps you optimize models.\n",
            "The colour matters. The color matters too.\n",
            "Predictive modelling is over. Modeling now means transformers.\n",
            "Meet us at the centre. The center is closed on Sundays.\n",
            "We analyse the data. They analyzed it again.\n",
            "Our defence is strong.\n\nTheir defense is weak.\n",
        ),
        passing=(
            "We organize teams and choose the colour of the centre carefully.\n",
            "Our organisation works with the World Health Organization.\n",
            "We optimize, specialize and organize: American spelling throughout.\n",
            "We analyze data. The analyses show growth.\n",
            "A licence to drive and the right to license software.\n",
            "The meter reads ten metres.\n",
            "We specialise in hiring. The word `optimize` is an API name.\n",
        ),
    ),
}


def test_table_pairs_every_variant_with_its_counterpart_in_the_same_family() -> None:
    for word, variant in VARIANTS.items():
        partner = VARIANTS[variant.counterpart]
        assert partner.counterpart == word
        assert partner.family == variant.family
        assert partner.british != variant.british


def test_no_word_is_claimed_by_two_families() -> None:
    words = [stem + ending for family in FAMILIES for stem in family.stems.split()
             for pair in family.endings for ending in pair]
    words += [word for family in FAMILIES for pair in family.extra_pairs for word in pair]
    assert len(words) == len(set(words))


def test_minority_spelling_is_reported_with_both_forms() -> None:
    text = ("Specialised talent is scarce. Every organisation wants it.\n\n"
            "Teams optimize models and optimise pipelines.\n")
    [finding] = lint_snippet(text, "CD507")
    assert (finding.line, finding.col, finding.end_col) == (3, 7, 15)
    assert "'optimize'" in finding.message and "'optimise'" in finding.message
    assert "American -ise/-ize" in finding.message and "British" in finding.message
    assert finding.fix is not None
    assert "Teams optimise models" in apply_fix(text, finding.fix)


def test_on_a_tie_the_first_spelling_sets_the_style() -> None:
    [finding] = lint_snippet("The color was red. The colour was blue.\n", "CD507")
    assert finding.col == 24


def test_fix_keeps_the_capital_of_a_sentence_start() -> None:
    text = "We organize teams and specialize. Colour is key. Color is not.\n"
    findings = lint_snippet(text, "CD507")
    assert [f.col for f in findings] == [50]
    assert findings[0].fix is not None and findings[0].fix.replacement == "Colour"


def test_oxford_spelling_mixes_families_not_spellings() -> None:
    text = ("We organize and analyse the data, then realize the colour of the theatre "
            "matters; labelled rows, a defence.\n")
    assert lint_snippet(text, "CD507") == []


VARIANT_TEXT = st.lists(st.sampled_from([
    "colour", "Color", "COLOUR", "organisation", "organization’s", "re-organise", "centre",
    "center", "the", "World", "Health", "Organization", ".", "!", " ", "  ", "\n", "(",
    "x-colour", "2026", "é", "licence",
]), max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=VARIANT_TEXT)
def test_every_variant_word_is_found_at_its_own_span(text: str) -> None:
    document = read_document("post.md", text)
    expected = [(block.text, span, VARIANTS[span.text.lower()])
                for block in document.blocks for span in words(block.text)
                if span.text.lower() in VARIANTS and not spelling._is_proper_noun(block, span)]
    assert [(use.block.text, use.span, use.variant)
            for use in spelling._uses(document)] == expected
