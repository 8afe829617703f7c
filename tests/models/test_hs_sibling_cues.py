"""Garment and footwear cues: knitted or woven, the material of a shoe's upper."""

import csv

import numpy as np
import pytest

from smartcustoms.models.hs_classifier.sibling_cues import CUES_PATH, CueTable, default_cues
from smartcustoms.reference import hs

ROWS = [
    {"topic": "footwear", "kind": "names", "codes": "", "weight": "0", "en": "shoe;boot"},
    {"topic": "footwear", "kind": "says", "codes": "6402", "weight": "2", "en": "pu;pu leather"},
    {"topic": "footwear", "kind": "says", "codes": "6403", "weight": "2", "en": "leather"},
    {"topic": "footwear", "kind": "says", "codes": "6404", "weight": "2", "en": "knit"},
    {"topic": "footwear", "kind": "says", "codes": "640291 640391", "weight": "1", "en": "boot"},
    {"topic": "garment", "kind": "names", "codes": "61", "weight": "1", "en": "hoodie"},
    {"topic": "garment", "kind": "names", "codes": "", "weight": "0", "en": "dress"},
    {"topic": "garment", "kind": "says", "codes": "61", "weight": "2", "en": "knit"},
    {"topic": "garment", "kind": "says", "codes": "62", "weight": "2", "en": "denim", "zh": "牛仔"},
]


def _evidence(texts: list[str], table: CueTable | None = None) -> list[set[tuple[str, float]]]:
    rows, codes, weights = (table or CueTable(ROWS)).evidence(texts)
    found = [set() for _ in texts]
    for row, code, weight in zip(rows, codes, weights, strict=True):
        found[row].add((code, weight))
    return found


def test_a_garment_type_carries_its_usual_fabric_and_a_stated_fabric_weighs_more():
    hoodie, denim_hoodie, knit_dress, dress = _evidence(
        ["cotton hoodies", "denim hoodie", "knit dress", "summer dress"]
    )
    assert hoodie == {("61", 1.0)}  # plural folded
    assert denim_hoodie == {("61", 1.0), ("62", 2.0)}
    assert knit_dress == {("61", 2.0)}
    assert dress == set()  # a dress may be either


def test_fabric_words_count_only_when_the_title_names_the_topic():
    assert _evidence(["knit blanket", "denim fabric roll"]) == [set(), set()]


def test_the_longest_word_wins_and_the_first_topic_named_decides():
    pu_boots, knit_shoes = _evidence(["women pu leather ankle boots", "knit hoodie shoes"])
    assert pu_boots == {
        ("6402", 2.0),
        ("640291", 1.0),
        ("640391", 1.0),
    }  # "leather" is in "pu leather"
    assert knit_shoes == {("6404", 2.0)}  # footwear first: a knit upper, not a knitted garment


def test_chinese_words_match_inside_the_text():
    assert _evidence(["女士牛仔连衣裙"]) == [set()]  # no garment word listed in Chinese here
    assert CueTable([*ROWS, {**ROWS[6], "zh": "连衣裙"}]).evidence(["女士牛仔连衣裙"])[1] == ["62"]


def test_a_row_of_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        CueTable([{**ROWS[0], "kind": "maybe"}])


def test_every_code_in_the_project_table_is_an_hs2022_code():
    with open(CUES_PATH, newline="", encoding="utf-8") as handle:
        codes = {code for row in csv.DictReader(handle) for code in row["codes"].split()}
    assert codes
    for code in codes:
        assert hs.lookup(code).code == code


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("men pullover hoodie cotton", "61"),
        ("women high waist skinny jeans stretch", "62"),
        ("mens running shoes breathable mesh rubber sole", "6404"),
        ("women genuine leather ankle boots", "6403"),
        ("microfiber duvet cover set printed floral", "630222"),
        ("women genuine leather shoulder bag", "420221"),
        ("pu leather crossbody bag for women", "420222"),
        ("straw beach tote bag", "420229"),
        ("acetate claw clip large", "961511"),
        ("metal hair clips for women", "961519"),
        ("layered choker necklace for women", "7117"),
        ("925 sterling silver stud earrings", "7113"),
    ],
)
def test_the_project_table_favours_the_right_code(title, code):
    rows, codes, _ = default_cues().evidence([title])
    assert code in codes and rows


def test_jewellery_is_imitation_unless_the_title_says_otherwise_and_a_ring_light_is_not_jewellery():
    plain, silver, ring_light = _evidence(
        ["heart pendant necklace", "sterling silver heart necklace", "led ring light with tripod"],
        default_cues(),
    )
    assert plain == {("7117", 1.0)}
    assert ("7113", 2.0) in silver and max(silver, key=lambda c: c[1])[0] == "7113"
    assert ring_light == set()


def test_a_lamp_is_led_unless_the_title_names_a_bulb_socket_or_another_light_source():
    desk, socket = _evidence(
        ["modern minimalist desk lamp eye protection", "nordic floor lamp e27 linen shade"],
        default_cues(),
    )
    assert ("940521", 1.0) in desk and not any(code.endswith("9") for code, _ in desk)
    assert max(socket, key=lambda cue: cue[1])[0].endswith("9")
    assert ("940529", 2.0) in socket


def test_cues_move_a_garment_to_its_fabric_chapter(tfidf_model):
    title = "Men Crew Neck Hoodie Casual Long Sleeve Solid Top"
    without = tfidf_model.predict_proba([title])
    tfidf_model.cue_weight, weight = 0.0, tfidf_model.cue_weight
    try:
        plain = tfidf_model.predict_proba([title])
    finally:
        tfidf_model.cue_weight = weight
    knitted = [i for i, c in enumerate(tfidf_model.classes_) if c.startswith("61")]
    assert without[0, knitted].sum() > plain[0, knitted].sum()


def test_the_material_rule_counts_in_log_odds_between_subheadings(tfidf_model):
    """Like the cues, the material rule adds log-odds: the odds of a polyester hoodie being of
    man-made fibres rather than of cotton move by exactly the rule's weight, although the
    subheading temperature is about four times the heading's."""
    title = ["men hooded sweatshirt pullover polyester"]
    cotton, man_made = (list(tfidf_model.classes_).index(c) for c in ("611020", "611030"))
    with_rule = tfidf_model.predict_proba(title)[0]
    tfidf_model.attribute_weight, weight = 0.0, tfidf_model.attribute_weight
    try:
        without = tfidf_model.predict_proba(title)[0]
    finally:
        tfidf_model.attribute_weight = weight
    shift = np.log(with_rule[man_made] / with_rule[cotton]) - np.log(
        without[man_made] / without[cotton]
    )
    assert shift == pytest.approx(weight, rel=1e-3)
