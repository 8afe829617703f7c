"""Screening the same generated items locally and on a local Ray instance, in one run.

Uses the data and models that ``benchmarks/screen.py`` prepares (run it first). Prints items/s
for both engines on this machine; the README turns them into a cluster-size projection.

    python benchmarks/ray_screen.py [--items 200000] [--cpus 2]
"""

import argparse
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.table import Table

from smartcustoms.declarations.io import write_frames
from smartcustoms.risk.file_driver import screen_file
from smartcustoms.risk.training import load_screening
from smartcustoms.rules.loader import shipped_packs
from smartcustoms.scale.ray_screening import screen_on_ray


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--cpus", type=int, default=os.cpu_count())
    parser.add_argument("--workdir", type=Path, default=Path("var/bench/screen"))
    args = parser.parse_args()
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    screening = load_screening(args.workdir / "models", shipped_packs())
    source = args.workdir / f"items-{args.items}.parquet"
    if not source.exists():
        whole = pl.scan_parquet(args.workdir / "data" / "declarations.parquet")
        write_frames([whole.head(args.items).collect()], source)
    at = datetime.now(UTC)
    rows = []
    started = time.perf_counter()
    totals = screen_file(source, args.workdir / "local.parquet", screening, at=at)
    rows.append(("local (streamed batches)", totals.items, time.perf_counter() - started))
    target = args.workdir / "ray-out"
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    run = screen_on_ray(str(source), target, screening, at=at, num_cpus=args.cpus)
    rows.append((f"Ray, local instance, {args.cpus} CPUs (incl. start)", run.items,
                 time.perf_counter() - started))  # fmt: skip
    table = Table(title="screening engines on this machine")
    for column in ("engine", "items", "seconds", "items/s", "vs local"):
        table.add_column(column, justify="right")
    base = rows[0][1] / rows[0][2]
    for name, items, seconds in rows:
        rate = items / seconds
        table.add_row(name, f"{items:,}", f"{seconds:.1f}", f"{rate:,.0f}", f"{rate / base:.2f}x")
    Console().print(table)


if __name__ == "__main__":
    main()
