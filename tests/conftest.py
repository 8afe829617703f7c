"""Shared fixtures: small data built here, and the optional public data folder."""

from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest

from smartcustoms.config import get_settings
from smartcustoms.declarations.examples import example_declaration
from smartcustoms.documents.ocr import OcrUnavailableError
from smartcustoms.lab.documents.rendering import FontMissingError
from smartcustoms.lab.images.training import train_image_models
from smartcustoms.models.registry import ModelRegistry
from tests.factories import labelled_items

MISSING_SYSTEM_PACKAGE = (FontMissingError, OcrUnavailableError)
"""Raised when an optional system package (a CJK font, Tesseract) is absent; CI installs them
(.ci/run), a fresh machine may not."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    return (yield from _skip_for_missing_packages())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    return (yield from _skip_for_missing_packages())


def _skip_for_missing_packages():
    """Turns a missing optional system package into a skip that names it, never a failure."""
    try:
        return (yield)
    except MISSING_SYSTEM_PACKAGE as exc:
        pytest.skip(f"needs an optional system package: {exc}")


@pytest.fixture
def example() -> dict:
    """A fresh copy of the README's example declaration as raw JSON-shaped data."""
    return example_declaration()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public data folder; tests needing it skip with a visible reason where it is absent."""
    path = get_settings().shared_data
    if not path.is_dir():
        pytest.skip(f"public data folder not found at {path} (set SMARTCUSTOMS_SHARED_DATA)")
    return path


@pytest.fixture(autouse=True)
def _fresh_settings(tmp_path_factory, monkeypatch):
    """Each test gets its own home folder (store, models) and reads the environment afresh, so
    no test sees another's files or writes into the working tree."""
    monkeypatch.setenv("SMARTCUSTOMS_HOME", str(tmp_path_factory.mktemp("home")))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def history() -> pl.DataFrame:
    """4,000 labelled goods items over 2025."""
    return labelled_items(4000, seed=1)


@pytest.fixture(scope="session")
def later() -> pl.DataFrame:
    """1,500 items of the same world, a year later, with fresh identifiers."""
    frame = labelled_items(1500, seed=2)
    return frame.with_columns(
        pl.col("lodged_at") + timedelta(days=400),
        ("L" + pl.col("declaration_id")).alias("declaration_id"),
    )


@pytest.fixture(scope="session")
def trained(tmp_path_factory) -> Path:
    """A model registry with scan models and a gallery trained from small synthetic sets (used
    by the image tests and the portal's scan check)."""
    root = tmp_path_factory.mktemp("trained") / "models"
    train_image_models(ModelRegistry(root), per_commodity=30, per_species=15)
    return root
