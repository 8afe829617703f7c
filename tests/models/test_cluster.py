import json

import numpy as np
import polars as pl
import pytest
from sklearn.metrics import roc_auc_score

from smartcustoms.models.cluster import RiskCluster
from smartcustoms.models.contract import IncompatibleModelError
from smartcustoms.models.features import ValuationReference, with_derived


@pytest.fixture(scope="module")
def cluster(history):
    return RiskCluster().fit(history)


def test_undervalued_items_sit_low_against_the_reference(history):
    frame = with_derived(history)
    gaps = ValuationReference().fit(frame).transform(frame)["uv_z_hs6xorigin_country"]
    fraud = history["fraud"] == 1
    assert gaps.filter(fraud).median() < -2 < gaps.filter(~fraud).median()


def test_the_model_ranks_later_fraud_far_above_chance(cluster, later):
    scored = cluster.score(later)
    auc = roc_auc_score(later["fraud"].to_numpy(), scored["fraud_probability"].to_numpy())
    assert auc > 0.85
    probability = scored["fraud_probability"].to_numpy()
    assert ((probability >= 0) & (probability <= 1)).all()
    # calibrated: the mean probability is near the observed fraud rate
    assert abs(probability.mean() - later["fraud"].mean()) < 0.05


def test_reasons_name_the_factors_in_words(cluster, later):
    scored = cluster.score(later.head(200))
    riskiest = scored.sort("fraud_probability", descending=True)["model_factors"][0].to_list()
    assert riskiest and any("importer" in factor or "value" in factor for factor in riskiest), (
        riskiest
    )


def test_factors_come_from_an_explainer_that_follows_the_fraud_model(cluster, later):
    """The distilled explainer tracks the fraud model's margin and, on the riskiest tenth of
    items (those sent to a control, whose factors an officer reads), names the same top factor
    as the full model's exact TreeSHAP (chance: 1 in ~70 features)."""
    matrix = cluster.features(later)
    margin = cluster.fraud.booster_.predict(matrix, raw_score=True)
    distilled = cluster.fraud.explainer_.predict(matrix, raw_score=True)
    assert np.corrcoef(margin, distilled)[0, 1] > 0.9
    riskiest = matrix[np.argsort(-margin)[: len(matrix) // 10]]
    exact = cluster.fraud.booster_.predict(riskiest, pred_contrib=True)[:, :-1]
    explained = cluster.fraud.explainer_.predict(riskiest, pred_contrib=True)[:, :-1]
    agreement = np.mean(exact.argmax(axis=1) == explained.argmax(axis=1))
    assert agreement > 0.8, agreement
    assert cluster.fraud.explainer_.num_trees() < cluster.fraud.booster_.num_trees()


def test_unseen_entities_and_odd_values_still_score(cluster, later):
    odd = later.head(3).with_columns(
        importer_id=pl.lit("NEVER-SEEN"),
        office=pl.lit("XX9"),
        hs_code=pl.lit("010121"),
        net_mass_kg=pl.Series([0.0, float("nan"), 5.0]),
    )
    scored = cluster.score(odd)
    assert scored.height == 3 and scored["fraud_probability"].is_finite().all()


def test_expected_duty_is_probability_times_revenue(cluster, later):
    scored = cluster.score(later.head(50), explain=False)
    assert np.allclose(
        scored["expected_duty"], scored["fraud_probability"] * scored["duty_if_fraud"]
    )


def test_save_load_round_trip_and_version_refusal(cluster, later, tmp_path):
    cluster.save(tmp_path)
    again = RiskCluster.load(tmp_path)
    assert again.score(later.head(20), explain=False).equals(
        cluster.score(later.head(20), explain=False)
    )
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["kind"] == "risk_cluster" and manifest["created"]
    training = manifest["training"]
    assert training["items"] == 4000 and "risk_importer" in training["features"]
    manifest["version"] = 999
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IncompatibleModelError, match=r"version 999.*smartcustoms train"):
        RiskCluster.load(tmp_path)
