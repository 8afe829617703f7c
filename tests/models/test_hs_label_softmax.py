import numpy as np

from smartcustoms.models.hs_classifier.label_softmax import LabelSoftmax


def _toy(seed: int = 0):
    """Two chapters, three subheadings; each subheading a cluster around its own direction."""
    rng = np.random.default_rng(seed)
    centres = {"610910": 0, "610462": 1, "030342": 2}
    codes = [c for c in centres for _ in range(40)]
    x = rng.normal(0, 0.2, (len(codes), 8)).astype(np.float32)
    for row, code in enumerate(codes):
        x[row, centres[code]] += 1.0
    return x, codes


def test_each_level_learns_its_codes():
    x, codes = _toy()
    model = LabelSoftmax(epochs=30).fit(x, codes, np.ones(len(codes)))
    labels = {6: np.array(["030342", "610462", "610910"]), 4: np.array(["0303", "6104", "6109"])}
    log_p = model.log_probabilities(x, labels)
    truth = np.searchsorted(labels[6], codes)
    assert (log_p[6].argmax(axis=1) == truth).mean() > 0.95
    assert (log_p[4].argmax(axis=1) == truth).mean() > 0.95


def test_a_code_no_text_taught_gets_the_floor():
    x, codes = _toy()
    model = LabelSoftmax(epochs=5).fit(x, codes, np.ones(len(codes)))
    log_p = model.log_probabilities(x[:3], {6: np.array(["010121", "610910"])})
    assert np.all(log_p[6][:, 0] <= -30) and np.all(log_p[6][:, 1] > -30)


def test_training_is_deterministic_and_weights_count():
    x, codes = _toy()
    weights = np.ones(len(codes))
    first = LabelSoftmax(epochs=3).fit(x, codes, weights).levels_[6].weights
    again = LabelSoftmax(epochs=3).fit(x, codes, weights).levels_[6].weights
    assert np.array_equal(first, again)
    weights[:40] = 10.0
    heavier = LabelSoftmax(epochs=3).fit(x, codes, weights).levels_[6].weights
    assert not np.allclose(first, heavier)
