import json

import pytest

from smartcustoms.errors import ReadError
from smartcustoms.models.hs_classifier.evaluation import (
    ACCURACY_KEYS,
    by_chapter,
    evaluate,
    flag_at_budget,
    read_labelled,
    topk_accuracy,
)


def test_reads_json_lines_and_arrays_and_skips_short_codes(tmp_path):
    records = [
        {"description": "tee", "hs_code": "6109.10-0000"},
        {"description": "pot", "hs_code": "73239300"},
        {"description": "chapter only", "hs_code": "61"},
    ]
    lines = tmp_path / "test.jsonl"
    lines.write_text("\n".join(json.dumps(r) for r in records) + "\n\n")
    array = tmp_path / "test.json"
    array.write_text(json.dumps(records))
    for path in (lines, array):
        assert read_labelled(path) == (["tee", "pot"], ["610910", "732393"])


def test_joins_several_fields(tmp_path):
    path = tmp_path / "test.jsonl"
    path.write_text(json.dumps({"name": "Tee", "description": "cotton", "hs_code": "610910"}))
    assert read_labelled(path, ("name", "description"))[0] == ["Tee; cotton"]


def test_a_broken_line_names_its_number(tmp_path):
    path = tmp_path / "test.jsonl"
    path.write_text('{"description": "tee", "hs_code": "610910"}\n{broken\n')
    with pytest.raises(ReadError, match="line 2"):
        read_labelled(path)


def test_accuracy_counts_prefix_matches():
    predicted = [["610910", "620520"], ["620520", "610910"], ["847130"]]
    truth = ["610910", "610990", "010121"]
    result = topk_accuracy(predicted, truth)
    assert result["top1@2"] == pytest.approx(1 / 3)
    assert result["top1@4"] == pytest.approx(1 / 3)
    assert result["top5@4"] == pytest.approx(2 / 3)
    assert result["top5@6"] == pytest.approx(1 / 3)
    assert topk_accuracy([], []) == dict.fromkeys(ACCURACY_KEYS, 0.0)


@pytest.mark.shared_data
def test_accuracy_on_public_rulings_beats_chance(tfidf_model, shared_data):
    descriptions, codes = read_labelled(shared_data / "hs" / "eu_bti_rulings_2025.json")
    result = evaluate(tfidf_model, descriptions[:100], codes[:100])
    assert result["items"] == 100
    assert result["top5@2"] > 0.2


def test_flag_at_budget_takes_the_highest_scores():
    scores = [0.1, 5.0, None, 3.0, 0.2, 0.0, 0.0, 0.0, 0.0, 0.0]
    truth = [False, True, True, False, False, False, False, False, False, False]
    result = flag_at_budget(scores, truth, budget=0.2)
    assert result == {"precision": 0.5, "recall": 0.5, "flagged": 2}


def test_by_chapter_counts_each_true_chapter_apart():
    predicted = [["610910"], ["620520"], ["850440"], ["851830"]]
    truth = ["610910", "610510", "850440", "850440"]
    figures = by_chapter(predicted, truth)
    assert figures["61"] == {"items": 2, "top1@2": 0.5, "top1@4": 0.5, "top1@6": 0.5}
    assert figures["85"]["items"] == 2 and figures["85"]["top1@2"] == 1.0
    assert figures["85"]["top1@6"] == 0.5
