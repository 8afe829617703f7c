"""The Ray driver gives exactly what the local driver gives, on a local Ray instance of 2 CPUs."""

import subprocess
import sys
from datetime import UTC, datetime

import polars as pl
import pytest

from smartcustoms.declarations.io import write_frames
from smartcustoms.risk.screening import screen_batch
from smartcustoms.risk.training import train_screening
from smartcustoms.rules.loader import shipped_packs

AT = datetime(2026, 6, 1, tzinfo=UTC)


def test_the_core_never_imports_ray():
    code = (
        "import sys, smartcustoms.cli, smartcustoms.server, smartcustoms.risk.file_driver; "
        "sys.exit(1 if 'ray' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.slow
def test_ray_and_local_screening_agree(history, later, tmp_path, monkeypatch):
    from smartcustoms.scale.ray_screening import screen_on_ray

    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    screening = train_screening(history, shipped_packs())
    source = tmp_path / "later.parquet"
    write_frames([later], source)
    local = screen_batch(later, screening, at=AT).sort("declaration_id", "sequence")
    run = screen_on_ray(str(source), tmp_path / "out", screening, at=AT, num_cpus=2)
    remote = pl.read_parquet(tmp_path / "out").sort("declaration_id", "sequence")
    assert run.items == later.height == remote.height
    columns = ["declaration_id", "sequence", "item_risk", "declaration_risk", "channel",
               "selected_by", "rule_hits"]  # fmt: skip
    assert remote.select(columns).equals(local.select(columns))


@pytest.mark.slow
def test_training_reads_partitions_on_ray(history, tmp_path, monkeypatch):
    from smartcustoms.scale.ray_training import read_history_on_ray

    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    parts = [tmp_path / f"part-{n}.parquet" for n in range(2)]
    write_frames([history.head(2000)], parts[0])
    write_frames([history.tail(2000)], parts[1])
    read = read_history_on_ray([str(p) for p in parts], num_cpus=2)
    assert read.sort("declaration_id").equals(history.sort("declaration_id"))
