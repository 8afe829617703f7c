"""Targeting quality on a time-ordered split: train on earlier files, score a later one."""

from datetime import UTC, date, datetime

import numpy as np
import polars as pl

from smartcustoms.models.cluster import RiskCluster
from smartcustoms.models.hs_classifier.classifier import HSClassifier
from smartcustoms.risk.metrics import BUDGETS, at_budget, report


def random_selection(fraud: np.ndarray, budgets=BUDGETS) -> dict[str, float]:
    """What inspecting at random finds on average: the base rate, and k% of frauds and duty."""
    rate = float(np.mean(fraud))
    result = {"auc": 0.5}
    for share in budgets:
        key = round(share * 100)
        result |= {f"precision@{key}": rate, f"recall@{key}": share, f"revenue@{key}": share}
    return result


def per_fraud_kind(
    scores: np.ndarray, test: pl.DataFrame, share: float = 0.05
) -> dict[str, dict[str, float]]:
    """Recall at a budget for each fraud kind (generated data carries ``fraud_type``)."""
    if "fraud_type" not in test.columns:
        return {}
    kinds = test["fraud_type"].drop_nulls().unique().sort().to_list()
    duty = test["duty_at_risk"].to_numpy()
    result = {}
    for kind in kinds:
        is_kind = (test["fraud_type"] == kind).fill_null(False).to_numpy().astype(float)
        found = at_budget(scores, is_kind, duty * is_kind, share)
        result[kind] = {"items": int(is_kind.sum()), "recall": found["recall"], "random": share}
    return result


def split_at(history: pl.DataFrame, first_test_day: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Time-ordered split: declarations lodged before ``first_test_day`` train, the rest test."""
    cut = datetime(first_test_day.year, first_test_day.month, first_test_day.day, tzinfo=UTC)
    earlier = history.filter(pl.col("lodged_at") < cut)
    later = history.filter(pl.col("lodged_at") >= cut)
    if earlier.is_empty() or later.is_empty():
        raise ValueError(f"splitting at {first_test_day} leaves one side empty")
    return earlier, later


def evaluate_split(
    train: pl.DataFrame, test: pl.DataFrame, hs_classifier: HSClassifier | None = None
) -> dict:
    """Fits the cluster on ``train`` (with the HS mismatch features when ``hs_classifier`` is
    given) and reports on ``test``: the model ranked by probability, by expected recovered duty,
    and random selection."""
    cluster = RiskCluster().fit(train, hs_classifier)
    scored = cluster.score(test, explain=False)
    fraud = test["fraud"].cast(pl.Float64).to_numpy()
    duty = test["duty_at_risk"].cast(pl.Float64).to_numpy()
    probability = scored["fraud_probability"].to_numpy()
    return {
        "model": report(probability, fraud, duty),
        "model_by_expected_duty": report(scored["expected_duty"].to_numpy(), fraud, duty),
        "random": random_selection(fraud),
        "per_fraud_kind": per_fraud_kind(probability, test),
        "train_items": train.height,
        "test_items": test.height,
        "test_fraud_rate": float(fraud.mean()),
    }
