import pytest

from smartcustoms.models.hs_classifier.materials import is_material_code, material_mask


@pytest.mark.parametrize("code", ["3908", "390810", "4001", "41", "4107", "52", "520852", "72"])
def test_materials_in_primary_forms_and_semi_finished_are_materials(code):
    assert is_material_code(code)


@pytest.mark.parametrize(
    # articles of plastics and rubber, leather goods, paper (gummed tape), safety glass, and
    # chapters that also hold articles
    "code",
    ["392690", "401699", "4205", "481141", "700719", "39", "40", "73", "62"],
)
def test_articles_and_mixed_chapters_are_not(code):
    assert not is_material_code(code)


def test_material_mask_follows_the_labels():
    assert material_mask(["3910", "3926", "7607"]).tolist() == [True, False, True]


def test_an_article_title_is_not_classified_as_its_material(tfidf_model):
    assert tfidf_model.predict(["Self Locking Nylon Cable Ties 500 Pcs"])[0][:4] == "3926"
    assert tfidf_model.predict(["Acrylic Yarn 100g Hand Knitting"])[0][:2] == "55"
