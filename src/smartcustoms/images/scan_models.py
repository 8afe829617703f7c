"""The scan models, trained from synthetic scans: commodity classifier (ONNX, in the model slot),
mass per unit of attenuation per commodity, and the per-commodity patch anomaly models."""

import json
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
from smartcustoms.images.synthetic_scans import CONCEALMENTS, generate_scan, scan_rng

CLASSIFIER = "scan_commodity"
FALSE_ALARM_RATE = 0.0
"""Share of clean calibration scans per commodity allowed to alarm: none, so the image threshold
sits at the worst clean scan; with ~80 scans a commodity a 1% quantile is mostly noise, and the
detection rate has room to spare (README: measured figures)."""
VERSION = "1"


@dataclass(frozen=True)
class ScanModels:
    classifier: registry.SlotModel
    kg_per_attenuation: dict[str, float]
    mass_tolerance: dict[str, float]
    """Relative mass error that clean training scans stay within (3 standard deviations)."""
    patch_models: dict[str, PatchModel]


def _features(purpose: str, seed: int, per_commodity: int, concealed_share: float):
    """(commodity, concealment, features, net mass) for synthetic scans of every commodity."""
    rows = []
    for c, name in enumerate(NAMES):
        for i in range(per_commodity):
            rng = scan_rng(seed, c * 100_000 + i, purpose)
            hidden = CONCEALMENTS[i % 3] if rng.random() < concealed_share else None
            scan = generate_scan(rng, name, hidden)
            features = scan_features(scan.pixels.astype(np.float32) / 65535)
            rows.append((name, hidden, features, scan.net_mass_kg))
    return rows


def train_scan_models(folder: Path, *, per_commodity: int = 80, seed: int = 0) -> dict:
    """Trains every scan model into ``folder`` and returns the training figures."""
    train = _features("train", seed, per_commodity, concealed_share=0.3)
    calibration = _features("calibrate", seed, per_commodity, concealed_share=0.0)
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
