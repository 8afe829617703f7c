"""Where fraud happens and of which kind: per-item fraud probability from the entities, route and
product involved (with drift over the months), calibrated to the requested rate, and the kind
of fraud chosen among those the goods allow.

What each kind does to the declared fields is in :mod:`smartcustoms.lab.trade.injection`; this
module holds the odds: who cheats, when, and which kind.
"""

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from smartcustoms.lab.trade import routes


class FraudType(StrEnum):
    UNDERVALUATION = "undervaluation"
    MISCLASSIFICATION = "misclassification"
    ORIGIN_MISDECLARATION = "origin_misdeclaration"
    QUANTITY_MISSTATEMENT = "quantity_misstatement"
    RESTRICTED_WITHOUT_LICENCE = "restricted_without_licence"
    CONCEALMENT = "concealment"


FRAUD_TYPES: tuple[FraudType, ...] = tuple(FraudType)
BASE_TYPE_WEIGHTS = np.array([0.34, 0.22, 1.5, 0.14, 1.2, 0.04])
"""Weight of each fraud kind mid-period, in :data:`FRAUD_TYPES` order, among the kinds the goods
are open to: whoever cheats on goods under anti-dumping duty mostly relabels their origin, and on
licensed goods often skips the licence."""
MAX_ITEM_PROBABILITY = 0.95


@dataclass(frozen=True, slots=True)
class Drift:
    """How fraud shifts over the period: per-product trends, per-kind trends, route risk."""

    product_trend: np.ndarray
    type_trend: np.ndarray
    route_risk: np.ndarray


def draw_drift(rng: np.random.Generator, products: int) -> Drift:
    """Draws the period's trends: some goods and kinds of fraud rise, others fade."""
    route_risk = rng.lognormal(0.0, 0.5, len(routes.COUNTRIES))
    hubs = [routes.COUNTRY_INDEX[c] for c in routes.TRANSSHIPMENT_HUBS]
    route_risk[hubs] *= 1.5
    return Drift(
        product_trend=rng.normal(0.0, 0.9, products),
        type_trend=rng.normal(0.0, 1.0, len(FRAUD_TYPES)),
        route_risk=route_risk,
    )


def item_probability(score: np.ndarray, rate: float) -> np.ndarray:
    """Scales relative fraud scores into probabilities whose mean is ``rate`` (re-scaling after
    capping, so that the most suspicious items saturate without lowering the overall rate)."""
    if rate <= 0.0 or score.sum() <= 0.0:
        return np.zeros_like(score)
    if rate >= 1.0:
        return np.ones_like(score)
    probability = score * (rate / score.mean())
    for _ in range(4):
        probability = np.clip(probability, 0.0, MAX_ITEM_PROBABILITY)
        probability *= rate / probability.mean()
    return np.clip(probability, 0.0, 1.0)


def choose_types(
    rng: np.random.Generator, drift: Drift, period_time: np.ndarray, allowed: np.ndarray
) -> np.ndarray:
    """Picks a fraud kind per item among those ``allowed`` ([item, kind] booleans), weighted by
    the kinds' trends at ``period_time`` (0..1); -1 where no kind is allowed."""
    weights = BASE_TYPE_WEIGHTS * np.exp(np.outer(period_time - 0.5, drift.type_trend))
    weights = np.where(allowed, weights, 0.0)
    total = weights.sum(axis=1)
    cumulative = np.cumsum(weights, axis=1) / np.where(total > 0, total, 1.0)[:, None]
    chosen = (rng.random(len(total))[:, None] >= cumulative).sum(axis=1)
    return np.where(total > 0, np.minimum(chosen, len(FRAUD_TYPES) - 1), -1)
