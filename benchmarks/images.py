"""Milliseconds per scan on one core: decoding and features alone (the baseline) against the full
consistency and anomaly check, on fresh synthetic 16-bit scans.

    PYTHONPATH=src python benchmarks/images.py [--scans 60]
"""

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the target is stated

import argparse
import tempfile
import time
from pathlib import Path

from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.images.commodities import NAMES
from smartcustoms.images.consistency import check_scan
from smartcustoms.images.intake import read_image
from smartcustoms.images.scan_features import scan_features
from smartcustoms.images.scan_models import ScanModels
from smartcustoms.lab.images.datasets import declaration_for, png_bytes
from smartcustoms.lab.images.synthetic_scans import CONCEALMENTS, generate_scan, scan_rng
from smartcustoms.lab.images.training import train_scan_models


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scans", type=int, default=60)
    count = parser.parse_args().scans
    folder = Path(tempfile.mkdtemp(prefix="images-bench-"))
    models = ScanModels.load(train_scan_models(per_commodity=40).save(folder))
    cases = []
    for i in range(count):
        commodity = NAMES[i % len(NAMES)]
        scan = generate_scan(scan_rng(99, i), commodity, CONCEALMENTS[i % 3] if i % 2 else None)
        declaration = parse_declaration(declaration_for(commodity, scan.net_mass_kg, i))
        cases.append((png_bytes(scan.pixels), declaration))

    def baseline(content, _declaration):
        scan_features(read_image(content).greyscale)

    def full(content, declaration):
        check_scan(read_image(content).greyscale, declaration, models)

    print(f"{count} synthetic 16-bit PNG scans (about 120 x 410 pixels), one thread")
    print(f"{'step':<42}{'ms/scan':>10}")
    for name, step in (
        ("decode + features (baseline)", baseline),
        ("decode + quality + consistency + anomaly", full),
    ):
        step(*cases[0])  # warm-up
        started = time.perf_counter()
        for case in cases:
            step(*case)
        print(f"{name:<42}{(time.perf_counter() - started) / count * 1000:>10.1f}")


if __name__ == "__main__":
    main()
