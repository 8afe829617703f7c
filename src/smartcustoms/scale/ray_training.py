"""Training with Ray where it helps: reading and parsing many history partitions in parallel.

The fit itself stays on one process (see docs/operations.md: profiles are group-by aggregations
polars does in seconds, and LightGBM on one machine beats its distributed mode at these sizes).
"""

import polars as pl

from smartcustoms.declarations.frame import conform
from smartcustoms.errors import ReadError
from smartcustoms.risk.history import REQUIRED_LABELS
from smartcustoms.scale.ray_screening import ray_session, read_dataset


def read_history_on_ray(
    source: str | list[str], *, address: str | None = None, num_cpus: int | None = None
) -> pl.DataFrame:
    """Labelled item frames under ``source`` (labels as columns), read by Ray workers."""
    with ray_session(address, num_cpus):
        blocks = read_dataset(source).iter_batches(batch_size=None, batch_format="pyarrow")
        history = pl.concat([pl.from_arrow(block) for block in blocks], how="diagonal_relaxed")
    missing = [c for c in REQUIRED_LABELS if c not in history.columns]
    if missing:
        raise ReadError(str(source), "", f"no labels ({', '.join(missing)}) in the partitions")
    return conform(history).with_columns(
        pl.col("fraud").cast(pl.Int8), pl.col("duty_at_risk").cast(pl.Float64)
    )
