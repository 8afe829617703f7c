import re

from smartcustoms.models.hs_classifier.noisy_titles import noisy_titles
from smartcustoms.models.hs_classifier.training_texts import LabelledText, vocabulary_texts

TERMS = [
    LabelledText("phone charger", "850440"),
    LabelledText("earbuds", "851830"),
    LabelledText("game console", "950450"),
    LabelledText("充电器", "850440"),
    LabelledText("耳机", "851830"),
]


def test_titles_are_deterministic_for_a_seed_and_differ_across_seeds():
    assert noisy_titles(50, seed=3, terms=TERMS) == noisy_titles(50, seed=3, terms=TERMS)
    assert noisy_titles(50, seed=3, terms=TERMS) != noisy_titles(50, seed=4, terms=TERMS)


def test_every_title_keeps_the_code_of_the_goods_it_names():
    codes = {t.text: t.code for t in TERMS}
    for title in noisy_titles(300, seed=1, terms=TERMS):
        goods = [term for term in codes if term.lower() in title.text.lower()]
        assert goods, title
        assert title.code in {codes[term] for term in goods}


def test_titles_carry_the_noise_of_listings():
    texts = [t.text for t in noisy_titles(400, seed=2, terms=TERMS)]
    assert any(re.search(r"\b(for|compatible with|fits)\b", t) for t in texts)
    assert any(" > " in t for t in texts)
    assert any("适用于" in t or "用于" in t for t in texts)
    assert any(re.search(r"[A-Z]+-?\d+", t) for t in texts)
    assert len(set(texts)) > 350


def test_chapter_terms_are_not_used_as_goods():
    vocabulary = vocabulary_texts()
    assert any(len(t.code) == 2 for t in vocabulary)
    assert all(len(t.code) >= 4 for t in noisy_titles(200, seed=0))
