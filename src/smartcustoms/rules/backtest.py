"""Backtesting: how often each rule fires on past data and, where the truth is known, how much
of what it flags is fraud and how much revenue it would recover.

An analyst uses it to retire rules that only make noise. Data is streamed batch by batch, so a
file of any size is measured in bounded memory; only counters are kept between batches.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from smartcustoms.errors import ReadError
from smartcustoms.rules.evaluation import hit_column, program_for, with_hits
from smartcustoms.rules.loader import RulePack

LABEL_KEY = ("declaration_id", "sequence")
ANY_RULE = "(any rule)"
"""The row of the report that counts items hit by at least one rule."""

REPORT_SCHEMA: dict[str, pl.DataType] = {
    "rule_id": pl.String(),
    "pack": pl.String(),
    "title": pl.String(),
    "hits": pl.Int64(),
    "hit_rate": pl.Float64(),
    "frauds": pl.Int64(),
    "precision": pl.Float64(),
    "duty_at_risk_caught": pl.Float64(),
    "main_fraud_type": pl.String(),
}
"""Columns of the report; the label-based ones are null when the data has no labels."""


def read_labels(path: Path) -> pl.DataFrame:
    """Ground truth keyed by declaration_id and sequence (CSV or Parquet), with ``fraud`` and
    optionally ``fraud_type`` and ``duty_at_risk``."""
    try:
        labels = pl.read_parquet(path) if path.suffix in (".parquet", ".pq") else pl.read_csv(path)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise ReadError(str(path), "", f"labels cannot be read: {exc}") from exc
    missing = [c for c in (*LABEL_KEY, "fraud") if c not in labels.columns]
    if missing:
        raise ReadError(str(path), "", f"labels lack column(s): {', '.join(missing)}")
    return labels.with_columns(pl.col("sequence").cast(pl.Int32))


def _labelled(batch: pl.DataFrame, labels: pl.DataFrame | None) -> pl.DataFrame:
    if labels is None:
        return batch
    truth = [c for c in labels.columns if c not in LABEL_KEY]
    return batch.drop(truth, strict=False).join(
        labels, on=list(LABEL_KEY), how="left", maintain_order="left"
    )


def _truth(batch: pl.DataFrame) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    fraud = pl.col("fraud").cast(pl.String).str.to_lowercase().is_in(["1", "true"])
    duty = (
        pl.col("duty_at_risk").cast(pl.Float64) if "duty_at_risk" in batch.columns else pl.lit(0.0)
    )
    kind = pl.col("fraud_type").cast(pl.String) if "fraud_type" in batch.columns else pl.lit("")
    return fraud, duty, kind


def backtest(
    frames: Iterable[pl.DataFrame],
    packs: Sequence[RulePack],
    *,
    labels: pl.DataFrame | None = None,
    at: datetime | None = None,
) -> pl.DataFrame:
    """Per rule (and for any rule): hits, hit rate and, when labels exist (``labels`` or label
    columns in the data), frauds among hits, precision, duty at risk caught, main fraud type."""
    program = program_for(tuple(packs))
    if not program.rules:
        raise ValueError("no rules to backtest: name at least one pack")
    at = at or datetime.now(UTC)
    names = [hit_column(i) for i in range(len(program.rules))]
    rows = [(r.rule.id, r.pack.label, r.rule.title) for r in program.rules]
    rows.append((ANY_RULE, "", "items hit by at least one rule"))
    hits, frauds, duty = Counter(), Counter(), Counter()
    kinds: list[Counter] = [Counter() for _ in rows]
    items, labelled = 0, False
    for batch in frames:
        batch = _labelled(batch, labels)
        work = with_hits(batch, program, at=at).with_columns(pl.any_horizontal(names).alias("_any"))
        columns = [*names, "_any"]
        items += work.height
        counts = work.select([pl.col(c).sum().alias(c) for c in columns]).row(0)
        hits.update(dict(enumerate(counts)))
        if "fraud" not in work.columns:
            continue
        labelled = True
        fraud, at_risk, kind = _truth(work)
        caught = work.select(
            *[(pl.col(c) & fraud).sum().alias(f"f{i}") for i, c in enumerate(columns)],
            *[
                at_risk.filter(pl.col(c) & fraud).sum().alias(f"d{i}")
                for i, c in enumerate(columns)
            ],
        ).row(0)
        frauds.update(dict(enumerate(caught[: len(columns)])))
        duty.update(dict(enumerate(caught[len(columns) :])))
        by_kind = work.filter(fraud).select(kind.alias("kind"), *columns)
        for i, column in enumerate(columns):
            kinds[i].update(by_kind.filter(pl.col(column))["kind"].to_list())
    return pl.DataFrame(
        [
            {
                "rule_id": rule_id,
                "pack": pack,
                "title": title,
                "hits": hits[i],
                "hit_rate": hits[i] / items if items else 0.0,
                "frauds": frauds[i] if labelled else None,
                "precision": (frauds[i] / hits[i] if hits[i] else 0.0) if labelled else None,
                "duty_at_risk_caught": duty[i] if labelled else None,
                "main_fraud_type": kinds[i].most_common(1)[0][0] if kinds[i] else None,
            }
            for i, (rule_id, pack, title) in enumerate(rows)
        ],
        schema=REPORT_SCHEMA,
    )
