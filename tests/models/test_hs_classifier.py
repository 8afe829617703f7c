import numpy as np
import pytest

from smartcustoms.models.contract import IncompatibleModelError, write_manifest
from smartcustoms.models.hs_classifier import HSClassifier
from smartcustoms.reference import hs

BAD_INPUT = [
    "",
    "   ",
    "😀🚀🎉",
    "12345 / 678",
    "laptop",
    "steel " * 20_000,
    "Laptop 笔记本电脑 노트북 ordinateur portable",
    "\x00\x1f\u200b",
]


def test_topk_is_sorted_and_names_the_nomenclature_text(tfidf_model):
    suggestion = tfidf_model.predict_topk(["men's cotton tee"], k=5)[0]
    probabilities = [c.probability for c in suggestion.candidates]
    assert len(probabilities) == 5
    assert probabilities == sorted(probabilities, reverse=True)
    assert suggestion.hs6 == "610910"
    assert suggestion.candidates[0].description == hs.lookup("610910").description


def test_every_subheading_can_be_asked_for_in_probability_order(tfidf_model):
    candidates = tfidf_model.predict_topk(["men's cotton tee"], k=10_000)[0].candidates
    assert len(candidates) == len(tfidf_model.classes_)
    rest = [c.probability for c in candidates[1:]]
    assert rest == sorted(rest, reverse=True)


def test_levels_are_consistent(tfidf_model):
    proba = tfidf_model.predict_proba(["frozen tuna", "stainless steel pot"])
    assert np.allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    suggestion = tfidf_model.predict_topk(["frozen tuna"], k=1)[0]
    best = suggestion.candidates[0]
    in_heading = [i for i, c in enumerate(tfidf_model.classes_) if c[:4] == best.hs6[:4]]
    in_chapter = [i for i, c in enumerate(tfidf_model.classes_) if c[:2] == best.hs6[:2]]
    assert proba[0, in_heading].sum() == pytest.approx(best.heading_probability, rel=1e-4)
    assert proba[0, in_chapter].sum() == pytest.approx(best.chapter_probability, rel=1e-4)
    assert best.probability <= best.heading_probability <= best.chapter_probability


def test_history_teaches_trader_words(tfidf_model):
    assert tfidf_model.predict(["zorbulator"]) == ["847130"]


def test_vocabulary_teaches_chinese_product_words(tfidf_model):
    assert tfidf_model.predict(["不锈钢锅"])[0][:4] == "7323"


def test_a_product_term_in_a_title_outweighs_its_material_words(tfidf_model):
    assert tfidf_model.predict(["Stainless Steel Hex Bolts M8 x 30mm 50pcs"]) == ["731815"]


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Stainless Steel Hex Bolts M8 x 30mm 50pcs", "731815"),
        # n-grams alone find "moisturizing" as near to cosmetics (33) as "body wash" to soap
        ("Moisturizing Body Wash Shower Gel 750ml Lavender", "340130"),
        ("20V Cordless Drill Lithium Battery", "846721"),
    ],
)
def test_the_shipped_model_reads_the_goods_term_over_the_other_words(shipped_model, title, code):
    assert shipped_model.predict([title]) == [code]


@pytest.mark.parametrize(
    "title",
    ["20V Cordless Drill Lithium Battery", "Cordless Drill 21V with 2 Lithium Batteries Charger"],
)
def test_goods_named_before_their_battery_are_the_goods(tfidf_model, title):
    assert tfidf_model.predict([title]) == ["846721"]


def test_a_battery_named_for_goods_stays_a_battery(tfidf_model):
    assert tfidf_model.predict(["Laptop Battery for Dell Latitude 6 Cell"])[0][:4] == "8507"


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_gets_an_answer_or_an_explicit_abstention(tfidf_model, text):
    suggestion = tfidf_model.predict_topk([text], k=5)[0]
    assert suggestion.abstained or suggestion.candidates
    if not suggestion.candidates:
        assert suggestion.abstained and "description" in suggestion.reason
    assert all(np.isfinite(c.probability) for c in suggestion.candidates)


def test_a_text_without_letters_abstains_without_candidates(tfidf_model):
    for text in ("", "😀🚀🎉", "12345 / 678"):
        suggestion = tfidf_model.predict_topk([text])[0]
        assert suggestion.abstained and suggestion.candidates == []
        assert suggestion.hs6 is None


def test_low_confidence_abstains_and_names_deciding_facts(tfidf_model):
    suggestion = tfidf_model.predict_topk(["misc items"], k=5)[0]
    assert suggestion.abstained
    assert suggestion.deciding_facts


@pytest.mark.parametrize("text", ["parts", "Goods", "spare parts, samples", "配件 样品"])
def test_generic_descriptions_abstain_and_ask_what_the_goods_are(tfidf_model, text):
    suggestion = tfidf_model.predict_topk([text])[0]
    assert suggestion.abstained
    assert "what the goods are" in suggestion.reason
    assert suggestion.candidates


def test_doubtful_heading_sends_to_review():
    model = HSClassifier(dense=False, abstain_below=1.01).fit()
    suggestion = model.predict_topk(["frozen tuna"])[0]
    assert suggestion.abstained and "review" in suggestion.reason


def test_batch_keeps_positions_around_empty_descriptions(tfidf_model):
    suggestions = tfidf_model.predict_topk(["", "men's cotton tee", "😀", "zorbulator"], k=1)
    assert [s.hs6 for s in suggestions] == [None, "610910", None, "847130"]


def test_fit_rejects_unpaired_or_unknown_codes():
    with pytest.raises(ValueError, match="pair up"):
        HSClassifier(dense=False, use_knowledge=False).fit(["a"], [])
    with pytest.raises(ValueError, match=r"hs_codes\[1\]"):
        HSClassifier(dense=False, use_knowledge=False).fit(["tee", "pot"], ["610910", "999999"])


def test_unfitted_model_says_so():
    with pytest.raises(RuntimeError, match="not fitted"):
        HSClassifier().predict_topk(["tee"])


def test_save_and_load_give_the_same_answers(tfidf_model, tmp_path):
    path = tfidf_model.save(tmp_path / "hs")
    loaded = HSClassifier.load(path)
    texts = ["frozen tuna loins", "不锈钢锅"]
    assert np.allclose(loaded.predict_proba(texts), tfidf_model.predict_proba(texts))


def test_load_refuses_another_kind_of_model(tmp_path):
    write_manifest(tmp_path, kind="risk_cluster", version=HSClassifier.version)
    with pytest.raises(IncompatibleModelError, match=r"risk_cluster.*smartcustoms train-hs"):
        HSClassifier.load(tmp_path)


def test_dense_model_matches_across_languages(dense_model):
    # the Chinese query shares no character n-gram with any English history text
    suggestion = dense_model.predict_topk(["冷冻金枪鱼"], k=3)[0]
    assert {c.hs6[:4] for c in suggestion.candidates} & {"0303", "0304"}
    assert dense_model.predict(["notebook computer zorbulator"]) == ["847130"]


def test_long_description_is_classified_by_the_goods_it_names_first(dense_model):
    text = (
        "Yellowfin tuna, frozen whole. The goods are packed in cartons of 20 kg and shipped "
        "in reefer containers at minus 18 degrees for further processing in canneries."
    )
    assert dense_model.predict([text])[0][:4] in {"0303", "0304"}
