import numpy as np
import polars as pl
import pytest
from typer.testing import CliRunner

from smartcustoms.cli import app
from smartcustoms.declarations.io import write_frames
from smartcustoms.models.cluster import RiskCluster
from smartcustoms.risk.drift import drift_report, population_stability


def test_psi_is_small_for_the_same_distribution_and_large_for_a_shift():
    rng = np.random.default_rng(0)
    baseline = rng.beta(1, 9, 20_000)
    assert population_stability(baseline, rng.beta(1, 9, 5_000)) < 0.02
    assert population_stability(baseline, rng.beta(3, 5, 5_000)) > 0.5


@pytest.fixture(scope="module")
def cluster(history):
    return RiskCluster().fit(history)


def test_weekly_report_flags_a_world_where_everyone_undervalues(cluster, later):
    calm = drift_report(cluster, later)
    assert calm.columns == [
        "week", "items", "mean_score", "psi", "drift", "fraud_rate", "hit_rate_top5"
    ]  # fmt: skip
    assert calm["items"].sum() == later.height
    shifted = drift_report(cluster, later.with_columns(pl.col("value") * 0.2))
    assert shifted["mean_score"].mean() > calm["mean_score"].mean()
    assert shifted["psi"].median() > max(0.2, calm["psi"].median())


def test_drift_command_prints_the_weeks(cluster, later, tmp_path):
    cluster.save(tmp_path / "models")
    data = tmp_path / "recent.parquet"
    write_frames([later.drop("fraud", "duty_at_risk")], data)
    result = CliRunner().invoke(
        app, ["evaluate", "drift", "--data", str(data), "--models", str(tmp_path / "models")]
    )
    assert result.exit_code == 0, result.output
    assert "psi" in result.output and "training fraud rate" in result.output
