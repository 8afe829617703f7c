from collections.abc import Sequence

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from smartcustoms.images import onnx_slot
from smartcustoms.images.onnx_slot import ModelSlotError


def test_sklearn_model_in_the_slot_answers_like_sklearn(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(90, 4)).astype(np.float32)
    y = np.array(["a", "b", "c"])[(x[:, 0] > 0).astype(int) + (x[:, 1] > 1)]
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(x, y)
    spec = {"kind": "features", "extractor": "test/1", "size": 4}
    onnx_slot.register(
        tmp_path,
        name="m",
        onnx_model=onnx_slot.export_sklearn(model, 4),
        kind="classifier",
        labels=list(model.classes_),
        input_spec=spec,
        version="1",
    )
    loaded = onnx_slot.load(tmp_path, "m")
    assert loaded.labels == ["a", "b", "c"]
    assert np.allclose(loaded.run(x[:5]), model.predict_proba(x[:5]), atol=1e-5)
    with pytest.raises(ModelSlotError, match="reads 4"):
        loaded.run(x[:5, :3])


def image_model(
    weights: Sequence[float] = (-10.0, 10.0), bias: Sequence[float] | None = None, size: int = 32
) -> bytes:
    """A tiny image classifier built by hand: mean brightness times ``weights`` plus ``bias``
    gives each class's logit (by default dark vs bright)."""
    classes = len(weights)
    graph = helper.make_graph(
        [
            helper.make_node("GlobalAveragePool", ["image"], ["pooled"]),
            helper.make_node("Flatten", ["pooled"], ["flat"]),
            helper.make_node("MatMul", ["flat", "weights"], ["product"]),
            helper.make_node("Add", ["product", "bias"], ["logits"]),
            helper.make_node("Softmax", ["logits"], ["probabilities"]),
        ],
        "brightness",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [None, 1, size, size])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, classes])],
        [
            helper.make_tensor("weights", TensorProto.FLOAT, [1, classes], list(weights)),
            helper.make_tensor("bias", TensorProto.FLOAT, [classes], bias or [0.0] * classes),
        ],
    )
    # IR 9: onnx writes its own newest IR version by default, which the pinned onnxruntime
    # may not read yet; exported models (skl2onnx) choose a readable one themselves
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=9)
    onnx.checker.check_model(model)
    return model.SerializeToString()


def test_an_image_input_model_gets_resized_normalised_tensors(tmp_path):
    spec = {"kind": "image", "height": 32, "width": 32, "channels": 1, "mean": 0.5, "std": 0.5}
    onnx_slot.register(
        tmp_path,
        name="brightness",
        onnx_model=image_model(),
        kind="classifier",
        labels=["dark", "bright"],
        input_spec=spec,
        version="1",
    )
    loaded = onnx_slot.load(tmp_path, "brightness")
    dark, bright = np.full((50, 80), 0.1, np.float32), np.full((40, 40, 3), 0.9, np.float32)
    probabilities = loaded.run_images([dark, bright])
    assert probabilities.argmax(axis=1).tolist() == [0, 1]


def test_a_tampered_or_broken_model_is_refused(tmp_path):
    spec = {"kind": "image", "height": 32, "width": 32, "channels": 1}
    target = onnx_slot.register(
        tmp_path,
        name="m",
        onnx_model=image_model(),
        kind="classifier",
        labels=["a", "b"],
        input_spec=spec,
        version="1",
    )
    (target / "model.onnx").write_bytes(image_model() + b"x")
    with pytest.raises(ModelSlotError, match="hash"):
        onnx_slot.load(tmp_path, "m")
    with pytest.raises(ModelSlotError, match="not a loadable ONNX"):
        onnx_slot.register(
            tmp_path,
            name="n",
            onnx_model=b"garbage",
            kind="classifier",
            labels=[],
            input_spec=spec,
            version="1",
        )
    with pytest.raises(ModelSlotError, match="no usable model"):
        onnx_slot.load(tmp_path, "absent")


def test_an_image_network_plugged_into_the_slot_runs_the_scan_check(home_with_models):
    """A network trained elsewhere replaces the commodity classifier: the scan check feeds it
    the scan's pixels and its answer decides the commodity finding."""
    from smartcustoms.declarations.validation import parse_declaration
    from smartcustoms.images import service
    from smartcustoms.images.commodities import NAMES
    from smartcustoms.images.scan_models import CLASSIFIER
    from smartcustoms.lab.images.datasets import declaration_for, png_bytes
    from smartcustoms.lab.images.synthetic_scans import generate_scan, scan_rng

    folder = home_with_models / "models" / "scan_models"
    onnx_slot.register(
        folder,
        name=CLASSIFIER,
        onnx_model=image_model(
            [0.0] * len(NAMES), [8.0 if n == "textiles" else 0.0 for n in NAMES], size=64
        ),
        kind="classifier",
        labels=list(NAMES),
        input_spec={"kind": "image", "height": 64, "width": 64, "channels": 1},
        version="plugged-1",
    )
    scan = generate_scan(scan_rng(5, 0), "machinery", None)
    declaration = parse_declaration(declaration_for("machinery", scan.net_mass_kg, 1))
    outcome, _, _ = service.check(
        content=png_bytes(scan.pixels),
        name="scan.png",
        declaration=declaration,
        home=home_with_models,
        keep=False,
    )
    assert outcome.estimated_commodity == "textiles"
    assert outcome.probabilities["textiles"] > 0.99
    assert any(f.code == "commodity_mismatch" for f in outcome.findings)
