"""Drift report: do recent weeks look like the period the models were trained on?

The score distribution of each week is compared with the scores of the training period's held-out
slice by the population stability index (PSI over the baseline's deciles; above 0.2 is commonly
read as a shift worth retraining for). Where outcomes are known, the week's hit rate among the
items the model ranks highest is set beside the training fraud rate.
"""

import numpy as np
import polars as pl

from smartcustoms.models.cluster import RiskCluster

PSI_ALERT = 0.2
TOP_SHARE = 0.05


def population_stability(baseline: np.ndarray, recent: np.ndarray, bins: int = 10) -> float:
    """PSI of ``recent`` against ``baseline`` over the baseline's quantile bins."""
    edges = np.unique(np.quantile(baseline, np.linspace(0, 1, bins + 1)))
    edges[0], edges[-1] = -np.inf, np.inf
    expected = np.histogram(baseline, edges)[0] / len(baseline)
    actual = np.histogram(recent, edges)[0] / max(len(recent), 1)
    expected, actual = np.clip(expected, 1e-6, None), np.clip(actual, 1e-6, None)
    return float(np.sum((actual - expected) * np.log(actual / expected)))


def drift_report(cluster: RiskCluster, frame: pl.DataFrame) -> pl.DataFrame:
    """One row per ISO week of ``frame``: items, mean score, PSI, alert, and the hit rate among
    the top 5% by score when ``frame`` carries a ``fraud`` column."""
    baseline = cluster.fraud.holdout_["fraud_probability"].to_numpy()
    scored = frame.select(
        "lodged_at", *(["fraud"] if "fraud" in frame.columns else [])
    ).with_columns(
        cluster.score(frame, explain=False)["fraud_probability"],
        week=pl.col("lodged_at").dt.truncate("1w").dt.date(),
    )
    rows = []
    for (week,), group in scored.group_by("week", maintain_order=True):
        scores = group["fraud_probability"].to_numpy()
        psi = population_stability(baseline, scores)
        row = {
            "week": week,
            "items": group.height,
            "mean_score": float(scores.mean()),
            "psi": psi,
            "drift": psi > PSI_ALERT,
        }
        if "fraud" in group.columns:
            top = np.argsort(-scores, kind="stable")[: max(1, round(len(scores) * TOP_SHARE))]
            row["fraud_rate"] = float(group["fraud"].mean())
            row["hit_rate_top5"] = float(group["fraud"].to_numpy()[top].mean())
        rows.append(row)
    return pl.DataFrame(rows).sort("week")
