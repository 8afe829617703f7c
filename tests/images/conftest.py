"""Small trained image models shared by the image tests (``trained`` is in tests/conftest.py)."""

import shutil
from pathlib import Path

import pytest

from smartcustoms.config import get_settings
from smartcustoms.images.scan_models import ScanModels
from smartcustoms.models.registry import ModelRegistry


@pytest.fixture(scope="session")
def scan_models(trained):
    return ScanModels.load(trained / "scan_models")


@pytest.fixture
def home_with_models(trained) -> Path:
    """The test's own SMARTCUSTOMS_HOME, holding a copy of the trained models."""
    home = get_settings().home
    shutil.copytree(trained, ModelRegistry.for_home(home).root, dirs_exist_ok=True)
    return home
