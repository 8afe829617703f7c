"""The file driver of the screening pipeline: any size of input, streamed in batches."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from smartcustoms.config import BATCH_SIZE, MAX_JSON_BYTES
from smartcustoms.declarations.frame import whole_declarations
from smartcustoms.declarations.io import detect_format, read_frames, write_frames
from smartcustoms.risk.screening import Screening, screen_batch

LIST_COLUMNS = ("rule_hits", "rule_packs", "rule_explanations", "model_factors", "reasons")


@dataclass
class ScreeningTotals:
    items: int = 0
    declarations: int = 0
    red: int = 0
    yellow: int = 0
    green: int = 0


def flatten_lists(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV holds no lists: join them with ' | '."""
    return frame.with_columns(
        [pl.col(c).list.join(" | ") for c in LIST_COLUMNS if c in frame.columns]
    )


def screen_file(
    source: Path,
    target: Path,
    screening: Screening,
    *,
    source_format: str | None = None,
    batch_size: int = BATCH_SIZE,
    max_json_bytes: int = MAX_JSON_BYTES,
    at: datetime | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> ScreeningTotals:
    """Screens every declaration of ``source`` and writes one row per goods item to ``target``,
    reading it ``batch_size`` goods items at a time (a single JSON document capped at
    ``max_json_bytes``)."""
    totals = ScreeningTotals()
    as_text = detect_format(Path(target)) == "csv"

    def results() -> Iterator[pl.DataFrame]:
        batches = read_frames(
            source, source_format, batch_size=batch_size, max_json_bytes=max_json_bytes
        )
        for batch in whole_declarations(batches):
            result = screen_batch(batch, screening, at=at)
            decisions = result.unique("declaration_id")["channel"].value_counts()
            for channel, count in decisions.iter_rows():
                setattr(totals, channel, getattr(totals, channel) + count)
            totals.items += result.height
            totals.declarations += result["declaration_id"].n_unique()
            if on_batch:
                on_batch(result.height)
            yield flatten_lists(result) if as_text else result

    write_frames(results(), target)
    return totals
