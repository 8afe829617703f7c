"""Screening 1,000,000 generated goods items with every rule pack and the model cluster.

The baseline is LightGBM's own predict over the same items' feature matrix, measured in the same
run: what scoring the fraud model alone costs without compiled trees; beside it, the compiled
trees (models/compiled.py) that screening uses over the same matrix. Each measurement runs in a
fresh process so its peak memory (max RSS) is its own. Target (issue 5): 50,000 items/s or more,
under 4 GB.

    python benchmarks/screen.py [--declarations 290000] [--train-items 150000]

The models are trained on the oldest ``--train-items`` of the same generated world, as an
administration trains on its own history before screening what comes next.
"""

import argparse
import multiprocessing
import resource
import time
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.table import Table

from smartcustoms.declarations.io import read_frames
from smartcustoms.errors import ModelUnavailableError
from smartcustoms.lab.trade.params import GenerationParams
from smartcustoms.lab.trade.writer import generate
from smartcustoms.models.cluster import RiskCluster
from smartcustoms.risk.file_driver import screen_file
from smartcustoms.risk.history import load_history
from smartcustoms.risk.training import load_screening, save_screening, train_screening
from smartcustoms.rules.loader import shipped_packs


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """User + system CPU time of this process: with other work on the machine, items per CPU
    second moves far less than items per second."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _screen(data: str, models: str, out: str, results) -> None:
    screening = load_screening(Path(models), shipped_packs())
    started, cpu = time.perf_counter(), _cpu_seconds()
    totals = screen_file(Path(data), Path(out), screening)
    results.put(("screen (rules + models, file to file)", totals.items,
                 time.perf_counter() - started, _cpu_seconds() - cpu, _peak_mib()))  # fmt: skip


def _predict_only(data: str, models: str, compiled: bool, results) -> None:
    cluster = load_screening(Path(models), shipped_packs()).cluster
    frame = pl.concat(read_frames(Path(data)))
    matrix = cluster.features(frame)
    started, cpu = time.perf_counter(), _cpu_seconds()
    if compiled:
        cluster.forests_["fraud"].predict(matrix)
    else:
        cluster.fraud.booster_.predict(matrix)
    name = "compiled trees" if compiled else "LightGBM predict"
    results.put((f"fraud model: {name} alone (features prebuilt)", frame.height,
                 time.perf_counter() - started, _cpu_seconds() - cpu, _peak_mib()))  # fmt: skip


def _train(data: str, models: str, items: int) -> None:
    """Trains in a process of its own: a process's peak memory passes to the processes it
    starts, so training in the parent would raise every measured run's peak to its own."""
    history = load_history([Path(data)]).head(items)
    save_screening(train_screening(history, shipped_packs()), Path(models))


def _loadable(models: Path) -> bool:
    """Models of an earlier format are trained again rather than refused."""
    try:
        RiskCluster.load(models)
    except ModelUnavailableError:
        return False
    return (models / "policy.json").exists()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--declarations", type=int, default=290_000)
    parser.add_argument("--train-items", type=int, default=150_000)
    parser.add_argument("--workdir", type=Path, default=Path("var/bench/screen"))
    args = parser.parse_args()
    data_dir, models = args.workdir / "data", args.workdir / "models"
    if not (data_dir / "declarations.parquet").exists():
        generate(GenerationParams(declarations=args.declarations, seed=5), data_dir)
    context = multiprocessing.get_context("spawn")
    if not _loadable(models):
        data = str(data_dir / "declarations.parquet")
        trainer = context.Process(target=_train, args=(data, str(models), args.train_items))
        trainer.start()
        trainer.join()
    results = context.Queue()
    rows = []
    runs = [
        (_predict_only, (str(data_dir / "declarations.parquet"), str(models), False)),
        (_predict_only, (str(data_dir / "declarations.parquet"), str(models), True)),
        (_screen, (str(data_dir / "declarations.parquet"), str(models),
                   str(args.workdir / "screened.parquet"))),
    ]  # fmt: skip
    for target, run_args in runs:
        process = context.Process(target=target, args=(*run_args, results))
        process.start()
        rows.append(results.get())
        process.join()
    base_rate = rows[0][1] / rows[0][2]
    table = Table(title="screening generated goods items on this machine")
    for column in ("run", "items", "seconds", "items/s", "CPU s", "items/CPU s", "peak MiB",
                   "vs predict"):  # fmt: skip
        table.add_column(column, justify="right")
    for name, items, seconds, cpu, peak in rows:
        rate = items / seconds
        per_cpu = items / cpu
        table.add_row(name, f"{items:,}", f"{seconds:.1f}", f"{rate:,.0f}", f"{cpu:.1f}",
                      f"{per_cpu:,.0f}", f"{peak:,.0f}", f"{rate / base_rate:.2f}x")  # fmt: skip
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
