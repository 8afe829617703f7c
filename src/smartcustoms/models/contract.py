"""The one contract of every learned component, in the scikit-learn shape: ``fit`` returns the
model, fitted attributes end in ``_``, ``save(folder)`` writes the model's files beside a
manifest, ``load(folder)`` reads them back and refuses a folder of another kind or version.

The manifest (``manifest.json``) says what a folder holds without loading it: kind, version,
a summary of the training data, the figures measured when it was trained, and when.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Self

from smartcustoms import __version__
from smartcustoms.errors import ModelUnavailableError
from smartcustoms.models.state_files import load_state, save_state

MANIFEST = "manifest.json"


class IncompatibleModelError(ModelUnavailableError):
    """A model folder holds another kind of model, or a version this code cannot read."""


@dataclass(frozen=True)
class Manifest:
    """What a model folder holds."""

    kind: str
    version: int
    training: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    created: str = ""
    smartcustoms: str = __version__
    files: dict[str, str] = field(default_factory=dict)
    """SHA-256 of every file of the model folder (not its slot subfolders), checked on load: a
    state file changed after it was written (by hand, by a copy that broke off, by someone who
    wants other answers) is refused."""


def write_manifest(
    folder: Path,
    *,
    kind: str,
    version: int,
    training: dict[str, Any] | None = None,
    metrics: dict[str, Any] | None = None,
    digests: bool = False,
) -> Manifest:
    """Writes ``manifest.json`` last, so a folder with a manifest is a complete model; with
    ``digests``, it records the digest of every other file in the folder (for models whose
    files never change after training)."""
    manifest = Manifest(
        kind,
        version,
        training or {},
        metrics or {},
        datetime.now(UTC).isoformat(timespec="seconds"),
        files=_digests(folder) if digests else {},
    )
    (folder / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2, default=str) + "\n")
    return manifest


def read_manifest(folder: Path, *, kind: str, version: int, command: str) -> Manifest:
    """The manifest of ``folder``, which must hold a ``kind`` model of ``version``; otherwise
    one message naming ``command``, the command that (re)trains it."""
    try:
        found = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError as exc:
        message = f"no {kind.replace('_', ' ')} in {folder}: train it with `{command}`"
        raise ModelUnavailableError(message) from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise IncompatibleModelError(f"{folder}: unreadable model manifest ({exc})") from exc
    if found.get("kind") != kind or found.get("version") != version:
        raise IncompatibleModelError(
            f"{folder} holds a {found.get('kind', '?')} model of version "
            f"{found.get('version', '?')} (smartcustoms {found.get('smartcustoms', '?')}); this "
            f"smartcustoms {__version__} reads {kind} version {version}: retrain with `{command}`"
        )
    manifest = Manifest(**{k: found[k] for k in Manifest.__dataclass_fields__ if k in found})
    found_digests = _digests(folder) if manifest.files else {}
    changed = sorted(
        name for name, digest in manifest.files.items() if found_digests.get(name) != digest
    )
    if changed:
        raise IncompatibleModelError(
            f"{folder}: {', '.join(changed)} changed since the model was written "
            f"(digest differs from the manifest's): retrain with `{command}`"
        )
    return manifest


def _digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file of a model folder but its manifest, by name. Subfolders are left
    out: they are ONNX slots (:mod:`smartcustoms.images.onnx_slot`), which an operator may
    plug another network into and which check their own digest."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(folder).iterdir())
        if path.is_file() and path.name != MANIFEST
    }


class LearnedModel:
    """Base of the learned components: saving and loading by the contract.

    A subclass names its ``kind``, the ``version`` of its saved state (raised whenever saved
    folders can no longer be read) and the ``command`` that trains it; it may add files of
    its own in :meth:`save_files` and restore what is not state in :meth:`loaded`.
    """

    kind: ClassVar[str]
    version: ClassVar[int]
    command: ClassVar[str]

    def training_summary(self) -> dict[str, Any]:
        """What the model was trained on, for the manifest."""
        return {}

    def metrics(self) -> dict[str, Any]:
        """Figures measured while training, for the manifest."""
        return {}

    def save_files(self, folder: Path) -> None:
        """Writes the model's state; a subclass that keeps files of its own extends it."""
        save_state(self, folder)

    def loaded(self, folder: Path) -> Self:
        """Called after loading from ``folder``; returns the ready model."""
        return self

    def save(self, folder: Path) -> Path:
        """Writes the model and then its manifest to ``folder``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MANIFEST).unlink(missing_ok=True)
        self.save_files(folder)
        write_manifest(
            folder,
            kind=self.kind,
            version=self.version,
            training=self.training_summary(),
            metrics=self.metrics(),
            digests=True,
        )
        return folder

    @classmethod
    def load(cls, folder: Path) -> Self:
        """Reads a model written by :meth:`save`, refusing another kind or version."""
        folder = Path(folder)
        read_manifest(folder, kind=cls.kind, version=cls.version, command=cls.command)
        model = cls.load_files(folder)
        if not isinstance(model, cls):
            raise IncompatibleModelError(f"{folder} does not hold a {cls.kind} model")
        return model.loaded(folder)

    @classmethod
    def load_files(cls, folder: Path) -> Any:
        """Reads the state :meth:`save_files` wrote."""
        return load_state(folder)
