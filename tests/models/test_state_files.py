"""Model state as JSON and arrays: what goes in comes back, and nothing else is rebuilt."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import lightgbm as lgb
import numpy as np
import polars as pl
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from smartcustoms.images.patch_anomaly import PatchModel
from smartcustoms.models.state_files import StateFileError, load_state, save_state


def test_plain_values_arrays_and_frames_come_back_equal(tmp_path):
    value = {
        "text": "tuna",
        (2, "ch"): frozenset({"a", "b"}),
        "nested": [1, 2.5, None, True, ("t", 3)],
        "array": np.arange(6, dtype=np.float32).reshape(2, 3),
        "objects": np.array(["030342", "732393"], dtype=object),
        "scalar": np.int64(7),
        "sparse": sp.csr_matrix(np.eye(3, dtype=np.float32)),
        "frame": pl.DataFrame({"office": ["CNSHA", "CNNGB"], "n": [1, 2]}),
        "money": Decimal("15000.00"),
        "when": datetime(2026, 11, 20, 8, 30, tzinfo=UTC),
        "day": date(2026, 11, 1),
        "where": Path("var/models"),
        "dtype": np.float32,
        5: {1, 2},
    }
    save_state(value, tmp_path)
    again = load_state(tmp_path)
    assert again[(2, "ch")] == frozenset({"a", "b"}) and again[5] == {1, 2}
    assert again["nested"] == [1, 2.5, None, True, ("t", 3)]
    assert np.array_equal(again["array"], value["array"]) and again["array"].dtype == np.float32
    assert again["objects"].tolist() == ["030342", "732393"]
    assert again["scalar"] == 7 and isinstance(again["scalar"], np.int64)
    assert (again["sparse"] != value["sparse"]).nnz == 0
    assert again["frame"].equals(value["frame"])
    for key in ("money", "when", "day", "where", "dtype", "text"):
        assert again[key] == value[key]


def test_fitted_estimators_and_boosters_answer_as_before(tmp_path):
    texts = ["frozen tuna loins", "stainless steel pot", "cotton t-shirt"]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 4), dtype=np.float32)
    vectorizer.fit(texts)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(200, 3)), rng.integers(0, 2, 200)
    booster = lgb.train({"objective": "binary", "verbose": -1}, lgb.Dataset(x, y), 5)
    patches = PatchModel(seed=1).fit(rng.normal(size=(200, 4)))
    save_state({"vectorizer": vectorizer, "booster": booster, "patches": patches}, tmp_path)
    again = load_state(tmp_path)
    assert (again["vectorizer"].transform(texts) != vectorizer.transform(texts)).nnz == 0
    assert np.allclose(again["booster"].predict(x), booster.predict(x))
    sample = rng.normal(size=(5, 4))
    assert np.allclose(again["patches"].score(sample), patches.score(sample))


def test_objects_of_other_libraries_are_refused_on_save(tmp_path):
    with pytest.raises(StateFileError, match=r"state\.handler: cannot save"):
        save_state({"handler": open}, tmp_path)  # a builtin function: code, not data


def test_a_file_naming_a_foreign_class_is_refused_on_load(tmp_path):
    save_state(PatchModel(seed=3), tmp_path)
    encoded = json.loads((tmp_path / "state.json").read_text())
    encoded["__object__"] = "subprocess.Popen"
    (tmp_path / "state.json").write_text(json.dumps(encoded))
    with pytest.raises(StateFileError, match=r"subprocess\.Popen"):
        load_state(tmp_path)
    assert not list(tmp_path.glob("*.pkl")) and not list(tmp_path.glob("*.joblib"))
