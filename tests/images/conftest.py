"""Small trained image models shared by the image tests (``trained`` is in tests/conftest.py)."""

import shutil
from pathlib import Path

import pytest

from smartcustoms.config import get_settings
from smartcustoms.images.scan_models import load_scan_models
from smartcustoms.images.service import images_home


@pytest.fixture(scope="session")
def scan_models(trained):
    return load_scan_models(trained / "scan_models")


@pytest.fixture
def home_with_models(trained) -> Path:
    """The test's own SMARTCUSTOMS_HOME, holding a copy of the trained models."""
    home = get_settings().home
    shutil.copytree(trained, images_home(home))
    return home
