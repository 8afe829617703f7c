"""Training the screening: fit the model cluster on labelled history, then the channel policy
on the scores of the latest, held-out part of that history."""

import json
from dataclasses import asdict
from pathlib import Path

import polars as pl

from smartcustoms.models.cluster import RiskCluster
from smartcustoms.models.hs_classifier.classifier import HSClassifier
from smartcustoms.risk.screening import Screening
from smartcustoms.risk.selection import ChannelPolicy
from smartcustoms.rules.loader import RulePack

POLICY_FILE = "policy.json"


def train_screening(
    history: pl.DataFrame,
    packs: list[RulePack],
    policy: ChannelPolicy | None = None,
    hs_classifier: HSClassifier | None = None,
) -> Screening:
    """Fits the cluster on ``history`` (item frame with fraud and duty_at_risk) and thresholds
    that meet the policy's rates on the held-out slice, per declaration. With ``hs_classifier``
    the fraud model also uses the HS mismatch features."""
    cluster = RiskCluster().fit(history, hs_classifier)
    holdout = cluster.fraud.holdout_
    declarations = holdout.group_by("declaration_id").agg(
        pl.col("office").first(), pl.col("fraud_probability").max().alias("risk_score")
    )
    policy = (policy or ChannelPolicy()).fit(declarations)
    return Screening(packs=packs, cluster=cluster, policy=policy)


def save_screening(screening: Screening, folder: Path) -> Path:
    """Writes the fitted policy and then the cluster to ``folder``: the cluster's manifest,
    written last, then holds the policy's digest too."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / POLICY_FILE).write_text(json.dumps(asdict(screening.policy), indent=2) + "\n")
    screening.cluster.save(folder)
    return folder


def load_screening(
    folder: Path, packs: list[RulePack], hs_classifier: HSClassifier | None = None
) -> Screening:
    """The screening saved in ``folder``, with the given rule packs (and the HS classifier, for
    a cluster trained with the HS mismatch features)."""
    cluster = RiskCluster.load(folder)
    cluster.hs_classifier = hs_classifier
    settings = json.loads((folder / POLICY_FILE).read_text())
    thresholds = {k: tuple(v) for k, v in settings.pop("thresholds_").items()}
    policy = ChannelPolicy(**settings)
    policy.thresholds_ = thresholds
    return Screening(packs=packs, cluster=cluster, policy=policy)
