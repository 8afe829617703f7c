import numpy as np
import polars as pl
import pytest
from tests.factories import HS_CODES, labelled_items

from smartcustoms.models.cluster import RiskCluster
from smartcustoms.models.hs_mismatch import HS_MISMATCH_FEATURES, with_hs_mismatch

DESCRIPTIONS = {
    "090121": "roasted coffee beans",
    "610910": "men's cotton t-shirts, knitted",
    "851713": "smartphones",
    "640399": "leather shoes",
    "940360": "wooden dining tables",
    "392690": "plastic clothes hangers",
    "080810": "fresh apples",
    "300490": "paracetamol tablets, packaged for retail sale",
}


def misclassified(frame: pl.DataFrame, seed: int) -> pl.DataFrame:
    """Items described truthfully; a tenth of them declared under another subheading, and those
    are the fraud. Values follow the declared code's usual price, so only the description
    gives the swap away (no valuation or entity signal)."""
    rng = np.random.default_rng(seed)
    wrong = rng.random(frame.height) < 0.1
    other = [HS_CODES[(HS_CODES.index(c) + 3) % len(HS_CODES)] for c in frame["hs_code"]]
    declared = np.where(wrong, other, frame["hs_code"].to_list())
    level = np.array([1 + HS_CODES.index(c) * 0.4 for c in declared])
    value = frame["net_mass_kg"].to_numpy() * np.exp(level) * rng.lognormal(0, 0.2, frame.height)
    return frame.with_columns(
        description=pl.Series([DESCRIPTIONS[c] for c in frame["hs_code"]]),
        hs_code=pl.Series(declared),
        fraud=pl.Series(wrong.astype(np.int8)),
        value=pl.Series(value.round(2) + 1),
    )


@pytest.fixture(scope="module")
def data():
    return misclassified(labelled_items(3000, seed=4), 1), misclassified(labelled_items(800, 5), 2)


def test_the_declared_code_is_improbable_where_it_was_swapped(tfidf_model, data):
    train, _ = data
    signal = with_hs_mismatch(train, tfidf_model)
    swapped = signal.filter(pl.col("fraud") == 1)["hs_suspicion"].median()
    truthful = signal.filter(pl.col("fraud") == 0)["hs_suspicion"].median()
    assert swapped > truthful + 1
    assert with_hs_mismatch(train.drop("description"), tfidf_model)[
        "hs_suspicion"
    ].null_count() == (train.height)


def test_the_fraud_model_learns_misclassification_from_the_slot(tfidf_model, data):
    train, test = data

    def top_decile_hits(cluster: RiskCluster) -> float:
        probability = cluster.score(test, explain=False)["fraud_probability"].to_numpy()
        top = np.argsort(-probability)[: test.height // 10]
        return float(test["fraud"].to_numpy()[top].mean())

    with_slot = RiskCluster().fit(train, tfidf_model)
    without = RiskCluster().fit(train)
    assert set(HS_MISMATCH_FEATURES) <= set(with_slot.fraud.feature_names_)
    assert top_decile_hits(with_slot) > top_decile_hits(without) + 0.2

    scored = with_slot.score(test.head(50))
    assert any("HS code" in f for factors in scored["model_factors"] for f in factors)
    with_slot.hs_classifier = None  # e.g. loaded where no classifier is built: still scores
    assert with_slot.score(test.head(20), explain=False)["fraud_probability"].is_finite().all()


def test_the_classifier_is_not_saved_with_the_cluster(tfidf_model, data, tmp_path):
    cluster = RiskCluster().fit(data[0].head(1500), tfidf_model)
    cluster.save(tmp_path)
    again = RiskCluster.load(tmp_path)
    assert again.uses_hs_mismatch_ and again.hs_classifier is None
    saved = sum(path.stat().st_size for path in tmp_path.glob("state.*"))
    assert saved < 20_000_000
