import pickle

import numpy as np
import polars as pl
import pytest

from smartcustoms.models.cluster import RiskCluster
from smartcustoms.models.compiled import SUFFIX, compile_forests


@pytest.fixture(scope="module")
def fitted(history) -> RiskCluster:
    return RiskCluster().fit(history)


def _odd_rows(later: pl.DataFrame) -> pl.DataFrame:
    """Later items plus unseen categories, NaN and zero masses: the branches a compiled tree
    must take exactly as LightGBM does."""
    odd = later.head(40).with_columns(
        office=pl.lit("XX9"),
        origin_country=pl.lit("ZZ"),
        net_mass_kg=pl.Series([0.0, float("nan")] * 20),
    )
    return pl.concat([later, odd])


def test_compiled_trees_score_as_lightgbm(fitted, later, tmp_path):
    rows = _odd_rows(later)
    matrix = fitted.features(rows)
    forests = compile_forests({"fraud": fitted.fraud.booster_}, tmp_path)
    expected = fitted.fraud.booster_.predict(matrix, raw_score=True)
    assert np.allclose(forests["fraud"].predict(matrix), expected, rtol=0, atol=1e-9)
    assert forests["fraud"].predict(matrix[:0]).shape == (0,)


def test_saved_cluster_scores_with_cached_compiled_trees(fitted, later, tmp_path):
    reference = fitted.score(later, explain=False)  # LightGBM's predict: not yet compiled
    (tmp_path / f"fraud-old{SUFFIX}").write_bytes(b"code of an earlier model")
    fitted.save(tmp_path)
    cached = sorted(p.name for p in tmp_path.glob(f"*{SUFFIX}"))
    assert len(cached) == 2 and not any("old" in name for name in cached)
    loaded = RiskCluster.load(tmp_path)
    assert set(loaded.forests_) == {"fraud", "revenue"}
    assert sorted(p.name for p in tmp_path.glob(f"*{SUFFIX}")) == cached  # reused, not rebuilt
    scored = loaded.score(later, explain=False)
    for column in ("fraud_probability", "duty_if_fraud"):
        assert np.allclose(scored[column], reference[column], rtol=1e-9, atol=1e-12)


def test_a_copy_sent_to_a_worker_loads_the_cached_trees_but_never_compiles(fitted, later, tmp_path):
    fitted.save(tmp_path / "models")
    loaded = RiskCluster.load(tmp_path / "models")
    copy = pickle.loads(pickle.dumps(loaded))  # what a Ray task receives
    assert set(copy.forests_) == {"fraud", "revenue"}
    assert np.allclose(
        copy.score(later, explain=False)["fraud_probability"],
        loaded.score(later, explain=False)["fraud_probability"],
        rtol=1e-9,
        atol=1e-12,
    )
    for cached in (tmp_path / "models").glob(f"*{SUFFIX}"):
        cached.unlink()
    uncompiled = pickle.loads(pickle.dumps(loaded))
    assert uncompiled.forests_ == {}
    assert not list((tmp_path / "models").glob(f"*{SUFFIX}"))
