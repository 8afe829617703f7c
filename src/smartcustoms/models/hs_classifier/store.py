"""Where the shipped HS classifier lives and how it is built: reproducibly, by the project's own
command, from the project's own knowledge (``smartcustoms train-hs``)."""

import time
from collections.abc import Sequence
from pathlib import Path

from smartcustoms.config import Settings
from smartcustoms.models.hs_classifier.classifier import HSClassifier

MODEL_FILE = "hs_classifier.pkl"


def default_model_path(settings: Settings) -> Path:
    """``<home>/models/hs_classifier.pkl``: a local build artefact, not committed."""
    return settings.home / "models" / MODEL_FILE


def build_model(
    path: Path, descriptions: Sequence[str] = (), hs_codes: Sequence[str] = ()
) -> tuple[HSClassifier, float]:
    """Fits the shipped configuration on the project's knowledge plus optional labelled history,
    saves it to ``path`` and returns it with the seconds the build took."""
    started = time.perf_counter()
    model = HSClassifier().fit(descriptions, hs_codes)
    model.save(path)
    return model, time.perf_counter() - started


def load_model(path: Path, *, build_if_missing: bool = True) -> HSClassifier:
    """Loads the model at ``path``; builds it first when it is missing and ``build_if_missing``
    (about a minute on two cores), else raises FileNotFoundError saying how to build it."""
    if not path.exists():
        if not build_if_missing:
            raise FileNotFoundError(
                f"no HS classifier at {path}: build it with `smartcustoms train-hs`"
            )
        return build_model(path)[0]
    return HSClassifier.load(path)
