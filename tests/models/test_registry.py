"""The model registry: one folder per kind, each model loaded once per process."""

import os

import pytest

from smartcustoms.config import Settings
from smartcustoms.errors import ModelUnavailableError
from smartcustoms.models.contract import IncompatibleModelError, write_manifest
from smartcustoms.models.hs_classifier import HSClassifier
from smartcustoms.models.registry import ModelRegistry


def test_folders_come_from_the_settings_home(tmp_path):
    registry = ModelRegistry.from_settings(Settings(home=tmp_path))
    assert registry.folder(HSClassifier) == tmp_path / "models" / "hs_classifier"


def test_a_model_is_loaded_once_and_again_after_a_new_save(tfidf_model, tmp_path):
    registry = ModelRegistry(tmp_path)
    registry.save(tfidf_model)
    first = registry.load(HSClassifier)
    assert ModelRegistry(tmp_path).load(HSClassifier) is first  # shared by every caller
    manifest = registry.folder(HSClassifier) / "manifest.json"
    registry.save(tfidf_model)
    stat = manifest.stat()
    os.utime(manifest, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    again = registry.load(HSClassifier)
    assert again is not first
    assert again.predict_topk(["frozen tuna"])[0].candidates[0].hs6 == (
        first.predict_topk(["frozen tuna"])[0].candidates[0].hs6
    )


def test_missing_and_incompatible_models_each_say_one_thing(tmp_path):
    registry = ModelRegistry(tmp_path)
    with pytest.raises(ModelUnavailableError, match=r"no hs classifier in .*train-hs"):
        registry.load(HSClassifier)
    folder = registry.folder(HSClassifier)
    folder.mkdir()
    write_manifest(folder, kind="hs_classifier", version=HSClassifier.version + 1)
    with pytest.raises(IncompatibleModelError) as refused:
        registry.load(HSClassifier)
    assert str(refused.value).count("\n") == 0 and "retrain with `smartcustoms train-hs`" in str(
        refused.value
    )
