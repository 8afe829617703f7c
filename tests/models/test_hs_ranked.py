"""The classifier with its learned ranker, on a small history fitted in seconds (without the
project's knowledge), and the shipped configuration on what only the whole model decides."""

import numpy as np
import pytest

from smartcustoms.models.contract import IncompatibleModelError
from smartcustoms.models.hs_classifier import HSClassifier
from smartcustoms.models.hs_classifier.noisy_titles import noisy_titles
from smartcustoms.models.hs_classifier.training_texts import LabelledText

TERMS = [
    LabelledText("charger", "850440"),
    LabelledText("usb charger", "850440"),
    LabelledText("power adapter", "850440"),
    LabelledText("earbuds", "851830"),
    LabelledText("headphones", "851830"),
    LabelledText("airpods", "851830"),
    LabelledText("game console", "950450"),
    LabelledText("nintendo switch", "950450"),
    LabelledText("silicone case", "392690"),
    LabelledText("protective case", "392690"),
    LabelledText("watch strap", "911390"),
    LabelledText("smart watch", "851762"),
]


def _fit() -> HSClassifier:
    titles = noisy_titles(2_000, seed=5, terms=TERMS)
    return HSClassifier(use_knowledge=False, calibration_share=0.0).fit(
        [t.text for t in titles], [t.code for t in titles]
    )


@pytest.fixture(scope="module")
def ranked_model() -> HSClassifier:
    return _fit()


def test_a_ranker_is_learned_with_a_fitted_abstention_threshold(ranked_model):
    assert ranked_model.ranker_ is not None
    assert 0.0 < ranked_model.abstain_below_ <= 1.0
    assert ranked_model.ranker_.temperature_ > 0


def test_ranked_probabilities_are_consistent_across_levels(ranked_model):
    texts = ["usb charger for nintendo switch", "wireless earbuds"]
    suggestions = ranked_model.predict_topk(texts, k=3)
    for s in suggestions:
        first = s.candidates[0]
        assert first.probability <= first.heading_probability <= first.chapter_probability + 1e-9
        assert [c.probability for c in s.candidates] == sorted(
            (c.probability for c in s.candidates), reverse=True
        )
    proba = ranked_model.predict_proba(texts)
    assert np.allclose(proba.sum(axis=1), 1.0)


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("Charger for Nintendo Switch", "8504"),
        ("Silicone Case for AirPods", "3926"),
        ("USB Charger compatible with Nintendo Switch", "8504"),
    ],
)
def test_goods_named_for_a_host_are_the_goods_not_the_host(ranked_model, title, heading):
    assert ranked_model.predict([title])[0][:4] == heading


def test_training_is_deterministic(ranked_model):
    texts = ["charger for airpods", "game console", "pink silicone case"]
    assert np.array_equal(_fit().predict_proba(texts), ranked_model.predict_proba(texts))


def test_a_saved_model_answers_the_same_and_a_changed_file_is_refused(ranked_model, tmp_path):
    folder = ranked_model.save(tmp_path / "hs")
    texts = ["usb charger", "earbuds for game console"]
    loaded = HSClassifier.load(folder).predict_proba(texts)
    assert np.allclose(loaded, ranked_model.predict_proba(texts), rtol=0, atol=1e-9)
    state = next(p for p in folder.iterdir() if p.name != "manifest.json")
    state.write_bytes(state.read_bytes() + b" ")
    with pytest.raises(IncompatibleModelError, match="changed since the model was written"):
        HSClassifier.load(folder)


@pytest.mark.parametrize(
    ("title", "wrong_heading"),
    [
        ("Silicone case for AirPods", "8518"),
        ("Charger for Switch", "9504"),
        ("Fast Charger for Nintendo Switch Console 39W", "9504"),
    ],
)
def test_the_shipped_model_does_not_classify_accessories_as_their_host(
    shipped_model, title, wrong_heading
):
    assert shipped_model.predict([title])[0][:4] != wrong_heading


@pytest.mark.parametrize(
    ("title", "path_chapter"),
    [
        # a category path that points elsewhere is a hint; the title names the goods
        ("Toys & Hobbies > Stickers > Printed Paper Greeting Cards 10pcs", "95"),
        ("Jewelry & Accessories > Beads > 500pcs Acrylic Beads for Jewelry Making", "71"),
    ],
)
def test_the_shipped_model_does_not_follow_a_misleading_category_path(
    shipped_model, title, path_chapter
):
    assert shipped_model.predict([title])[0][:2] != path_chapter


@pytest.mark.parametrize(
    ("title", "chapter"),
    [
        ("男士纯棉T恤 夏季 短袖", "61"),
        ("不锈钢保温杯 500ml 跨境专供", "96"),
        ("蓝牙耳机 无线", "85"),
    ],
)
def test_the_shipped_model_reads_chinese_titles(shipped_model, title, chapter):
    assert shipped_model.predict([title])[0][:2] == chapter
