"""The model slot: ONNX image models (classifiers or embedders) registered on disk with a JSON
manifest of labels and input spec, run by onnxruntime on CPU with one thread.

An input spec is either ``{"kind": "features", "extractor": "<name/version>", "size": n}`` (the
model reads one of our feature vectors) or ``{"kind": "image", "height": h, "width": w,
"channels": 1|3, "scale": s, "mean": m, "std": d}`` (the model reads an NCHW float tensor), so a
model trained elsewhere on real scanner images can be dropped in next to ours.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from PIL import Image

from smartcustoms.errors import SmartCustomsError

_KINDS = ("classifier", "embedder")


class ModelSlotError(SmartCustomsError):
    """A model is missing, does not match its manifest, or was given the wrong input."""


@dataclass(frozen=True)
class SlotModel:
    """A loaded ONNX model and its manifest."""

    manifest: dict[str, Any]
    session: ort.InferenceSession

    @property
    def labels(self) -> list[str]:
        return self.manifest.get("labels", [])

    def run(self, inputs: np.ndarray) -> np.ndarray:
        """Class probabilities (classifier) or vectors (embedder) for a batch of inputs."""
        spec = self.manifest["input"]
        inputs = np.asarray(inputs, dtype=np.float32)
        if spec["kind"] == "features" and (inputs.ndim != 2 or inputs.shape[1] != spec["size"]):
            raise ModelSlotError(
                f"model {self.manifest['name']} reads {spec['size']} {spec['extractor']} "
                f"features per row, got shape {inputs.shape}"
            )
        name = self.session.get_inputs()[0].name
        outputs = self.session.run(None, {name: inputs})
        return np.asarray(outputs[-1] if self.manifest["kind"] == "classifier" else outputs[0])

    def run_images(self, images: list[np.ndarray]) -> np.ndarray:
        """Runs an image-input model on pixel arrays in [0, 1], resized and normalised per spec."""
        spec = self.manifest["input"]
        if spec["kind"] != "image":
            raise ModelSlotError(f"model {self.manifest['name']} reads features, not images")
        return self.run(np.stack([image_tensor(image, spec) for image in images]))


def image_tensor(pixels: np.ndarray, spec: dict[str, Any]) -> np.ndarray:
    """CHW float32 tensor for one image, as an image-input spec asks."""
    channels = spec["channels"]
    if channels == 1 and pixels.ndim == 3:
        pixels = pixels @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    if channels == 3 and pixels.ndim == 2:
        pixels = np.repeat(pixels[:, :, None], 3, axis=2)
    mode = "F" if pixels.ndim == 2 else None
    planes = [pixels] if pixels.ndim == 2 else [pixels[:, :, c] for c in range(3)]
    size = (spec["width"], spec["height"])
    resized = [
        np.asarray(Image.fromarray(p.astype(np.float32), mode or "F").resize(size)) for p in planes
    ]
    tensor = np.stack(resized) * spec.get("scale", 1.0)
    return ((tensor - spec.get("mean", 0.0)) / spec.get("std", 1.0)).astype(np.float32)


def register(
    folder: Path,
    *,
    name: str,
    onnx_model: bytes,
    kind: str,
    labels: list[str],
    input_spec: dict[str, Any],
    version: str,
    metrics: dict[str, float] | None = None,
) -> Path:
    """Writes ``<folder>/<name>/model.onnx`` and its manifest; checks the model loads first."""
    if kind not in _KINDS:
        raise ModelSlotError(f"kind must be one of {', '.join(_KINDS)}, not {kind!r}")
    if input_spec.get("kind") not in ("features", "image"):
        raise ModelSlotError("input spec kind must be 'features' or 'image'")
    _session(onnx_model, name)
    target = folder / name
    target.mkdir(parents=True, exist_ok=True)
    (target / "model.onnx").write_bytes(onnx_model)
    manifest = {
        "name": name,
        "kind": kind,
        "version": version,
        "labels": labels,
        "input": input_spec,
        "metrics": metrics or {},
        "sha256": hashlib.sha256(onnx_model).hexdigest(),
        "registered_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return target


def load(folder: Path, name: str) -> SlotModel:
    """The registered model ``name``; its bytes must still match the manifest's hash."""
    target = folder / name
    try:
        manifest = json.loads((target / "manifest.json").read_text())
        onnx_model = (target / "model.onnx").read_bytes()
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelSlotError(f"no usable model {name!r} in {folder}: {exc}") from exc
    if hashlib.sha256(onnx_model).hexdigest() != manifest.get("sha256"):
        raise ModelSlotError(f"model {name!r} in {folder} does not match its manifest's hash")
    return SlotModel(manifest, _session(onnx_model, name))


def _session(onnx_model: bytes, name: str) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    try:
        return ort.InferenceSession(onnx_model, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own untyped errors for bad graphs
        raise ModelSlotError(f"model {name!r} is not a loadable ONNX model: {exc}") from exc


def export_sklearn(estimator: Any, n_features: int) -> bytes:
    """ONNX bytes of a fitted scikit-learn pipeline (probabilities as a plain tensor)."""
    from skl2onnx import to_onnx

    sample = np.zeros((1, n_features), np.float32)
    options = {"zipmap": False} if hasattr(estimator, "predict_proba") else None
    model = to_onnx(estimator, sample, options=options, target_opset={"": 17, "ai.onnx.ml": 3})
    return model.SerializeToString()
