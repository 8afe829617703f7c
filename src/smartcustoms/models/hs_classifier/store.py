"""Where the shipped HS classifier lives and how it is built: reproducibly, by the project's own
command (``smartcustoms train-hs``), from the project's own knowledge and, where the shared
data folder has them, the public real texts of :mod:`.public_texts`."""

import time
from collections.abc import Sequence
from pathlib import Path

from smartcustoms.config import Settings
from smartcustoms.errors import ModelUnavailableError
from smartcustoms.models.hs_classifier.classifier import HSClassifier
from smartcustoms.models.hs_classifier.public_texts import training_texts
from smartcustoms.models.registry import ModelRegistry


def default_model_path(settings: Settings) -> Path:
    """The HS classifier's folder in the model registry: a local build artefact, not committed."""
    return ModelRegistry.from_settings(settings).folder(HSClassifier)


def build_model(
    path: Path,
    descriptions: Sequence[str] = (),
    hs_codes: Sequence[str] = (),
    shared_data: Path | None = None,
) -> tuple[HSClassifier, float]:
    """Fits the shipped configuration on the project's knowledge plus optional labelled history
    and, with ``shared_data``, the public real texts there; saves it to ``path`` and returns it
    with the seconds the build took."""
    started = time.perf_counter()
    if shared_data is not None:
        public, codes = training_texts(shared_data)
        descriptions, hs_codes = [*descriptions, *public], [*hs_codes, *codes]
    model = HSClassifier().fit(descriptions, hs_codes)
    model.save(path)
    return model, time.perf_counter() - started


def current_model(path: Path) -> HSClassifier | None:
    """The model at ``path``, or None when there is none or it is of another version: both mean
    it must be built."""
    try:
        return HSClassifier.load(path)
    except ModelUnavailableError:
        return None


def load_model(
    path: Path, *, build_if_missing: bool = True, shared_data: Path | None = None
) -> HSClassifier:
    """Loads the model at ``path``. With ``build_if_missing`` it is built first when missing or
    of another version (a few minutes on two cores; see :func:`build_model` for
    ``shared_data``); without, either raises ModelUnavailableError saying how to build it."""
    if build_if_missing:
        return current_model(path) or build_model(path, shared_data=shared_data)[0]
    return HSClassifier.load(path)
