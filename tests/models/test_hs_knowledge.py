import csv

from smartcustoms.models.hs_classifier.knowledge import (
    VOCABULARY_PATH,
    knowledge_texts,
    nomenclature_texts,
    vocabulary_texts,
)
from smartcustoms.reference import hs


def test_vocabulary_names_only_hs2022_codes_once_each():
    with open(VOCABULARY_PATH, encoding="utf-8") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    assert all(hs.is_valid_hs(code) and len(code) in (2, 4, 6) for code in codes)
    assert len(codes) == len(set(codes))


def test_vocabulary_covers_every_chapter_in_english_and_chinese():
    with open(VOCABULARY_PATH, encoding="utf-8") as handle:
        rows = {row["code"]: row for row in csv.DictReader(handle)}
    for chapter in hs.chapters():
        assert rows[chapter.code]["en"].strip(), chapter.code
        assert rows[chapter.code]["zh"].strip(), chapter.code


def test_vocabulary_terms_are_labelled_with_their_code():
    texts = {(t.text, t.code) for t in vocabulary_texts()}
    assert ("laptops", "8471") in texts
    assert ("笔记本电脑", "8471") in texts


def test_nomenclature_texts_cover_every_subheading_and_drop_cross_references():
    texts = nomenclature_texts()
    assert {t.code for t in texts if len(t.code) == 6} == hs.valid_hs6_codes()
    plain = [t.text for t in texts if t.code == "030389"]
    assert any("heading 0304" not in text for text in plain)


def test_knowledge_is_nomenclature_plus_vocabulary():
    assert len(knowledge_texts()) == len(nomenclature_texts()) + len(vocabulary_texts())
