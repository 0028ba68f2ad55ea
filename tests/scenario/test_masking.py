"""The masking table's stand-ins, with the articles and plurals around them mended."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.scenario.masking import Masker, indefinite_article, plural

GREENLAND_LIKE = (
    ("American", "Columbian"),
    ("Americans", "Columbians"),
    ("United States", "Columbian Federation"),
    ("US", "CF"),
    ("JSOC", "STC"),
    ("Europe", "Occidia"),
    ("European", "Occidian"),
    ("Daily Mail", "a daily newspaper"),
    ("Trump", "the President"),
    ("Iran", "Parsia"),
    ("Russian", "Vostrian"),
)
MASK = Masker(GREENLAND_LIKE)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("an American guarantee", "a Columbian guarantee"),
        ("An American guarantee", "A Columbian guarantee"),
        ("a European force", "an Occidian force"),
        ("a JSOC plan", "an STC plan"),
        ("a US base", "a CF base"),
        ("an Iranian", "an Iranian"),  # not a listed name: untouched
        ("an Iran deal", "a Parsia deal"),
        ("the Daily Mail reported", "a daily newspaper reported"),
        ("The Daily Mail reported", "A daily newspaper reported"),
        ("Daily Mail reported", "A daily newspaper reported"),
        ("as Daily Mail reported", "as a daily newspaper reported"),
        ("the United States", "the Columbian Federation"),
        ("Americans and Russians", "Columbians and Vostrians"),
        ("Russia's", "Russia's"),
        ("a Russian's", "a Vostrian's"),
        ("many Americans", "many Columbians"),
        ("Mundanes", "Mundanes"),
    ],
)
def test_masked_text_reads_well(text: str, masked: str) -> None:
    assert MASK(text) == masked


def test_a_plural_the_table_leaves_out_is_masked_too() -> None:
    mask = Masker((("Russian", "Vostrian"), ("Federal City", "Capital Town")))
    assert mask("Russians met the Russian envoy") == "Vostrians met the Vostrian envoy"
    assert plural("Federal City") == "Federal Cities"
    assert plural("Sericapol") == "Sericapols"
    assert plural("Vostrian") == "Vostrians"


@pytest.mark.parametrize(
    ("phrase", "article"),
    [
        ("Columbian", "a"),
        ("Occidian", "an"),
        ("STC", "an"),
        ("CF", "a"),
        ("FBI", "an"),
        ("European", "a"),
        ("union", "a"),
        ("hour", "an"),
        ("island", "an"),
        ("one-off", "a"),
        ("", "a"),
    ],
)
def test_indefinite_article(phrase: str, article: str) -> None:
    assert indefinite_article(phrase) == article


def test_an_article_the_author_chose_otherwise_is_left_alone() -> None:
    # "an US" is the author's own slip, not an article that agreed with the real name.
    assert MASK("an US plan") == "an CF plan"


def test_masking_off_is_the_identity() -> None:
    assert Masker(GREENLAND_LIKE, enabled=False)("an American") == "an American"


@settings(deadline=None)  # a loaded machine took 292 ms over one example: no clock here
@given(
    st.lists(
        st.sampled_from(
            ["an American", "a JSOC", "the Daily Mail", "Americans", "a European", "US", "and",
             "An American.", "Trump", "plain words"]
        ),
        max_size=8,
    )
)
def test_no_real_name_survives_and_no_article_is_doubled(words: list[str]) -> None:
    masked = MASK(" ".join(words))
    for real, _ in GREENLAND_LIKE:
        assert not re.search(rf"(?<!\w){re.escape(real)}(?!\w)", masked), masked
    assert not re.search(r"\b(a|an|the) (a|an|the)\b", masked, re.IGNORECASE), masked
    assert not re.search(r"\ban [bcdgjkpqtvwz]", masked), masked
