"""Writes a generated data set: the declarations file and its labels file, side by side."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from smartcustoms.declarations.io import write_frames, write_table
from smartcustoms.lab.trade.generator import LABEL_SCHEMA, iter_batches
from smartcustoms.lab.trade.params import GenerationParams, check_output_folder
from smartcustoms.lab.trade.routes import USD_RATES
from smartcustoms.reference.tariff import Tariff

DECLARATIONS_FILE = "declarations"
LABELS_FILE = "labels"


@dataclass(frozen=True, slots=True)
class GenerationSummary:
    """What a run wrote, for the CLI and the demo to report."""

    declarations_path: Path
    labels_path: Path
    declarations: int
    goods_items: int
    fraud_items: int
    by_fraud_type: dict[str, int]
    critical_items: int
    duty_at_risk_usd: float
    """Labels hold duty at risk in each declaration's currency; this total is converted."""


def output_paths(out: Path, fmt: str) -> tuple[Path, Path]:
    """Where the declarations and labels of a run in ``fmt`` go under ``out``."""
    return out / f"{DECLARATIONS_FILE}.{fmt}", out / f"{LABELS_FILE}.{fmt}"


def prepare(params: GenerationParams, out: Path, *, today: date | None = None) -> None:
    """Rejects impossible arguments and an unusable folder before any work starts."""
    params.check(today=today)
    check_output_folder(Path(out))


def generate(
    params: GenerationParams,
    out: Path,
    *,
    tariff: Tariff | None = None,
    on_batch: Callable[[int], None] | None = None,
    today: date | None = None,
) -> GenerationSummary:
    """Checks the arguments and the folder, then generates and writes the data set.

    ``on_batch`` is told how many declarations each finished batch held (for progress bars).
    Labels are keyed by declaration_id and sequence; they are kept in memory until the
    declarations are written (a few dozen bytes per item), then written in the same format.
    """
    prepare(params, out, today=today)
    declarations_path, labels_path = output_paths(Path(out), params.format)
    labels: list[pl.DataFrame] = []
    duty_usd = 0.0

    def item_frames() -> Iterator[pl.DataFrame]:
        nonlocal duty_usd
        for items, item_labels in iter_batches(params, tariff):
            labels.append(item_labels)
            per_usd = items["currency"].replace_strict(USD_RATES, return_dtype=pl.Float64)
            duty_usd += float((item_labels["duty_at_risk"] / per_usd).sum())
            yield items
            if on_batch is not None:
                on_batch(items["declaration_id"].n_unique())

    goods_items = write_frames(item_frames(), declarations_path, params.format)
    write_table(labels, labels_path, params.format, schema=LABEL_SCHEMA)
    all_labels = pl.concat(labels)
    counts = all_labels.drop_nulls("fraud_type").group_by("fraud_type").len().sort("fraud_type")
    return GenerationSummary(
        declarations_path=declarations_path,
        labels_path=labels_path,
        declarations=params.declarations,
        goods_items=goods_items,
        fraud_items=int(all_labels["fraud"].sum()),
        by_fraud_type=dict(counts.iter_rows()),
        critical_items=int(all_labels["critical"].sum()),
        duty_at_risk_usd=duty_usd,
    )
