"""Shared fixtures: small data built here, and the optional public data folder."""

from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest

from smartcustoms.config import get_settings
from smartcustoms.declarations.examples import example_declaration
from tests.factories import labelled_items


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
def _fresh_settings():
    """Each test reads the environment afresh, so monkeypatched SMARTCUSTOMS_* take effect."""
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
