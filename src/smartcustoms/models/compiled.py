"""Decision forests compiled to machine code (lleaves over LLVM) for bulk screening.

LightGBM's predict walks node arrays tree by tree; compiled, each tree is branch code, which
gives the same raw scores (to the last bits) several times faster on big batches
(``benchmarks/screen.py``). Compiling hundreds of trees takes tens of seconds, so the object code
is cached in the model folder, under a key of the model text, the compiler versions and the CPU
it was built for: a folder copied to another machine compiles again instead of loading code built
for a different CPU.
"""

import hashlib
import logging
import tempfile
from importlib.metadata import version
from pathlib import Path

import lightgbm as lgb
import numpy as np

logger = logging.getLogger(__name__)

SUFFIX = ".forest.o"
THREADS = 2
"""As LightGBM's ``num_threads`` in the model parameters: the cores of the target machine."""

PARALLEL_ROWS = 10_000
"""Batches of at least this many rows are split over :data:`THREADS` threads."""


def _cache_key(model_text: str) -> str:
    import llvmlite.binding as llvm

    host = f"{llvm.get_host_cpu_name()} {llvm.get_host_cpu_features().flatten()}"
    material = "\n".join([version("lleaves"), version("llvmlite"), host, model_text])
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def _cache_path(model_text: str, folder: Path, name: str) -> Path:
    return folder / f"{name}-{_cache_key(model_text)}{SUFFIX}"


class CompiledForest:
    """Raw scores (margins) of a LightGBM booster from its compiled form."""

    def __init__(self, booster: lgb.Booster, folder: Path, name: str) -> None:
        import lleaves

        text = booster.model_to_string()
        folder.mkdir(parents=True, exist_ok=True)
        cache = _cache_path(text, folder, name)
        with tempfile.TemporaryDirectory() as work:
            model_file = Path(work) / f"{name}.txt"
            model_file.write_text(text)
            self._model = lleaves.Model(model_file=str(model_file))
            self._model.compile(cache=str(cache), raw_score=True)
        self.cache = cache
        self.features = booster.num_feature()

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        """Raw scores of each row, as ``booster.predict(matrix, raw_score=True)`` gives them."""
        if len(matrix) == 0:
            return np.zeros(0)
        rows = np.ascontiguousarray(matrix, dtype=np.float64)
        # lleaves starts a thread pool per call for more than one job, which costs more than
        # scoring the API's few rows takes in the calling thread
        jobs = THREADS if len(rows) >= PARALLEL_ROWS else 1
        return self._model.predict(rows, n_jobs=jobs)


def compile_forests(boosters: dict[str, lgb.Booster], folder: Path) -> dict[str, CompiledForest]:
    """Compiled forms of the boosters, cached in ``folder``; none (LightGBM's own predict is
    used, with a warning) where the compiler is missing or fails, e.g. on a read-only folder."""
    try:
        return {name: CompiledForest(b, folder, name) for name, b in boosters.items()}
    except (ImportError, OSError, RuntimeError) as exc:
        logger.warning("trees not compiled (%s): scoring with LightGBM's predict", exc)
        return {}


def cached_forests(boosters: dict[str, lgb.Booster], folder: Path) -> dict[str, CompiledForest]:
    """Compiled forms of the boosters where ``folder`` already caches all of them for this
    machine, else none: loading is quick, compiling is not, so a copy of a model sent to a
    worker process never compiles on its own."""
    try:
        cached = all(
            _cache_path(b.model_to_string(), folder, name).is_file() for name, b in boosters.items()
        )
    except ImportError:
        return {}
    return compile_forests(boosters, folder) if cached else {}


def clear_compiled(folder: Path) -> None:
    """Removes compiled code of earlier models from a folder a new model is written to."""
    for stale in folder.glob(f"*{SUFFIX}"):
        stale.unlink(missing_ok=True)
