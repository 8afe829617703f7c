"""Reading a 1,000,000-item CSV: the streaming reader against plain ``polars.read_csv``.

Each reader runs in a fresh process so that its peak memory (max RSS) is its own. Prints items/s
and peak memory for both and the ratio of ours to the baseline.

    python benchmarks/read_csv.py [--items 1000000]
"""

import argparse
import multiprocessing
import resource
import time
from pathlib import Path

import numpy as np
import polars as pl
from rich.console import Console
from rich.table import Table

from smartcustoms.declarations.examples import example_declaration
from smartcustoms.declarations.frame import to_frame
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.reference import hs


def build_csv(path: Path, items: int) -> None:
    """Writes ``items`` goods items, two per declaration, with varied codes and values."""
    template = to_frame([parse_declaration(example_declaration())])
    rng = np.random.default_rng(7)
    codes = np.array(sorted(hs.valid_hs6_codes()))
    frame = template.select(pl.all().gather(np.zeros(items, dtype=np.int64))).with_columns(
        declaration_id=pl.Series([f"DEC-2026-{n // 2:07d}" for n in range(items)]),
        sequence=pl.Series(np.arange(items) % 2 + 1, dtype=pl.Int32),
        hs_code=pl.Series(codes[rng.integers(0, len(codes), items)]),
        net_mass_kg=pl.Series(rng.lognormal(5, 1.5, items).round(1)),
        value=pl.Series(rng.lognormal(8, 1.5, items).round(2)).cast(pl.Decimal(18, 2)),
    )
    frame.write_csv(path)


def _measure(reader: str, path: str, results) -> None:
    from smartcustoms.declarations.io import read_frames

    started = time.perf_counter()
    if reader == "polars.read_csv":
        items = pl.read_csv(path).height
    else:
        items = sum(frame.height for frame in read_frames(Path(path)))
    elapsed = time.perf_counter() - started
    results.put((reader, items, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("var/bench"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    path = args.workdir / f"items-{args.items}.csv"
    if not path.exists():
        build_csv(path, args.items)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    rows = []
    for reader in ("polars.read_csv", "smartcustoms read_frames"):
        process = context.Process(target=_measure, args=(reader, str(path), results))
        process.start()
        rows.append(results.get())
        process.join()
    base_rate = rows[0][1] / rows[0][2]
    table = Table(title=f"read {path} ({path.stat().st_size / 2**20:,.0f} MiB)")
    for column in ("reader", "items", "seconds", "items/s", "peak MiB", "speed vs baseline"):
        table.add_column(column, justify="right")
    for reader, items, elapsed, max_rss_kib in rows:
        rate = items / elapsed
        table.add_row(
            reader,
            f"{items:,}",
            f"{elapsed:.2f}",
            f"{rate:,.0f}",
            f"{max_rss_kib / 1024:,.0f}",
            f"{rate / base_rate:.2f}x",
        )
    Console().print(table)


if __name__ == "__main__":
    main()
