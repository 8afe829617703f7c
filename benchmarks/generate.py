"""Benchmark: generate about a million goods items and report items/s and peak memory.

Target (issue 3): at least 50,000 items/s and under 2 GB on a 2-core machine. The baseline,
measured in the same run, writes a random polars frame of the same rows and schema to Parquet:
the floor that any generator writing this frame pays. Each measurement runs in a fresh child
process, so that peak memory (max RSS) is its own.

    python benchmarks/generate.py [--items 1000000] [--seed 0]
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from smartcustoms.declarations.frame import ITEM_SCHEMA
from smartcustoms.declarations.io import write_frames
from smartcustoms.lab.trade.params import GenerationParams
from smartcustoms.lab.trade.writer import generate

ITEMS_PER_DECLARATION = 3.47
"""Average goods items per generated declaration (the mix of small and large consignments)."""
TARGET_ITEMS_PER_SECOND = 50_000
TARGET_PEAK_MB = 2048


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _run_generator(items: int, seed: int, out: Path) -> dict:
    declarations = round(items / ITEMS_PER_DECLARATION)
    started = time.perf_counter()
    summary = generate(GenerationParams(declarations=declarations, seed=seed), out)
    seconds = time.perf_counter() - started
    return {"items": summary.goods_items, "seconds": seconds, "peak_mb": _peak_mb()}


def _random_frame(rng: np.random.Generator, rows: int) -> pl.DataFrame:
    """A frame of ``rows`` random values in the item schema, strings from a small vocabulary."""
    words = pl.Series([f"token{i:04d}" for i in range(1000)])
    columns = {}
    for name, dtype in ITEM_SCHEMA.items():
        if dtype == pl.String:
            columns[name] = words.gather(rng.integers(0, len(words), rows))
        elif dtype == pl.Boolean:
            columns[name] = pl.Series(rng.random(rows) < 0.5)
        elif isinstance(dtype, pl.Datetime):
            columns[name] = pl.Series(rng.integers(1.7e15, 1.8e15, rows)).cast(dtype)
        else:
            columns[name] = pl.Series(np.round(rng.uniform(1, 1e5, rows), 2)).cast(dtype)
    return pl.DataFrame(columns)


def _run_baseline(items: int, seed: int, out: Path) -> dict:
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    batch = 100_000
    frames = (_random_frame(rng, min(batch, items - s)) for s in range(0, items, batch))
    written = write_frames(frames, out / "random.parquet")
    seconds = time.perf_counter() - started
    return {"items": written, "seconds": seconds, "peak_mb": _peak_mb()}


def _measure(kind: str, items: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{kind}-") as folder:
        result = subprocess.run(
            [sys.executable, __file__, "--child", kind, "--items", str(items),
             "--seed", str(seed), "--out", folder],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", choices=("generator", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = _run_generator if args.child == "generator" else _run_baseline
        print(json.dumps(run(args.items, args.seed, args.out)))
        return

    rows = [
        ("baseline: random frame -> parquet", _measure("baseline", args.items, args.seed)),
        ("smartcustoms generate (parquet)", _measure("generator", args.items, args.seed)),
    ]
    print(f"{'run':<36} {'items':>10} {'seconds':>8} {'items/s':>10} {'peak MB':>8}")
    for name, r in rows:
        items, seconds, peak = r["items"], r["seconds"], r["peak_mb"]
        print(f"{name:<36} {items:>10,} {seconds:>8.2f} {items / seconds:>10,.0f} {peak:>8,.0f}")
    generator = rows[1][1]
    rate = generator["items"] / generator["seconds"]
    verdict = (
        "meets" if rate >= TARGET_ITEMS_PER_SECOND and generator["peak_mb"] < TARGET_PEAK_MB
        else "MISSES"
    )  # fmt: skip
    print(f"target >= {TARGET_ITEMS_PER_SECOND:,} items/s and < {TARGET_PEAK_MB:,} MB: {verdict}")


if __name__ == "__main__":
    main()
