"""Runs compiled rules over a batch of goods items: the one entry point screening calls.

Every rule is evaluated for every item in one lazy Polars pass; the per-item lists (rule ids,
explanations) are then built only for the items some rule hit, which are usually few, and joined
back. Items no rule hit get empty lists, score 0, channel green and action "none".
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache

import polars as pl

from smartcustoms.rules.compiler import LODGED, PREFIX, RuleProgram, compile_packs
from smartcustoms.rules.loader import RulePack
from smartcustoms.rules.schema import ACTIONS, Channel

_ROW = f"{PREFIX}row"
_CHANNELS = {c.value: c.name.lower() for c in Channel}

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

program_for = lru_cache(maxsize=16)(compile_packs)
"""Compiled programs by pack tuple: the API screens one declaration at a time."""


def hit_column(index: int) -> str:
    """Name of the temporary boolean column holding rule ``index``'s hits."""
    return f"{PREFIX}hit_{index}"


def with_hits(frame: pl.DataFrame, program: RuleProgram, *, at: datetime) -> pl.DataFrame:
    """The frame with prepared columns and one boolean column per rule (see :func:`hit_column`).

    ``at`` stands in for ``lodged_at`` where a declaration has not been lodged yet.
    """
    return (
        frame.lazy()
        .with_columns(
            pl.col("lodged_at").fill_null(pl.lit(at, pl.Datetime("us", "UTC"))).alias(LODGED)
        )
        .with_columns(**program.prepared)
        .with_columns([r.hit.alias(hit_column(i)) for i, r in enumerate(program.rules)])
        .collect()
    )


def _strongest(levels: list[tuple[pl.Expr, int]]) -> pl.Expr:
    if not levels:
        return pl.lit(0)
    return pl.max_horizontal([pl.when(hit).then(level) for hit, level in levels]).fill_null(0)


def _aligned(program: RuleProgram, values: list[pl.Expr | str | None]) -> pl.Expr:
    hits = [pl.col(hit_column(i)) for i in range(len(program.rules))]
    return pl.concat_list(
        [
            pl.when(h).then(v if isinstance(v, pl.Expr) else pl.lit(v, pl.String))
            for h, v in zip(hits, values, strict=True)
        ]
    ).list.drop_nulls()


def _empty_results(frame: pl.DataFrame) -> pl.DataFrame:
    defaults = {"rule_score": 0.0, "rule_channel": "green", "rule_mandatory_channel": "green",
                "rule_hold": False, "rule_action": "none"}  # fmt: skip
    return frame.with_columns(
        [pl.lit(defaults.get(name, []), dtype).alias(name) for name, dtype in RESULT_SCHEMA.items()]
    )


def evaluate(
    frame: pl.DataFrame, packs: Sequence[RulePack], *, at: datetime | None = None
) -> pl.DataFrame:
    """Screens every goods item of ``frame`` against ``packs``; returns the frame plus
    :data:`RESULT_SCHEMA` columns. Effective dates apply to each declaration's ``lodged_at``;
    ``at`` (default now) stands in where it is absent.
    """
    program = program_for(tuple(packs))
    if not program.rules or frame.is_empty():
        return _empty_results(frame)
    rules = program.rules
    hits = [pl.col(hit_column(i)) for i in range(len(rules))]
    work = with_hits(frame.with_row_index(_ROW), program, at=at or datetime.now(UTC))
    channel = _strongest([(h, r.channel.value) for h, r in zip(hits, rules, strict=True)])
    mandatory = _strongest(
        [(h, r.channel.value) for h, r in zip(hits, rules, strict=True) if r.rule.action.mandatory]
    )
    action = _strongest(
        [(h, ACTIONS.index(r.rule.action.strongest)) for h, r in zip(hits, rules, strict=True)]
    )
    weighted = [
        pl.when(h).then(r.rule.weight) for h, r in zip(hits, rules, strict=True) if r.rule.weight
    ]
    holds = [h for h, r in zip(hits, rules, strict=True) if r.rule.action.hold]
    summary = work.select(
        _ROW,
        (pl.sum_horizontal(weighted).fill_null(0.0) if weighted else pl.lit(0.0)).alias(
            "rule_score"
        ),
        channel.replace_strict(_CHANNELS, return_dtype=pl.String).alias("rule_channel"),
        mandatory.replace_strict(_CHANNELS, return_dtype=pl.String).alias("rule_mandatory_channel"),
        (pl.any_horizontal(holds) if holds else pl.lit(False)).alias("rule_hold"),
        action.replace_strict(dict(enumerate(ACTIONS)), return_dtype=pl.String).alias(
            "rule_action"
        ),
    )
    details = work.filter(pl.any_horizontal(hits)).select(
        _ROW,
        _aligned(program, [r.rule.id for r in rules]).alias("rule_hits"),
        _aligned(program, [r.explanation for r in rules]).alias("rule_explanations"),
        _aligned(program, [r.pack.label for r in rules]).alias("rule_packs"),
        _aligned(program, [r.rule.action.require_document for r in rules])
        .list.unique(maintain_order=True)
        .alias("rule_required_documents"),
    )
    empty = pl.lit([], pl.List(pl.String))
    joined = summary.join(details, on=_ROW, how="left", maintain_order="left")
    return pl.concat(
        [
            frame,
            joined.select(
                [
                    pl.col(name).fill_null(empty) if dtype == pl.List(pl.String) else pl.col(name)
                    for name, dtype in RESULT_SCHEMA.items()
                ]
            ),
        ],
        how="horizontal",
    )
