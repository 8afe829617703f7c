"""Targeting quality at an inspection budget: precision, recall and revenue at k% inspected."""

import numpy as np
from sklearn.metrics import roc_auc_score

BUDGETS = (0.01, 0.02, 0.05, 0.10)


def top_k(scores: np.ndarray, share: float) -> np.ndarray:
    """Indices of the ``share`` highest scores (ties broken by position, deterministically)."""
    count = max(1, round(len(scores) * share))
    return np.argsort(-np.asarray(scores, dtype=float), kind="stable")[:count]


def at_budget(
    scores: np.ndarray, fraud: np.ndarray, duty_at_risk: np.ndarray, share: float
) -> dict[str, float]:
    """Precision, recall and revenue (duty at risk caught / total) when inspecting the top
    ``share`` of items by score."""
    chosen = top_k(scores, share)
    fraud = np.asarray(fraud, dtype=float)
    duty = np.asarray(duty_at_risk, dtype=float)
    return {
        "precision": float(fraud[chosen].mean()),
        "recall": float(fraud[chosen].sum() / max(fraud.sum(), 1e-12)),
        "revenue": float(duty[chosen].sum() / max(duty.sum(), 1e-12)),
    }


def report(
    scores: np.ndarray, fraud: np.ndarray, duty_at_risk: np.ndarray, budgets=BUDGETS
) -> dict[str, float]:
    """AUC and precision/recall/revenue at each budget, keyed like ``precision@5``."""
    result = {
        "auc": float(roc_auc_score(fraud, scores)) if 0 < np.mean(fraud) < 1 else float("nan")
    }
    for share in budgets:
        for name, value in at_budget(scores, fraud, duty_at_risk, share).items():
            result[f"{name}@{round(share * 100)}"] = value
    return result
