from smartcustoms.models.hs_classifier.explain import deciding_facts


def test_siblings_differ_by_material():
    facts = deciding_facts(["610910", "610990"])
    assert facts[0].startswith("material: 6109.10 'of cotton'")


def test_words_inside_words_are_not_materials():
    # "containing" holds "tin", "housing" holds nothing: the kind is not a material
    assert not deciding_facts(["847130", "847160"])[0].startswith("material")


def test_other_chapters_ask_what_the_goods_are():
    assert deciding_facts(["610910", "620520"])[0].startswith("chapter: 61")


def test_one_candidate_has_nothing_to_decide():
    assert deciding_facts(["610910"]) == []
