import pytest

from smartcustoms.models.hs_classifier.phrases import TITLE_MAX_WORDS, PhraseIndex

TERMS = [
    ("brake pads", "870830"),
    ("ceramic", "69"),
    ("electric kettle", "851679"),
    ("kettle", "8516"),
    ("sneaker", "640411"),
    ("电水壶", "851679"),
    ("t-shirt", "6109"),
    ("t恤", "6109"),
]


@pytest.fixture(scope="module")
def index() -> PhraseIndex:
    return PhraseIndex(TERMS)


def test_whole_terms_are_found_and_parts_of_words_are_not(index):
    found = {m.term for m in index.matches("front ceramic brake pads set for toyota")}
    assert found == {"brake pad", "ceramic"}  # terms are reported as matched, plurals folded
    assert index.matches("ceramicware brakepads t-shirtdress") == []


def test_plurals_fold_to_the_singular(index):
    assert [m.codes for m in index.matches("men's running sneakers mesh")] == [("640411",)]


@pytest.mark.parametrize(
    ("term", "title"),
    [
        ("aa battery", "aa batteries 1.5v"),
        ("hoodie", "men cotton hoodies"),
        ("wrist watch", "wrist watches for men"),
        ("dress", "summer dresses"),
        ("makeup brush", "makeup brushes set"),
        ("kitchen knife", "kitchen knives set"),
        ("camera lenses", "camera lens"),
        ("dried tomato", "dried tomatoes"),
    ],
)
def test_plurals_in_es_ies_and_ves_meet_their_singular(term, title):
    assert [m.codes for m in PhraseIndex([(term, "1")]).matches(title)] == [("1",)]


def test_a_singular_ending_in_s_is_not_folded_into_another_word():
    assert PhraseIndex([("size", "1")]).matches("sizes chart") != []
    assert PhraseIndex([("gla", "1")]).matches("glasses") == []


def test_glasses_are_not_glass():
    assert PhraseIndex([("glass", "70")]).matches("glasses for men") == []


def test_longer_terms_weigh_more(index):
    [kettle] = index.matches("1.7l kettle stainless steel")
    [electric_kettle] = index.matches("1.7l electric kettle stainless steel")
    assert electric_kettle.weight > kettle.weight > 0


def test_chinese_terms_are_found_inside_a_run_of_characters(index):
    assert [m.codes for m in index.matches("新款不锈钢电水壶1.7升")] == [("851679",)]


def test_chinese_terms_that_begin_in_latin_letters_are_found(index):
    assert [m.codes for m in index.matches("女士纯棉短袖t恤")] == [("6109",)]


def test_evidence_counts_a_term_for_its_code_and_the_codes_above(index):
    labels = {2: ["69", "85", "87"], 4: ["8516", "8708"], 6: ["851679", "870830"]}
    evidence, _ = index.evidence(["brake pads", "nothing here", "electric kettle"], labels)
    cells = {level: _cells(*triples) for level, triples in evidence.items()}
    assert set(cells[6]) == {(0, 1), (2, 0)}  # brake pads -> 870830, electric kettle -> 851679
    by_cell = cells[4]
    assert set(by_cell) == {(0, 1), (2, 0)}
    # heading 8516 takes the more specific of "electric kettle" and "kettle"
    assert by_cell[(2, 0)] == max(m.weight for m in index.matches("electric kettle"))
    assert set(cells[2]) == {(0, 2), (2, 1)}  # nothing for the row that names no term


def _cells(rows, columns, weights) -> dict[tuple[int, int], float]:
    return dict(zip(zip(rows, columns, strict=True), weights, strict=True))


def test_an_empty_index_finds_nothing():
    empty = PhraseIndex([])
    assert len(empty) == 0
    assert empty.evidence(["anything"], {2: ["01"]}) == ({2: ([], [], [])}, [None])


