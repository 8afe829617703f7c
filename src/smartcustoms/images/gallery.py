"""The gallery of confirmed specimens: descriptors with their species, an embedder and a species
classifier trained on it (both ONNX, in the model slot), and a faiss index for the nearest
confirmed examples (exact cosine search: a gallery of confirmed specimens holds thousands, not
millions, and an exact answer never hides the one matching specimen). Confirming or correcting
an identification adds the specimen and refits."""

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import faiss
import numpy as np
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from smartcustoms.errors import NotFoundError
from smartcustoms.images import onnx_slot
from smartcustoms.images.specimen_features import SPECIMEN_FEATURES_VERSION, specimen_descriptor
from smartcustoms.models.contract import LearnedModel, write_manifest

EMBEDDER, CLASSIFIER = "organism_embedder", "organism_classifier"
DIMENSIONS = 24


@dataclass(frozen=True)
class Identification:
    """Top species with probabilities, and the nearest confirmed specimens as evidence."""

    specimen_id: str
    views: list[str]
    species: list[tuple[str, float]]
    nearest: list[dict]

    def as_dict(self) -> dict:
        return {
            "specimen_id": self.specimen_id,
            "views": self.views,
            "species": [{"species": s, "probability": round(p, 4)} for s, p in self.species],
            "nearest": self.nearest,
        }


class Gallery(LearnedModel):
    """A folder holding the gallery; every change is written through at once. :func:`build`
    fits it, :meth:`identify` predicts, :meth:`confirm` refits with one more specimen."""

    kind = "organism_gallery"
    version = 1
    command = "smartcustoms images train"

    def __init__(self, folder: Path):
        self.folder = folder
        self.descriptors = np.load(folder / "descriptors.npy")
        self.entries: list[dict] = json.loads((folder / "entries.json").read_text())
        self.embedder = onnx_slot.load(folder, EMBEDDER)
        self.classifier = onnx_slot.load(folder, CLASSIFIER)
        self.fill = np.asarray(self.embedder.manifest["fill"], np.float32)
        self.index = faiss.read_index(str(folder / "index.faiss"))
        self.pending = _load_pending(folder)

    @classmethod
    def load_files(cls, folder: Path) -> "Gallery":
        return cls(folder)

    def save(self, folder: Path) -> Path:
        """A copy of the gallery, refitted, in ``folder``."""
        build(folder, self.descriptors, self.entries)
        return folder

    def embed(self, descriptors: np.ndarray) -> np.ndarray:
        """Vectors for descriptors, a missing view filled with the gallery's average."""
        filled = np.where(np.isnan(descriptors), self.fill, descriptors)
        return self.embedder.run(filled)

    def identify(
        self, views: list[np.ndarray], *, top: int = 5, examples: int = 3, remember: bool = True
    ) -> Identification:
        """Species for one specimen's photos (RGB in [0, 1]); remembered for a later confirm."""
        descriptor, kinds = specimen_descriptor(views)
        vector = self.embed(descriptor[None, :])
        probabilities = self.classifier.run(vector)[0]
        order = np.argsort(probabilities)[::-1][:top]
        species = [(self.classifier.labels[i], float(probabilities[i])) for i in order]
        similarities, labels = self.index.search(_unit(vector), min(examples, len(self.entries)))
        nearest = [
            {**self.entries[int(i)], "similarity": round(float(d), 4)}
            for i, d in zip(labels[0], similarities[0], strict=True)
        ]
        specimen_id = uuid.uuid4().hex[:12]
        if remember:
            self.pending[specimen_id] = descriptor.tolist()
            _save_pending(self.folder, self.pending)
        return Identification(specimen_id, kinds, species, nearest)

    def confirm(self, specimen_id: str, species: str, *, by: str = "inspector") -> dict:
        """Adds an identified specimen to the gallery under ``species`` (a confirmation when it
        is the top answer, a correction otherwise) and refits the embedder, classifier, index."""
        if specimen_id not in self.pending:
            raise NotFoundError(f"no identified specimen {specimen_id}; identify it first")
        descriptor = np.asarray(self.pending.pop(specimen_id), np.float32)
        descriptor = np.where(np.isnan(descriptor), self.fill, descriptor)
        entry = {
            "id": specimen_id,
            "species": species,
            "source": f"confirmed by {by}",
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        build(self.folder, np.vstack([self.descriptors, descriptor]), [*self.entries, entry])
        _save_pending(self.folder, self.pending)
        self.__init__(self.folder)
        return entry


def _unit(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length one, so that inner product is cosine similarity."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def build(folder: Path, descriptors: np.ndarray, entries: list[dict]) -> dict:
    """(Re)fits the embedder and classifier on the gallery and writes everything to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    species = [e["species"] for e in entries]
    embedder = make_pipeline(StandardScaler(), PCA(DIMENSIONS, random_state=0)).fit(descriptors)
    vectors = embedder.transform(descriptors).astype(np.float32)
    classifier = LogisticRegression(C=1.0, max_iter=3000).fit(vectors, species)
    size = descriptors.shape[1]
    spec = {"kind": "features", "extractor": SPECIMEN_FEATURES_VERSION, "size": size}
    onnx_slot.register(
        folder,
        name=EMBEDDER,
        onnx_model=onnx_slot.export_sklearn(embedder, size),
        kind="embedder",
        labels=[],
        input_spec=spec,
        version=str(len(entries)),
    )
    manifest_path = folder / EMBEDDER / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["fill"] = descriptors.mean(axis=0).tolist()
    manifest_path.write_text(json.dumps(manifest, indent=2))
    onnx_slot.register(
        folder,
        name=CLASSIFIER,
        onnx_model=onnx_slot.export_sklearn(classifier, DIMENSIONS),
        kind="classifier",
        labels=[str(c) for c in classifier.classes_],
        input_spec={"kind": "features", "extractor": EMBEDDER, "size": DIMENSIONS},
        version=str(len(entries)),
    )
    index = faiss.IndexFlatIP(DIMENSIONS)
    index.add(_unit(vectors))
    faiss.write_index(index, str(folder / "index.faiss"))
    np.save(folder / "descriptors.npy", descriptors.astype(np.float32))
    (folder / "entries.json").write_text(json.dumps(entries, indent=1))
    summary = {"specimens": len(entries), "species": len(set(species))}
    write_manifest(folder, kind=Gallery.kind, version=Gallery.version, training=summary)
    return summary


def _load_pending(folder: Path) -> dict[str, list[float]]:
    path = folder / "pending.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _save_pending(folder: Path, pending: dict[str, list[float]]) -> None:
    # NaN marks a view that was not photographed; JSON keeps it as NaN (Python's extension)
    (folder / "pending.json").write_text(json.dumps(pending))
