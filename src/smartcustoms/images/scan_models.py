"""The scan models, fitted on labelled scans: commodity classifier (ONNX, in the model slot),
mass per unit of attenuation per commodity, and the per-commodity patch anomaly models.

Where the scans come from is the caller's business: the lab trains on generated scans
(``smartcustoms images train``), an administration on its own labelled archive."""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from smartcustoms.images import onnx_slot
from smartcustoms.images.commodities import NAMES
from smartcustoms.images.patch_anomaly import PatchModel
from smartcustoms.images.scan_features import SCAN_FEATURES_VERSION, ScanFeatures, scan_features
from smartcustoms.models.contract import LearnedModel

CLASSIFIER = "scan_commodity"
FALSE_ALARM_RATE = 0.0
"""Share of clean calibration scans per commodity allowed to alarm: none, so the image threshold
sits at the worst clean scan; with ~80 scans a commodity a 1% quantile is mostly noise, and the
detection rate has room to spare (docs/models/scan-models.md)."""


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


class ScanModels(LearnedModel):
    """The commodity classifier, mass per unit of attenuation and patch models of every
    commodity, fitted together on labelled scans.

    The classifier sits in the ONNX model slot (``scan_commodity/`` in the folder), so a network
    trained elsewhere on real scanner images can replace it: one whose input spec reads images
    gets the scan's pixels, one that reads features gets :func:`scan_features`.
    """

    kind = "scan_models"
    version = 2
    command = "smartcustoms images train"

    def fit(
        self, train: Iterable[LabelledScan], calibration: Iterable[LabelledScan]
    ) -> "ScanModels":
        """``calibration`` holds clean scans only; they set each commodity's anomaly threshold
        and measure the classifier's held-out accuracy."""
        train = _features(train)
        calibration = _features(calibration)
        x = np.stack([f.vector for _, _, f, _ in train])
        y = np.array([name for name, _, _, _ in train])
        classifier = make_pipeline(StandardScaler(), LogisticRegression(C=3.0, max_iter=2000))
        classifier.fit(x, y)
        held_out = np.stack([f.vector for _, _, f, _ in calibration])
        labels = np.array([n for n, *_ in calibration])
        self.accuracy_ = float((classifier.predict(held_out) == labels).mean())
        self.scans_ = len(train) + len(calibration)
        self.classifier_onnx_ = onnx_slot.export_sklearn(classifier, x.shape[1])
        self.classifier_labels_ = [str(c) for c in classifier.classes_]
        self.feature_size_ = x.shape[1]
        self.kg_per_attenuation_, self.mass_tolerance_, self.patch_models_ = {}, {}, {}
        for c, name in enumerate(NAMES):
            clean = [(f, kg) for n, hidden, f, kg in train if n == name and hidden is None]
            attenuation = np.array([f.cargo_attenuation for f, _ in clean])
            kg = np.array([kg for _, kg in clean])
            self.kg_per_attenuation_[name] = float((attenuation @ kg) / (attenuation @ attenuation))
            relative = self.kg_per_attenuation_[name] * attenuation / kg - 1
            self.mass_tolerance_[name] = float(max(0.15, 3 * relative.std()))
            model = PatchModel(seed=c).fit(np.concatenate([f.patches for f, _ in clean]))
            calibration_patches = [f.patches for n, _, f, _ in calibration if n == name]
            self.patch_models_[name] = model.calibrate(calibration_patches, FALSE_ALARM_RATE)
        return self

    def metrics(self) -> dict[str, Any]:
        return {"classifier_accuracy": self.accuracy_}

    def training_summary(self) -> dict[str, Any]:
        return {"scans": self.scans_, "commodities": len(self.kg_per_attenuation_)}

    def __getstate__(self) -> dict[str, Any]:
        """The classifier lives in the model slot, not in the state."""
        return {
            k: v for k, v in self.__dict__.items() if k not in ("classifier_", "classifier_onnx_")
        }

    def save_files(self, folder: Path) -> None:
        super().save_files(folder)
        if "classifier_onnx_" in self.__dict__:
            onnx_slot.register(
                folder,
                name=CLASSIFIER,
                onnx_model=self.classifier_onnx_,
                kind="classifier",
                labels=self.classifier_labels_,
                input_spec={
                    "kind": "features",
                    "extractor": SCAN_FEATURES_VERSION,
                    "size": self.feature_size_,
                },
                version=str(self.version),
                metrics=self.metrics(),
            )

    def loaded(self, folder: Path) -> "ScanModels":
        self.classifier_ = onnx_slot.load(folder, CLASSIFIER)
        return self

    def commodity_probabilities(
        self, transmission: np.ndarray, features: ScanFeatures
    ) -> dict[str, float]:
        """Probability of each commodity for one scan, from the model in the slot."""
        classifier = self.classifier_
        if classifier.manifest["input"]["kind"] == "image":
            probabilities = classifier.run_images([transmission])[0]
        else:
            probabilities = classifier.run(features.vector[None, :])[0]
        return dict(zip(classifier.labels, map(float, probabilities), strict=True))
