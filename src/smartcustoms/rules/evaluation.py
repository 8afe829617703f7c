"""Runs compiled rules over a batch of goods items: the one entry point screening calls.

Every rule is evaluated for every item in one lazy Polars pass. The hits are then gathered as
one (item, rule) row each, explained and aggregated per item, and joined back: the cost grows
with the number of hits, not items x rules (building per-item lists with ``concat_list`` over
every rule column is far slower). Items no rule hit get empty lists, score 0, channel green and
action "none".
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache

import polars as pl

from smartcustoms.rules.channel import CHANNEL_OF_LEVEL, Channel
from smartcustoms.rules.compiler import LODGED, PREFIX, RuleProgram, compile_packs
from smartcustoms.rules.loader import RulePack
from smartcustoms.rules.schema import ACTIONS

_ROW = f"{PREFIX}row"

RESULT_SCHEMA: dict[str, pl.DataType] = {
    "rule_hits": pl.List(pl.String),
    "rule_explanations": pl.List(pl.String),
    "rule_packs": pl.List(pl.String),
    "rule_required_documents": pl.List(pl.String),
    "rule_score": pl.Float64(),
    "rule_channel": pl.String(),
    "rule_mandatory_channel": pl.String(),
    "rule_hold": pl.Boolean(),
    "rule_action": pl.String(),
}
"""Columns :func:`evaluate` adds. ``rule_packs`` is aligned with ``rule_hits`` (``name@version``);
``rule_mandatory_channel`` is the floor set by mandatory rules, which no model may lower."""

_DEFAULTS = {"rule_score": 0.0, "rule_channel": Channel.GREEN.value,
             "rule_mandatory_channel": Channel.GREEN.value,
             "rule_hold": False, "rule_action": "none"}  # fmt: skip
"""What an item no rule hit gets; the list columns, an empty list."""


def _default(name: str) -> pl.Expr:
    return pl.lit(_DEFAULTS.get(name, []), RESULT_SCHEMA[name])


program_for = lru_cache(maxsize=16)(compile_packs)
"""Compiled programs by pack tuple: the API screens one declaration at a time."""


def hit_column(index: int) -> str:
    """Name of the temporary boolean column holding rule ``index``'s hits."""
    return f"{PREFIX}hit_{index}"


def with_hits(frame: pl.DataFrame, program: RuleProgram, *, at: datetime) -> pl.DataFrame:
    """The frame with prepared columns and one boolean column per rule (see :func:`hit_column`).

    ``at`` stands in for ``lodged_at`` where a declaration has not been lodged yet. Eager
    steps: on the API's small batches a lazy plan costs more to optimise than eager steps take
    to run, and on a million items the two take the same time.
    """
    return (
        frame.with_columns(
            pl.col("lodged_at").fill_null(pl.lit(at, pl.Datetime("us", "UTC"))).alias(LODGED)
        )
        .with_columns(**program.prepared)
        .with_columns([r.hit.alias(hit_column(i)) for i, r in enumerate(program.rules)])
    )


def _rule_table(program: RuleProgram) -> pl.DataFrame:
    """One row per compiled rule: what a hit of it contributes to an item's result."""
    rules = [r.rule for r in program.rules]
    return pl.DataFrame(
        {
            "_rule": range(len(rules)),
            "rule_id": [r.id for r in rules],
            "pack": [c.pack.label for c in program.rules],
            "document": [r.action.require_document for r in rules],
            "weight": [r.weight for r in rules],
            "channel": [r.action.minimum_channel.level for r in rules],
            "mandatory": [
                (r.action.minimum_channel if r.action.mandatory else Channel.GREEN).level
                for r in rules
            ],
            "hold": [r.action.hold for r in rules],
            "action": [ACTIONS.index(r.action.strongest) for r in rules],
        },
        schema_overrides={"_rule": pl.UInt32, "document": pl.String},
    )


def _without_hits(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the results of an item no rule hit."""
    empty = [_default(n).alias(n) for n in RESULT_SCHEMA]
    return frame.drop(RESULT_SCHEMA, strict=False).with_columns(empty)


def evaluate(
    frame: pl.DataFrame, packs: Sequence[RulePack], *, at: datetime | None = None
) -> pl.DataFrame:
    """Screens every goods item of ``frame`` against ``packs``; returns the frame plus
    :data:`RESULT_SCHEMA` columns. Effective dates apply to each declaration's ``lodged_at``;
    ``at`` (default now) stands in where it is absent.
    """
    program = program_for(tuple(packs))
    if not program.rules or frame.is_empty():
        return _without_hits(frame)
    work = with_hits(frame.with_row_index(_ROW), program, at=at or datetime.now(UTC))
    fired = [
        i
        for i, any_hit in enumerate(
            work.select(pl.col(hit_column(i)).any() for i in range(len(program.rules))).row(0)
        )
        if any_hit
    ]
    if not fired:
        # most single declarations: planning the union below would be wasted work
        return _without_hits(frame)
    # one (item, rule) row per hit: the work scales with the hits, not with items x rules
    hits = pl.concat(
        [
            work.lazy()
            .filter(pl.col(hit_column(i)))
            .select(
                _ROW,
                pl.lit(i, pl.UInt32).alias("_rule"),
                program.rules[i].explanation.alias("explanation"),
            )
            for i in fired
        ]
    )
    per_item = (
        hits.join(_rule_table(program).lazy(), on="_rule")
        .sort(_ROW, "_rule")
        .group_by(_ROW, maintain_order=True)
        .agg(
            pl.col("rule_id").alias("rule_hits"),
            pl.col("explanation").alias("rule_explanations"),
            pl.col("pack").alias("rule_packs"),
            pl.col("document")
            .drop_nulls()
            .unique(maintain_order=True)
            .alias("rule_required_documents"),
            pl.col("weight").sum().alias("rule_score"),
            pl.col("channel").max().alias("rule_channel"),
            pl.col("mandatory").max().alias("rule_mandatory_channel"),
            pl.col("hold").any().alias("rule_hold"),
            pl.col("action").max().alias("rule_action"),
        )
        .with_columns(
            pl.col("rule_channel", "rule_mandatory_channel").replace_strict(
                CHANNEL_OF_LEVEL, return_dtype=pl.String
            ),
            pl.col("rule_action").replace_strict(dict(enumerate(ACTIONS)), return_dtype=pl.String),
        )
    )
    results = (
        pl.LazyFrame({_ROW: pl.int_range(frame.height, dtype=pl.UInt32, eager=True)})
        .join(per_item, on=_ROW, how="left", maintain_order="left")
        .select([pl.col(n).fill_null(_default(n)) for n in RESULT_SCHEMA])
        .collect()
    )
    return pl.concat([frame.drop(RESULT_SCHEMA, strict=False), results], how="horizontal")
