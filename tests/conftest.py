"""Shared fixtures: small data built here, and the optional public data folder."""

from pathlib import Path

import pytest

from smartcustoms.config import get_settings
from smartcustoms.declarations.examples import example_declaration


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
