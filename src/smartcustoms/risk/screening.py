"""The screening pipeline: one batch function over item frames, used by the API (a batch of one
declaration), the CLI (files of any size, streamed) and Ray (partitions of a dataset).

Rules and models are fused into one risk score per item (a noisy-or: either source alone can
make an item risky) and per declaration (its riskiest item); the channel policy then picks the
channel, never below what a mandatory rule demands.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import polars as pl

from smartcustoms.declarations.frame import to_frame
from smartcustoms.declarations.schema import Declaration
from smartcustoms.models.cluster import RiskCluster
from smartcustoms.risk.outcome import Screener, ScreeningOutcome
from smartcustoms.risk.selection import ChannelPolicy
from smartcustoms.rules.channel import CHANNEL_LEVELS, CHANNEL_OF_LEVEL, Channel
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
        return self.cluster.trained_at if self.cluster else "none"


def _model_columns(
    frame: pl.DataFrame, screening: Screening
) -> tuple[pl.DataFrame, np.ndarray | None]:
    """Model scores per item, and the feature matrix they came from (None without models)."""
    if screening.cluster is None:
        zeros = pl.DataFrame({"fraud_probability": pl.repeat(0.0, frame.height, eager=True)})
        return zeros.with_columns(expected_duty=pl.lit(0.0)), None
    matrix = screening.cluster.features(frame)
    scores = screening.cluster.score_features(frame, matrix)
    return scores.select("fraud_probability", "expected_duty"), matrix


def screen_batch(
    frame: pl.DataFrame,
    screening: Screening,
    *,
    at: datetime | None = None,
    explain_all: bool = False,
) -> pl.DataFrame:
    """Screens whole declarations (all items of a declaration must be in ``frame``).

    Model factors are given for the riskiest item of each declaration sent to a control, or for
    every item with ``explain_all`` (the API, one declaration at a time)."""
    at = at or datetime.now(UTC)
    ruled = evaluate(frame, screening.packs, at=at)
    model_scores, matrix = _model_columns(frame, screening)
    scored = pl.concat([ruled, model_scores], how="horizontal").with_columns(
        model_factors=pl.lit([], pl.List(pl.String))
    )
    rule_risk = pl.col("rule_score").clip(0, 1)
    # Without models every rule channel binds; with models only mandatory ones do, the rest
    # raise the score.
    floor = "rule_mandatory_channel" if screening.cluster else "rule_channel"
    items = scored.with_columns(
        item_risk=1 - (1 - pl.col("fraud_probability")) * (1 - rule_risk),
        reasons=pl.col("rule_explanations"),
    )
    declarations = items.group_by("declaration_id", maintain_order=True).agg(
        pl.col("office").first(),
        pl.col("item_risk").max().alias("risk_score"),
        pl.col(floor)
        .replace_strict(CHANNEL_LEVELS, default=Channel.GREEN.level)
        .max()
        .replace_strict(CHANNEL_OF_LEVEL, return_dtype=pl.String)
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
    if matrix is not None:
        joined = _add_model_reasons(joined, matrix, screening, explain_all=explain_all)
    return joined.with_columns(model_version=pl.lit(screening.model_version)).select(RESULT_COLUMNS)


def _add_model_reasons(
    results: pl.DataFrame, matrix: np.ndarray, screening: Screening, *, explain_all: bool
) -> pl.DataFrame:
    """Model factors (TreeSHAP) are the most expensive part of scoring, so in bulk they are
    worked out only for the item that made each controlled declaration risky: the one an officer
    looks at first. About a third of items sit in controlled declarations, one in twenty is the
    riskiest of one; the API explains every item of its declaration."""
    riskiest = results.select(
        (pl.col("channel") != Channel.GREEN.value)
        & (pl.col("item_risk") == pl.col("item_risk").max().over("declaration_id"))
    ).to_series()
    controlled = (riskiest | explain_all).to_numpy().nonzero()[0]
    if len(controlled) == 0:
        return results
    factors = screening.cluster.explain_features(matrix[controlled])
    words = [
        f"model: fraud probability {round(p * 100)}% ({', '.join(f)})"
        for p, f in zip(results["fraud_probability"].gather(controlled), factors, strict=True)
    ]
    index = pl.Series("_row", controlled, dtype=pl.UInt32)
    update = pl.DataFrame(
        {"_row": index, "_factors": factors, "_words": words},
        schema={"_row": pl.UInt32, "_factors": pl.List(pl.String), "_words": pl.String},
    )
    merged = results.with_row_index("_row").join(
        update, on="_row", how="left", maintain_order="left"
    )
    return merged.with_columns(
        model_factors=pl.coalesce("_factors", "model_factors"),
        reasons=pl.when(pl.col("_words").is_not_null())
        .then(pl.col("reasons").list.concat(pl.concat_list("_words")))
        .otherwise("reasons"),
    ).drop("_row", "_factors", "_words")


def screen_declarations(
    declarations: Sequence[Declaration], screening: Screening
) -> list[ScreeningOutcome]:
    """One outcome per declaration, in order, from a single :func:`screen_batch` call with every
    item explained: what the API records for each lodgement. Identifiers must be distinct, as
    the items of one declaration are screened together."""
    if len({d.declaration_id for d in declarations}) < len(declarations):
        raise ValueError("screen each declaration id once per batch")
    result = screen_batch(to_frame(declarations), screening, explain_all=True)
    outcomes = []
    for rows in result.partition_by("declaration_id", maintain_order=True, as_dict=False):
        first = rows.row(0, named=True)
        reasons = []
        for row in rows.iter_rows(named=True):
            for rule, pack, text in zip(
                row["rule_hits"], row["rule_packs"], row["rule_explanations"], strict=True
            ):
                reasons.append({"sequence": row["sequence"], "source": "rule", "rule": rule,
                                "pack": pack, "explanation": text})  # fmt: skip
            if screening.cluster is not None:  # explain_all: the last reason is the model's
                reasons.append({"sequence": row["sequence"], "source": "model",
                                "fraud_probability": round(row["fraud_probability"], 4),
                                "factors": row["model_factors"],
                                "explanation": row["reasons"][-1]})  # fmt: skip
        outcomes.append(
            ScreeningOutcome(
                Channel(first["channel"]),
                float(first["declaration_risk"]),
                reasons,
                hold=bool(first["hold"]),
                selected_by=first["selected_by"],
                versions={
                    "model": screening.model_version,
                    "rules": sorted({p for row in rows["rule_packs"] for p in row}),
                },
            )
        )
    return outcomes


def batch_screener(screening: Screening) -> Screener:
    """A per-declaration screener on top of :func:`screen_declarations`, for callers that lodge
    one declaration at a time from one thread (the demo, tests)."""

    def screen(declaration: Declaration) -> ScreeningOutcome:
        return screen_declarations([declaration], screening)[0]

    return screen
