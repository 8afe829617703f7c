"""Percentiles and robust location and spread, the statistics every monitor figure uses."""

from collections.abc import Sequence

import numpy as np

MAD_TO_SIGMA = 1.4826
"""Scales the median absolute deviation to a standard deviation for normal data."""


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile with linear interpolation between ranks; None for no values."""
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else None


def robust_baseline(values: Sequence[float]) -> tuple[float, float]:
    """(median, scaled MAD): unmoved by a few outliers in the history, unlike mean and sd."""
    data = np.asarray(values, dtype=float)
    median = float(np.median(data))
    return median, MAD_TO_SIGMA * float(np.median(np.abs(data - median)))
