"""Screening on a Ray cluster: the same batch function as the API and the CLI, mapped over a
Ray Dataset.

Rows are hash-partitioned by declaration id first, so every block holds whole declarations (a
declaration's channel needs all its items); each block is then one batch for
:func:`smartcustoms.risk.screening.screen_batch`. The trained screening (models, thresholds,
rule packs) goes into the object store once and is read from there by each task.

Ray is an optional extra (``pip install smartcustoms[ray]``); nothing else imports this module.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv
import ray

from smartcustoms.declarations.frame import ITEM_SCHEMA, conform
from smartcustoms.risk.screening import Screening, screen_batch


@dataclass(frozen=True, slots=True)
class RayRun:
    items: int
    partitions: int


def _screen_block(block: pa.Table, screening: Screening, at: datetime) -> pa.Table:
    """One block of whole declarations through the screening batch function."""
    return screen_batch(conform(pl.from_arrow(block)), screening, at=at).to_arrow()


@contextmanager
def ray_session(address: str | None, num_cpus: int | None) -> Iterator[None]:
    """Joins the cluster at ``address`` (or starts a local instance) unless Ray already runs in
    this process, and shuts down only what it started."""
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, num_cpus=num_cpus, include_dashboard=False,
                 log_to_driver=False, configure_logging=False)  # fmt: skip
    try:
        yield
    finally:
        if started_here:
            ray.shutdown()


def read_dataset(source: str | list[str]) -> ray.data.Dataset:
    """Parquet or CSV partitions as a Ray Dataset; CSV is read as text and typed by conform()."""
    first = source[0] if isinstance(source, list) else source
    if first.endswith(".csv") or (Path(first).is_dir() and any(Path(first).glob("*.csv"))):
        # text, so codes keep their leading zeros; conform() types every column afterwards
        text_columns = {name: pa.string() for name in ITEM_SCHEMA}
        options = pa_csv.ConvertOptions(column_types=text_columns)
        return ray.data.read_csv(source, convert_options=options)
    return ray.data.read_parquet(source)


def screen_on_ray(
    source: str,
    target: Path,
    screening: Screening,
    *,
    at: datetime,
    address: str | None = None,
    num_cpus: int | None = None,
    partitions: int | None = None,
) -> RayRun:
    """Screens every declaration under ``source`` (a Parquet/CSV file, folder or glob) and writes
    Parquet partitions of per-item results to the ``target`` folder."""
    with ray_session(address, num_cpus):
        workers = max(1, int(ray.available_resources().get("CPU", 1)))
        dataset = read_dataset(source)
        blocks = partitions or 2 * workers
        # Tasks, not an actor pool: actors would hold every CPU and starve the read and the
        # shuffle on a small machine. The screening in fn_args is put in the object store once.
        screened = dataset.repartition(blocks, keys=["declaration_id"]).map_batches(
            _screen_block,
            fn_args=(screening, at),
            batch_size=None,
            batch_format="pyarrow",
        )
        screened.write_parquet(str(target))
    items = sum(pl.scan_parquet(p).select(pl.len()).collect().item()
                for p in Path(target).glob("*.parquet"))  # fmt: skip
    return RayRun(items=items, partitions=blocks)
