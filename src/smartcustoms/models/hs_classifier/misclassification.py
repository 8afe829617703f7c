"""The misclassification signal for the risk cluster: how improbable the declared code is for
the described goods, and how much duty the declared code saves against the most likely one."""

from collections.abc import Sequence

import numpy as np
import polars as pl

from smartcustoms.models.hs_classifier.classifier import HSClassifier
from smartcustoms.reference import hs
from smartcustoms.reference.tariff import Tariff, default_tariff

SIGNAL_COLUMNS = (
    "declared_hs6",
    "declared_probability",
    "declared_rank",
    "likely_hs6",
    "likely_probability",
    "duty_rate_gap",
    "suspicion",
    "revenue_suspicion",
)


def _declared_hs6(code: object) -> str | None:
    try:
        hs6 = hs.normalise_hs(str(code))[:6]
    except ValueError:
        return None
    return hs6 if hs.is_valid_hs6(hs6) else None


def misclassification_signal(
    model: HSClassifier,
    descriptions: Sequence[str],
    declared_codes: Sequence[str],
    origins: Sequence[str] | None = None,
    tariff: Tariff | None = None,
) -> pl.DataFrame:
    """One row per goods item with the columns of ``SIGNAL_COLUMNS``:

    * ``declared_probability`` and ``declared_rank`` (1 = most likely of all 5,612 subheadings)
      of the declared code; null where the declared code is not an HS2022 subheading;
    * ``likely_hs6`` and ``likely_probability``: the classifier's top candidate;
    * ``duty_rate_gap``: rate of the likely code minus rate of the declared code, in percentage
      points of customs value (general rate for the origin, no preference claimed). Positive
      means the declared code pays less: the direction of revenue risk.
    * ``suspicion``: natural log of how many times likelier the top candidate is than the
      declared code (0 when the declared code is the top one); the score to rank declarations
      by under an inspection budget.
    * ``revenue_suspicion``: ``suspicion`` times the duty-rate gap where the declared code pays
      less, else 0: improbable codes that also lower the duty, the misclassification customs
      cares about.

    Items without a description get uniform probabilities, so they rank nothing as improbable.
    """
    tariff = tariff or default_tariff()
    origins = origins if origins is not None else ["*"] * len(descriptions)
    declared = [_declared_hs6(c) for c in declared_codes]
    rows = []
    for start in range(0, len(descriptions), 1_024):
        batch = slice(start, start + 1_024)
        probabilities = model.predict_proba(descriptions[batch])
        for offset, row in enumerate(probabilities):
            position = start + offset
            likely = int(np.argmax(row))
            likely_hs6 = str(model.classes_[likely])
            record = {
                "declared_hs6": declared[position],
                "declared_probability": None,
                "declared_rank": None,
                "likely_hs6": likely_hs6,
                "likely_probability": float(row[likely]),
                "duty_rate_gap": None,
                "suspicion": None,
                "revenue_suspicion": None,
            }
            code = declared[position]
            if code is not None:
                label = int(np.searchsorted(model.classes_, code))
                origin = origins[position]
                record["declared_probability"] = float(row[label])
                record["declared_rank"] = int((row > row[label]).sum()) + 1
                record["suspicion"] = float(np.log(row[likely] / max(row[label], 1e-300)))
                record["duty_rate_gap"] = float(
                    tariff.rate(likely_hs6, origin) - tariff.rate(code, origin)
                )
                record["revenue_suspicion"] = record["suspicion"] * max(
                    record["duty_rate_gap"], 0.0
                )
            rows.append(record)
    schema = {
        "declared_hs6": pl.Utf8,
        "declared_probability": pl.Float64,
        "declared_rank": pl.Int32,
        "likely_hs6": pl.Utf8,
        "likely_probability": pl.Float64,
        "duty_rate_gap": pl.Float64,
        "suspicion": pl.Float64,
        "revenue_suspicion": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema)
