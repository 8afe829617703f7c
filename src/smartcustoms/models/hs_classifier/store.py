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


def current_model(path: Path) -> HSClassifier | None:
    """The model at ``path``, or None when there is none or it was written by an older version
    of the project (its format is refused): both mean it must be built."""
    try:
        return HSClassifier.load(path)
    except (FileNotFoundError, ValueError):
        return None


def load_model(path: Path, *, build_if_missing: bool = True) -> HSClassifier:
    """Loads the model at ``path``. With ``build_if_missing`` it is built first when missing or
    written by an older version (about a minute on two cores); without, a missing file raises
    FileNotFoundError saying how to build it and an older one ValueError."""
    if build_if_missing:
        return current_model(path) or build_model(path)[0]
    if not path.exists():
        raise FileNotFoundError(
            f"no HS classifier at {path}: build it with `smartcustoms train-hs`"
        )
    return HSClassifier.load(path)
