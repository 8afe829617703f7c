import re

import polars as pl

from smartcustoms.lab.trade.descriptions import phrase_table
from smartcustoms.reference import hs

CJK = r"[\u4e00-\u9fff]"


def test_a_share_of_descriptions_is_in_chinese(dataset):
    share = dataset.items["description"].str.contains(CJK).mean()
    assert 0.03 < share < 0.4


def test_descriptions_vary_within_a_code_and_are_not_a_lookup_table(dataset):
    items = dataset.items
    assert items["description"].n_unique() > 0.6 * items.height
    per_code = (
        items.group_by("hs_code")
        .agg(n=pl.len(), distinct=pl.col("description").n_unique())
        .filter(pl.col("n") >= 10)
    )
    assert per_code.height > 0
    assert (per_code["distinct"] >= 2).all()
    assert (per_code["distinct"] / per_code["n"]).median() > 0.6


def test_descriptions_fit_the_schema(dataset):
    lengths = dataset.items["description"].str.len_chars()
    assert lengths.min() >= 1 and lengths.max() <= 512


def test_phrasings_come_from_the_hs_text():
    english, chinese = phrase_table(("090121", "870323"))
    assert "roasted" in english[0].lower()
    assert "coffee" in english[0].lower()
    assert chinese.to_list() == ["咖啡", "小汽车"]


def test_english_descriptions_carry_the_heading(dataset):
    """A naive word-overlap matcher against the HS texts finds the true heading most of the
    time: the text is good enough to train and test an HS classifier on."""
    words = re.compile(r"[a-z]{4,}")
    vocabulary: dict[str, set[str]] = {}
    for entry in hs.subheadings():
        vocabulary.setdefault(entry.code[:4], set()).update(
            words.findall(entry.description.lower())
        )
    sample = dataset.joined.filter(~pl.col("description").str.contains(CJK)).head(300)
    hits = 0
    for description, true_code in sample.select("description", "true_hs_code").iter_rows():
        found = set(words.findall(description.lower()))
        best = max(sorted(vocabulary), key=lambda heading: len(found & vocabulary[heading]))
        hits += best == true_code[:4]
    assert hits / sample.height > 0.6
