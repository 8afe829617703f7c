"""Material and gender attributes that decide between sibling codes."""

from smartcustoms.models.hs_classifier.attributes import (
    attribute_bonus,
    names_only_material,
    text_attributes,
    title_attributes,
)
from smartcustoms.reference import hs


def _texts(codes: list[str]) -> list[str]:
    return [hs.lookup(code).description for code in codes]


def test_exclusions_are_not_read_as_attributes():
    cotton, other = text_attributes(_texts(["610910", "610990"]))
    assert cotton.any()
    assert not other.any()  # "(other than cotton)" names what 610990 is not


def test_a_polyester_title_penalises_the_cotton_sibling_only():
    labels = text_attributes(_texts(["610910", "610990", "611030"]))
    bonus = attribute_bonus(title_attributes(["men's polyester quick dry tee"]), labels)
    assert bonus[0, 0] < 0
    assert bonus[0, 1] == 0
    assert bonus[0, 2] == 0


def test_pu_leather_is_plastics_not_leather():
    labels = text_attributes(_texts(["420221", "420222"]))
    bonus = attribute_bonus(title_attributes(["pu leather crossbody bag"]), labels)
    assert bonus[0, 0] < 0 and bonus[0, 1] == 0


def test_gender_penalises_the_other_gender_not_the_unmarked_sibling():
    labels = text_attributes(_texts(["6203", "6204", "6115"]))
    bonus = attribute_bonus(
        title_attributes(["women's nylon no show socks", "女士 连衣裙"]), labels
    )
    assert (bonus[:, 0] < 0).all()
    assert (bonus[:, 1:] == 0).all()


def test_a_title_without_attributes_changes_nothing():
    labels = text_attributes(_texts(["610910", "6203"]))
    assert not attribute_bonus(title_attributes(["bluetooth earbuds"]), labels).any()


def test_a_term_of_material_words_only_names_no_goods():
    assert names_only_material("ceramic")
    assert names_only_material("stainless steel")
    assert names_only_material("纯棉")
    assert names_only_material("silicone")
    assert names_only_material("zinc alloy")
    assert not names_only_material("ceramic brake pads")
    assert not names_only_material("silicone keyboard cover")
    assert not names_only_material("cotton t-shirt")
    assert not names_only_material("")
