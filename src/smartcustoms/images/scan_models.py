"""The scan models, fitted on labelled scans: commodity classifier (ONNX, in the model slot),
mass per unit of attenuation per commodity, and the per-commodity patch anomaly models.

Where the scans come from is the caller's business: the lab trains on generated scans
(``smartcustoms images train``), an administration on its own labelled archive."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from smartcustoms.images import registry
from smartcustoms.images.commodities import NAMES
from smartcustoms.images.patch_anomaly import PatchModel, load_patch_models, save_patch_models
from smartcustoms.images.scan_features import SCAN_FEATURES_VERSION, ScanFeatures, scan_features

CLASSIFIER = "scan_commodity"
FALSE_ALARM_RATE = 0.0
"""Share of clean calibration scans per commodity allowed to alarm: none, so the image threshold
sits at the worst clean scan; with ~80 scans a commodity a 1% quantile is mostly noise, and the
detection rate has room to spare (docs/models/scan-models.md)."""
VERSION = "1"


@dataclass(frozen=True)
class ScanModels:
    classifier: registry.SlotModel
    kg_per_attenuation: dict[str, float]
    mass_tolerance: dict[str, float]
    """Relative mass error that clean training scans stay within (3 standard deviations)."""
    patch_models: dict[str, PatchModel]


@dataclass(frozen=True)
class LabelledScan:
    """One scan for training: its commodity, the concealment in it (``None`` when clean), its
    pixels as attenuation in [0, 1] and the declared net mass."""

    commodity: str
    concealment: str | None
    pixels: np.ndarray
    net_mass_kg: float


def _features(scans: Iterable[LabelledScan]) -> list[tuple[str, str | None, ScanFeatures, float]]:
    return [(s.commodity, s.concealment, scan_features(s.pixels), s.net_mass_kg) for s in scans]


def fit_scan_models(
    folder: Path, train: Iterable[LabelledScan], calibration: Iterable[LabelledScan]
) -> dict:
    """Fits every scan model into ``folder`` and returns the training figures. ``calibration``
    holds clean scans only; they set each commodity's anomaly threshold and the held-out
    accuracy of the classifier."""
    train = _features(train)
    calibration = _features(calibration)
    folder.mkdir(parents=True, exist_ok=True)
    x = np.stack([f.vector for _, _, f, _ in train])
    y = np.array([name for name, _, _, _ in train])
    classifier = make_pipeline(StandardScaler(), LogisticRegression(C=3.0, max_iter=2000)).fit(x, y)
    held_out = np.stack([f.vector for _, _, f, _ in calibration])
    accuracy = float(
        (classifier.predict(held_out) == np.array([n for n, *_ in calibration])).mean()
    )
    registry.register(
        folder,
        name=CLASSIFIER,
        onnx_model=registry.export_sklearn(classifier, x.shape[1]),
        kind="classifier",
        labels=[str(c) for c in classifier.classes_],
        input_spec={"kind": "features", "extractor": SCAN_FEATURES_VERSION, "size": x.shape[1]},
        version=VERSION,
        metrics={"held_out_accuracy": accuracy},
    )
    mass, tolerance, patch_models = {}, {}, {}
    for c, name in enumerate(NAMES):
        clean = [(f, kg) for n, hidden, f, kg in train if n == name and hidden is None]
        attenuation = np.array([f.cargo_attenuation for f, _ in clean])
        kg = np.array([kg for _, kg in clean])
        mass[name] = float((attenuation @ kg) / (attenuation @ attenuation))
        relative = mass[name] * attenuation / kg - 1
        tolerance[name] = float(max(0.15, 3 * relative.std()))
        model = PatchModel.fit(np.concatenate([f.patches for f, _ in clean]), seed=c)
        calibration_patches = [f.patches for n, _, f, _ in calibration if n == name]
        patch_models[name] = model.calibrate(calibration_patches, FALSE_ALARM_RATE)
    save_patch_models(patch_models, folder)
    figures = {"classifier_accuracy": accuracy, "scans": len(train) + len(calibration)}
    (folder / "scan_mass.json").write_text(
        json.dumps({"kg_per_attenuation": mass, "tolerance": tolerance, **figures}, indent=2)
    )
    return figures


def load_scan_models(folder: Path) -> ScanModels:
    mass = json.loads((folder / "scan_mass.json").read_text())
    return ScanModels(
        registry.load(folder, CLASSIFIER),
        mass["kg_per_attenuation"],
        mass["tolerance"],
        load_patch_models(folder),
    )


def classify(models: ScanModels, features: ScanFeatures) -> dict[str, float]:
    """Probability of each commodity for one scan."""
    probabilities = models.classifier.run(features.vector[None, :])[0]
    return dict(zip(models.classifier.labels, map(float, probabilities), strict=True))
