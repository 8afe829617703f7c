"""The HS mismatch features of the fraud model: how improbable the declared code is for the
described goods under the HS classifier, and the duty it saves against the likeliest code.

The slot is optional: a cluster trained without a classifier has no such features, and one
trained with it still scores when the classifier is absent (the features are then missing,
which the trees route like any missing value). The classifier is asked once per distinct
(description, code, origin), so repeated goods cost nothing more.
"""

import numpy as np
import polars as pl

from smartcustoms.models.hs_classifier.classifier import HSClassifier
from smartcustoms.models.hs_classifier.misclassification import misclassification_signal

HS_MISMATCH_FEATURES = (
    "hs_declared_log_probability",
    "hs_suspicion",
    "hs_duty_rate_gap",
    "hs_revenue_suspicion",
)
_KEYS = ("description", "hs_code", "origin_country")


def _missing(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.lit(None, pl.Float64).alias(c) for c in HS_MISMATCH_FEATURES)


def with_hs_mismatch(frame: pl.DataFrame, classifier: HSClassifier | None) -> pl.DataFrame:
    """``frame`` with the :data:`HS_MISMATCH_FEATURES` columns (missing without a classifier or
    without goods descriptions)."""
    frame = frame.drop(HS_MISMATCH_FEATURES, strict=False)
    if classifier is None or any(k not in frame.columns for k in _KEYS) or frame.is_empty():
        return _missing(frame)
    keys = frame.select(pl.col(k).cast(pl.String).fill_null("") for k in _KEYS).unique(
        maintain_order=True
    )
    signal = misclassification_signal(
        classifier,
        keys["description"].to_list(),
        keys["hs_code"].to_list(),
        keys["origin_country"].to_list(),
    )
    probability = signal["declared_probability"].to_numpy().astype(float)
    features = keys.with_columns(
        hs_declared_log_probability=pl.Series(np.log(np.clip(probability, 1e-12, 1.0))),
        hs_suspicion=signal["suspicion"],
        hs_duty_rate_gap=signal["duty_rate_gap"],
        hs_revenue_suspicion=signal["revenue_suspicion"],
    ).with_columns(pl.col("hs_declared_log_probability").fill_nan(None))
    joined = frame.with_columns(
        pl.col(k).cast(pl.String).fill_null("").alias(f"_key_{k}") for k in _KEYS
    ).join(
        features.rename({k: f"_key_{k}" for k in _KEYS}),
        on=[f"_key_{k}" for k in _KEYS],
        how="left",
        maintain_order="left",
    )
    return joined.drop(f"_key_{k}" for k in _KEYS)
