import pytest

from smartcustoms.models.hs_classifier.misclassification import (
    SIGNAL_COLUMNS,
    misclassification_signal,
)
from smartcustoms.reference.tariff import default_tariff


def test_improbable_declared_code_ranks_low_and_shows_the_duty_gap(tfidf_model):
    signal = misclassification_signal(
        tfidf_model,
        ["men's cotton tee", "men's cotton tee", "stainless steel pot"],
        ["610910", "8471.30", "not a code"],
        ["CN", "CN", "CN"],
    )
    assert tuple(signal.columns) == SIGNAL_COLUMNS
    right, wrong, invalid = signal.iter_rows(named=True)
    assert right["declared_rank"] == 1 and right["duty_rate_gap"] == 0
    assert right["suspicion"] == 0 and wrong["suspicion"] > 1
    assert wrong["declared_rank"] > 100
    assert wrong["declared_probability"] < right["declared_probability"]
    tariff = default_tariff()
    expected_gap = float(tariff.rate("610910", "CN") - tariff.rate("847130", "CN"))
    assert wrong["duty_rate_gap"] == pytest.approx(expected_gap)
    # computers pay less than T-shirts: declaring the tee as a computer lowers the duty
    assert wrong["revenue_suspicion"] == pytest.approx(wrong["suspicion"] * expected_gap)
    assert right["revenue_suspicion"] == 0
    assert invalid["declared_hs6"] is None and invalid["declared_rank"] is None


def test_signal_for_an_empty_description_flags_nothing(tfidf_model):
    signal = misclassification_signal(tfidf_model, [""], ["610910"])
    assert signal["declared_probability"][0] == pytest.approx(signal["likely_probability"][0])
