import numpy as np

from smartcustoms.models.hs_classifier.classifier import _threshold_for_accuracy
from smartcustoms.models.hs_classifier.ranker import FEATURES, CandidateRanker, relevance

CLASSES = np.array(["610910", "610990", "620520", "850440", "851830"])


def test_relevance_grades_exact_heading_and_chapter():
    assert relevance(np.arange(5), CLASSES, "610910").tolist() == [5, 2, 0, 0, 0]
    assert relevance(np.array([4, 3]), CLASSES, "851830").tolist() == [5, 1]


def _rows(seed: int, count: int):
    """Candidates whose first feature says which is right, the others noise."""
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for _ in range(count):
        features = rng.normal(size=(6, len(FEATURES))).astype(np.float32)
        right = int(rng.integers(6))
        features[right, 0] += 3.0
        rows.append(features)
        labels.append(np.where(np.arange(6) == right, 5, 0))
    return rows, labels


def test_the_ranker_learns_which_feature_decides_and_calibrates():
    rows, labels = _rows(0, 300)
    ranker = CandidateRanker(trees=50).fit(rows, labels)
    test, truth = _rows(1, 200)
    probabilities = ranker.probabilities(test)
    hits = [
        int(np.argmax(p)) == int(np.argmax(t)) for p, t in zip(probabilities, truth, strict=True)
    ]
    assert np.mean(hits) > 0.9
    assert all(abs(p.sum() - 1) < 1e-9 for p in probabilities)
    ranker.fit_temperature(test, [int(np.argmax(t)) for t in truth])
    sharp = ranker.temperature_
    ranker.fit_temperature(test, [None] * len(test))
    assert ranker.temperature_ != sharp


def test_ranking_is_deterministic():
    rows, labels = _rows(0, 100)
    first = CandidateRanker(trees=20).fit(rows, labels).scores(rows)
    again = CandidateRanker(trees=20).fit(rows, labels).scores(rows)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))


def test_the_abstention_threshold_keeps_answers_right_at_the_rate_asked():
    probabilities = [0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]
    right = [True, True, True, True, False, True, False, False]
    threshold = _threshold_for_accuracy(probabilities, right, 0.8)
    answered = [r for p, r in zip(probabilities, right, strict=True) if p >= threshold]
    assert np.mean(answered) >= 0.8 and len(answered) == 6
    assert _threshold_for_accuracy([0.9, 0.8], [False, False], 0.8) == 1.0
