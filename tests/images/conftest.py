"""Small trained image models shared by the image tests (trained once per session)."""

import shutil
from pathlib import Path

import pytest

from smartcustoms.config import get_settings
from smartcustoms.images.gallery import seed_gallery
from smartcustoms.images.scan_models import load_scan_models, train_scan_models
from smartcustoms.images.service import images_home


@pytest.fixture(scope="session")
def trained(tmp_path_factory) -> Path:
    """An images home with scan models and a gallery trained from small synthetic sets."""
    home = tmp_path_factory.mktemp("trained") / "images"
    (home / "scan_models").mkdir(parents=True)
    train_scan_models(home / "scan_models", per_commodity=30)
    seed_gallery(home / "organisms", per_species=15)
    return home


@pytest.fixture(scope="session")
def scan_models(trained):
    return load_scan_models(trained / "scan_models")


@pytest.fixture
def home_with_models(trained) -> Path:
    """The test's own SMARTCUSTOMS_HOME, holding a copy of the trained models."""
    home = get_settings().home
    shutil.copytree(trained, images_home(home))
    return home
