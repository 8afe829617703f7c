"""The one place that says where each kind of model lives and holds the loaded models.

Every model has a folder ``<home>/models/<kind>``. A model is loaded once per process and
shared by everything that asks for it (screening, the portal's code suggestions, image
checks); it is read again only when its folder was saved anew, which a manifest newer than
the loaded one shows.
"""

import threading
from pathlib import Path
from typing import TypeVar

from smartcustoms.config import Settings
from smartcustoms.models.contract import MANIFEST, LearnedModel

M = TypeVar("M", bound=LearnedModel)

_loaded: dict[tuple[Path, str], tuple[int, LearnedModel]] = {}
_lock = threading.Lock()


class ModelRegistry:
    """Model folders under one root, and the process's loaded models."""

    def __init__(self, root: Path):
        self.root = Path(root)

    @classmethod
    def for_home(cls, home: Path) -> "ModelRegistry":
        """The registry of a ``SMARTCUSTOMS_HOME`` folder: ``<home>/models``."""
        return cls(home / "models")

    @classmethod
    def from_settings(cls, settings: Settings) -> "ModelRegistry":
        return cls.for_home(settings.home)

    def folder(self, model_type: type[LearnedModel]) -> Path:
        """Where models of this type are saved and loaded."""
        return self.root / model_type.kind

    def load(self, model_type: type[M]) -> M:
        """The saved model of this type; raises ModelUnavailableError (naming the command that
        trains it) when there is none or it is of another version."""
        folder = self.folder(model_type)
        key = (folder.resolve(), model_type.kind)
        try:
            stamp = (folder / MANIFEST).stat().st_mtime_ns
        except OSError:
            stamp = -1
        with _lock:
            cached = _loaded.get(key)
            if cached is not None and cached[0] == stamp:
                return cached[1]  # type: ignore[return-value]
            model = model_type.load(folder)
            _loaded[key] = (stamp, model)
            return model

    def save(self, model: LearnedModel) -> Path:
        """Saves ``model`` into its folder; the next :meth:`load` in any process reads it."""
        return model.save(self.folder(type(model)))
