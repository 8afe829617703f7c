"""Labelled history for training and evaluation: declarations plus what inspections found."""

from pathlib import Path

import polars as pl

from smartcustoms.config import BATCH_SIZE, MAX_JSON_BYTES
from smartcustoms.declarations.io import read_frames
from smartcustoms.declarations.kcs import read_kcs
from smartcustoms.errors import ReadError

LABEL_KEY = ("declaration_id", "sequence")
REQUIRED_LABELS = ("fraud", "duty_at_risk")


def _labels_beside(path: Path) -> Path | None:
    """The generator writes ``labels.<ext>`` next to ``declarations.<ext>``."""
    candidate = path.with_name("labels" + path.suffix)
    return candidate if candidate.exists() and candidate != path else None


def load_history(
    paths: list[Path],
    *,
    source_format: str = "canonical",
    labels: Path | None = None,
    batch_size: int = BATCH_SIZE,
    max_json_bytes: int = MAX_JSON_BYTES,
) -> pl.DataFrame:
    """Item frames with ``fraud`` and ``duty_at_risk``, from KCS files or canonical files whose
    labels are columns of their own or a labels file keyed by declaration_id and sequence.
    ``batch_size`` and ``max_json_bytes`` are as for
    :func:`smartcustoms.declarations.io.read_frames`."""
    frames = []
    for path in paths:
        path = Path(path)
        if source_format == "kcs":
            frame = read_kcs(path)
        else:
            batches = read_frames(path, batch_size=batch_size, max_json_bytes=max_json_bytes)
            frame = pl.concat(batches, how="diagonal_relaxed")
            label_file = labels or _labels_beside(path)
            if "fraud" not in frame.columns and label_file is not None:
                found = pl.concat(_read_table(label_file), how="diagonal_relaxed").cast(
                    {"declaration_id": pl.String, "sequence": pl.Int32}
                )
                frame = frame.join(
                    found.select(*LABEL_KEY, *[c for c in found.columns if c not in LABEL_KEY
                                               and c not in frame.columns]),
                    on=list(LABEL_KEY), how="left",
                )  # fmt: skip
        missing = [c for c in REQUIRED_LABELS if c not in frame.columns]
        if missing:
            raise ReadError(
                str(path), "", f"no labels ({', '.join(missing)}): pass --labels or label columns"
            )
        frames.append(frame)
    history = pl.concat(frames, how="diagonal_relaxed")
    return history.with_columns(
        pl.col("fraud").fill_null(0).cast(pl.Int8),
        pl.col("duty_at_risk").fill_null(0.0).cast(pl.Float64),
    )


def _read_table(path: Path) -> list[pl.DataFrame]:
    """Reads a plain table (a labels file is not a declaration file) by its suffix."""
    path = Path(path)
    readers = {".parquet": pl.read_parquet, ".csv": pl.read_csv, ".jsonl": pl.read_ndjson}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise ReadError(str(path), "", "labels must be Parquet, CSV or JSON Lines")
    try:
        return [reader(path)]
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise ReadError(str(path), "", f"unreadable labels file: {exc}") from exc
