"""The screening pipeline: one batch function over item frames, used by the API (a batch of one
declaration), the CLI (files of any size, streamed) and Ray (partitions of a dataset).

Rules and models are fused into one risk score per item (a noisy-or: either source alone can
make an item risky) and per declaration (its riskiest item); the channel policy then picks the
channel, never below what a mandatory rule demands.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import polars as pl

from smartcustoms.declarations.frame import to_frame
from smartcustoms.models.cluster import RiskCluster
from smartcustoms.risk.outcome import Channel, Screener, ScreeningOutcome
from smartcustoms.risk.selection import ChannelPolicy
from smartcustoms.rules.evaluation import evaluate
from smartcustoms.rules.loader import RulePack

RESULT_COLUMNS = (
    "declaration_id", "sequence", "item_risk", "fraud_probability", "expected_duty",
    "rule_hits", "rule_packs", "rule_explanations", "model_factors", "reasons",
    "declaration_risk", "channel", "selected_by", "hold", "model_version",
)  # fmt: skip
"""One row per goods item in what :func:`screen_batch` returns."""


@dataclass
class Screening:
    """Everything a screening decision depends on: rule packs, model cluster, channel policy."""

    packs: Sequence[RulePack]
    cluster: RiskCluster | None = None
    policy: ChannelPolicy = field(default_factory=ChannelPolicy)

    @property
    def model_version(self) -> str:
        return self.cluster.version if self.cluster else "none"


def _model_columns(frame: pl.DataFrame, screening: Screening) -> pl.DataFrame:
    if screening.cluster is None:
        return pl.DataFrame(
            {
                "fraud_probability": [0.0] * frame.height,
                "expected_duty": [0.0] * frame.height,
                "model_factors": [[] for _ in range(frame.height)],
            },
            schema={"fraud_probability": pl.Float64, "expected_duty": pl.Float64,
                    "model_factors": pl.List(pl.String)},
        )  # fmt: skip
    return screening.cluster.score(frame).select(
        "fraud_probability", "expected_duty", "model_factors"
    )


def screen_batch(
    frame: pl.DataFrame, screening: Screening, *, at: datetime | None = None
) -> pl.DataFrame:
    """Screens whole declarations (all items of a declaration must be in ``frame``)."""
    at = at or datetime.now(UTC)
    ruled = evaluate(frame, screening.packs, at=at)
    scored = pl.concat([ruled, _model_columns(frame, screening)], how="horizontal")
    rule_risk = pl.col("rule_score").clip(0, 1)
    # Without models every rule channel binds; with models only mandatory ones do, the rest
    # raise the score.
    floor = "rule_mandatory_channel" if screening.cluster else "rule_channel"
    model_words = pl.format(
        "model: fraud probability {}% ({})",
        (pl.col("fraud_probability") * 100).round(0).cast(pl.Int64),
        pl.col("model_factors").list.join(", "),
    )
    items = scored.with_columns(
        item_risk=1 - (1 - pl.col("fraud_probability")) * (1 - rule_risk),
        reasons=pl.concat_list(
            pl.col("rule_explanations"),
            pl.when(pl.col("fraud_probability") > 0)
            .then(pl.concat_list(model_words))
            .otherwise(pl.lit([], pl.List(pl.String))),
        ),
    )
    declarations = items.group_by("declaration_id", maintain_order=True).agg(
        pl.col("office").first(),
        pl.col("item_risk").max().alias("risk_score"),
        pl.col(floor)
        .replace_strict({"green": 0, "yellow": 1, "red": 2}, default=0)
        .max()
        .replace_strict({0: "green", 1: "yellow", 2: "red"}, return_dtype=pl.String)
        .alias("mandatory_channel"),
        pl.col("rule_hold").any().alias("hold"),
    )
    decided = screening.policy.select(declarations).select(
        "declaration_id",
        pl.col("risk_score").alias("declaration_risk"),
        "channel",
        "selected_by",
        "hold",
    )
    joined = items.join(decided, on="declaration_id", how="left", maintain_order="left")
    return joined.with_columns(model_version=pl.lit(screening.model_version)).select(RESULT_COLUMNS)


def batch_screener(screening: Screening) -> Screener:
    """The API's per-declaration screener on top of :func:`screen_batch`."""

    def screen(declaration) -> ScreeningOutcome:
        result = screen_batch(to_frame([declaration]), screening, at=declaration.lodged_at)
        first = result.row(0, named=True)
        reasons = []
        for row in result.iter_rows(named=True):
            for rule, pack, text in zip(
                row["rule_hits"], row["rule_packs"], row["rule_explanations"], strict=True
            ):
                reasons.append({"sequence": row["sequence"], "source": "rule", "rule": rule,
                                "pack": pack, "explanation": text})  # fmt: skip
            if row["fraud_probability"] > 0:
                reasons.append({"sequence": row["sequence"], "source": "model",
                                "fraud_probability": round(row["fraud_probability"], 4),
                                "factors": row["model_factors"],
                                "explanation": row["reasons"][-1]})  # fmt: skip
        return ScreeningOutcome(
            Channel(first["channel"]),
            float(first["declaration_risk"]),
            reasons,
            hold=bool(first["hold"]),
            selected_by=first["selected_by"],
            versions={"model": screening.model_version,
                      "rules": sorted({p for row in result["rule_packs"] for p in row})},
        )  # fmt: skip

    return screen
