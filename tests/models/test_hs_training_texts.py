import csv

import pytest

from smartcustoms.models.hs_classifier.training_texts import (
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
    assert ("노트북", "847130") in texts


def test_nomenclature_texts_cover_every_subheading_and_drop_cross_references():
    texts = nomenclature_texts()
    assert {t.code for t in texts if len(t.code) == 6} == hs.valid_hs6_codes()
    plain = [t.text for t in texts if t.code == "030389"]
    assert any("heading 0304" not in text for text in plain)


def test_knowledge_is_nomenclature_plus_vocabulary():
    assert len(knowledge_texts()) == len(nomenclature_texts()) + len(vocabulary_texts())


def test_vocabulary_covers_every_heading():
    with open(VOCABULARY_PATH, encoding="utf-8") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    headings = {sub.code[:4] for sub in hs.subheadings()}
    assert headings <= codes, sorted(headings - codes)[:10]


def test_vocabulary_with_an_unknown_code_is_refused_with_its_line(tmp_path):
    path = tmp_path / "vocabulary.csv"
    path.write_text(
        "code,en,zh,ko\n8471,laptop,笔记本电脑,노트북\n8499,gadget,小玩意,\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"vocabulary.csv:3: '8499' is not an HS2022"):
        vocabulary_texts(path)


def test_vocabulary_with_a_national_line_is_refused(tmp_path):
    path = tmp_path / "vocabulary.csv"
    path.write_text("code,en,zh,ko\n84713000,laptop,笔记本电脑,노트북\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'84713000' is not an HS2022"):
        vocabulary_texts(path)


def test_vocabulary_without_a_language_column_is_refused(tmp_path):
    path = tmp_path / "vocabulary.csv"
    path.write_text("code,en,zh\n8471,laptop,笔记本电脑\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"missing column.*ko"):
        vocabulary_texts(path)