def test_a_term_inside_a_longer_matched_term_is_not_evidence_of_its_own():
    index = PhraseIndex(
        [("watch", "9102"), ("smart watch", "851762"), ("手表", "9102"), ("智能手表", "851762")]
    )
    assert {m.term for m in index.matches("sports smart watch for android")} == {"smart watch"}
    assert {m.term for m in index.matches("运动智能手表")} == {"智能手表"}
    assert {m.term for m in index.matches("smart watch strap and watch")} == {"smart watch"}


def test_later_terms_and_terms_after_a_feature_word_weigh_less(index):
    [first] = index.matches("brake pads front set")
    [later] = index.matches("front set low dust brake pads")
    [feature] = index.matches("holder with brake pads")
    assert first.head_weight == first.weight
    assert first.head_weight > later.head_weight > 0
    assert not first.in_features and feature.in_features
    assert feature.head_weight < later.head_weight


def test_a_leading_feature_word_does_not_start_the_features(index):
    [match] = index.matches("for women t-shirt")
    assert not match.in_features


def test_chinese_terms_after_a_use_word_are_features(index):
    [match] = index.matches("陶瓷片适用电水壶")
    assert match.in_features and match.head_weight < match.weight


def test_a_material_term_weighs_half_as_evidence_of_the_goods(index):
    by_term = {m.term: m for m in index.matches("ceramic brake pads")}
    assert by_term["ceramic"].material and not by_term["brake pad"].material
    assert by_term["ceramic"].head_weight == pytest.approx(by_term["ceramic"].weight / 2)


def test_position_says_nothing_in_prose(index):
    prose = " ".join(["word"] * TITLE_MAX_WORDS) + " brake pads"
    [match] = index.matches(prose)
    assert match.head_weight == match.weight


@pytest.fixture(scope="module")
def power_index() -> PhraseIndex:
    return PhraseIndex(
        [
            ("cordless drill", "846721"),
            ("battery", "8507"),
            ("batteries", "8507"),
            ("lithium battery", "8507"),
            ("battery charger", "850440"),  # overlaps "lithium batteries charger"
            ("laptop battery", "850760"),
            ("smoke detector", "853110"),
            ("stainless steel", "72"),
        ]
    )


@pytest.mark.parametrize(
    "title",
    [
        "20v cordless drill lithium battery",
        "20v cordless drill 2 lithium batteries charger set",
        "20v cordless drill with lithium battery",
        "20v cordless drill 18v lithium battery",
    ],
)
def test_a_battery_named_after_other_goods_starts_the_features(power_index, title):
    cut = power_index.features_start(title)
    assert cut is not None and title[:cut].strip() == "20v cordless drill"


@pytest.mark.parametrize(
    "title",
    [
        "cordless drill battery 20v 4.0ah",  # right after the goods: a battery for drills
        "cordless drill batteries 20v 4.0ah",
        "laptop battery for dell latitude",  # a battery named for a device is its own term
        "lithium battery 18650 3000mah",  # no other goods before it
        "stainless steel battery box",  # a material names no goods
        "smoke detector with alarm sound",  # no battery at all
    ],
)
def test_titles_that_name_a_battery_or_none_have_no_battery_feature(power_index, title):
    assert power_index.features_start(title) is None


def test_prose_has_no_battery_feature(power_index):
    prose = "smoke detector powered by a replaceable battery " + "and more words " * 20
    assert power_index.features_start(prose) is None


def test_a_term_overlapping_a_later_term_only_qualifies_it():
    index = PhraseIndex(
        [
            ("acoustic guitar", "920290"),
            ("guitar strings", "920930"),
            ("upholstered dining chair", "940161"),
            ("dining chair wood", "940169"),
        ]
    )
    assert [m.codes for m in index.matches("acoustic guitar strings 3 sets")] == [("920930",)]
    assert [m.codes for m in index.matches("acoustic guitar 41 inch")] == [("920290",)]
    # a later term that only adds a material leaves the earlier one the goods
    found = {m.term for m in index.matches("upholstered dining chair wood legs")}
    assert "upholstered dining chair" in found
