"""A fitted model's state written as JSON and NumPy arrays, never as a pickle.

Loading a pickle runs whatever code the file names, so a model folder copied from elsewhere
could take over the server. Here the state is plain data: JSON for structure, one ``.npz``
(read with ``allow_pickle=False``) for arrays, LightGBM's own text format for boosters, Arrow
IPC for Polars frames. Objects are rebuilt only for classes of this project and of
scikit-learn, from their attribute dictionaries; anything else is refused on save and on load.
"""

import importlib
import io
import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import polars as pl
import scipy.sparse as sp

from smartcustoms.errors import SmartCustomsError

TRUSTED_MODULES = ("smartcustoms.", "sklearn.")
"""Classes rebuilt from their attributes; their constructors and ``__setstate__`` are ours or
scikit-learn's, so a state file cannot make them run anything else."""

_TYPES = {
    t.__name__: t
    for t in (float, int, str, bool, np.bool_, np.str_, np.float16, np.float32, np.float64)
}
_TYPES |= {t.__name__: t for t in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16)}
_TYPES |= {t.__name__: t for t in (np.uint32, np.uint64)}
"""Types that may appear as values (``TfidfVectorizer(dtype=np.float32)``)."""


class StateFileError(SmartCustomsError):
    """A state holds something that cannot be written as data, or a file is not one of ours."""


class _Writer:
    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}

    def _array(self, array: np.ndarray) -> str:
        key = f"a{len(self.arrays)}"
        self.arrays[key] = np.ascontiguousarray(array)
        return key

    def encode(self, value: Any, where: str) -> Any:
        if value is None or type(value) in (bool, int, float, str):
            return value
        if isinstance(value, list):
            return [self.encode(v, f"{where}[{i}]") for i, v in enumerate(value)]
        if isinstance(value, tuple) and not hasattr(value, "_fields"):
            return {"__tuple__": [self.encode(v, f"{where}[{i}]") for i, v in enumerate(value)]}
        if isinstance(value, set | frozenset):
            items = [self.encode(v, f"{where}{{}}") for v in sorted(value, key=repr)]
            return {"__frozenset__" if isinstance(value, frozenset) else "__set__": items}
        if isinstance(value, dict):
            if all(type(k) is str for k in value):
                return {"__map__": {k: self.encode(v, f"{where}.{k}") for k, v in value.items()}}
            return {
                "__pairs__": [
                    [self.encode(k, f"{where} key"), self.encode(v, f"{where}[{k!r}]")]
                    for k, v in value.items()
                ]
            }
        if isinstance(value, np.ndarray):
            if value.dtype.hasobject:
                return {
                    "__objects__": self.encode(value.ravel().tolist(), where),
                    "shape": list(value.shape),
                }
            return {"__array__": self._array(value)}
        if isinstance(value, np.generic):
            return {"__scalar__": value.dtype.str, "value": value.item()}
        if isinstance(value, np.dtype):
            return {"__dtype__": value.str}
        if sp.issparse(value):
            csr = value.tocsr() if value.format not in ("csr", "csc") else value
            return {
                "__sparse__": csr.format,
                "matrix": isinstance(value, sp.spmatrix),
                "data": self._array(csr.data),
                "indices": self._array(csr.indices),
                "indptr": self._array(csr.indptr),
                "shape": list(csr.shape),
            }
        if isinstance(value, pl.DataFrame):
            buffer = io.BytesIO()
            value.write_ipc(buffer)
            return {"__frame__": self._array(np.frombuffer(buffer.getvalue(), np.uint8))}
        if isinstance(value, lgb.Booster):
            return {"__booster__": value.model_to_string()}
        if isinstance(value, bytes):
            return {"__bytes__": self._array(np.frombuffer(value, np.uint8))}
        if isinstance(value, Decimal):
            return {"__decimal__": str(value)}
        if isinstance(value, Path):
            return {"__path__": str(value)}
        if isinstance(value, datetime):
            return {"__datetime__": value.isoformat()}
        if isinstance(value, date):
            return {"__date__": value.isoformat()}
        if isinstance(value, type) and value.__name__ in _TYPES:
            return {"__type__": value.__name__}
        cls = type(value)
        name = f"{cls.__module__}.{cls.__qualname__}"
        if not name.startswith(TRUSTED_MODULES) or "<locals>" in name:
            raise StateFileError(f"{where}: cannot save a {name} as model state")
        if isinstance(value, Enum):
            return {"__enum__": name, "name": value.name}
        state = value.__getstate__()
        if isinstance(state, tuple):  # (__dict__ or None, slots) from a class with __slots__
            state = {**(state[0] or {}), **(state[1] or {})}
        return {"__object__": name, "state": self.encode(state or {}, where)}


class _Reader:
    def __init__(self, arrays: Any) -> None:
        self.arrays = arrays

    def decode(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.decode(v) for v in value]
        if not isinstance(value, dict):
            return value
        tag = next(iter(value))
        body = value[tag]
        if tag == "__map__":
            return {k: self.decode(v) for k, v in body.items()}
        if tag == "__pairs__":
            return {self.decode(k): self.decode(v) for k, v in body}
        if tag == "__tuple__":
            return tuple(self.decode(v) for v in body)
        if tag in ("__set__", "__frozenset__"):
            items = (self.decode(v) for v in body)
            return set(items) if tag == "__set__" else frozenset(items)
        if tag == "__array__":
            return self.arrays[body]
        if tag == "__objects__":
            items = self.decode(body)
            out = np.empty(len(items), dtype=object)
            for i, item in enumerate(items):
                out[i] = item
            return out.reshape(value["shape"])
        if tag == "__scalar__":
            return np.dtype(body).type(value["value"])
        if tag == "__dtype__":
            return np.dtype(body)
        if tag == "__sparse__":
            parts = (self.arrays[value[k]] for k in ("data", "indices", "indptr"))
            kind = {"csr": "csr", "csc": "csc"}[body]
            builder = getattr(sp, f"{kind}_matrix" if value["matrix"] else f"{kind}_array")
            return builder(tuple(parts), shape=tuple(value["shape"]))
        if tag == "__frame__":
            return pl.read_ipc(io.BytesIO(self.arrays[body].tobytes()))
        if tag == "__booster__":
            return lgb.Booster(model_str=body)
        if tag == "__bytes__":
            return self.arrays[body].tobytes()
        simple = {"__decimal__": Decimal, "__path__": Path}
        if tag in simple:
            return simple[tag](body)
        if tag == "__datetime__":
            return datetime.fromisoformat(body)
        if tag == "__date__":
            return date.fromisoformat(body)
        if tag == "__type__":
            return _TYPES[body]
        if tag in ("__enum__", "__object__"):
            cls = _trusted_class(body)
            if tag == "__enum__":
                return cls[value["name"]]
            obj = cls.__new__(cls)
            state = self.decode(value["state"])
            if hasattr(obj, "__setstate__"):
                obj.__setstate__(state)
            elif hasattr(obj, "__dict__"):
                obj.__dict__.update(state)
            else:
                for key, item in state.items():
                    object.__setattr__(obj, key, item)
            return obj
        raise StateFileError(f"unknown entry {tag!r} in a model state file")


def _trusted_class(name: str) -> type:
    if not name.startswith(TRUSTED_MODULES):
        raise StateFileError(f"a model state file names {name}, which is not ours to rebuild")
    module_name, _, qualname = name.rpartition(".")
    while module_name:
        try:
            module = importlib.import_module(module_name)
            break
        except ModuleNotFoundError:  # a nested class: move one name from module to qualname
            module_name, _, outer = module_name.rpartition(".")
            qualname = f"{outer}.{qualname}"
    else:
        raise StateFileError(f"a model state file names {name}, which this version lacks")
    found: Any = module
    for part in qualname.split("."):
        found = getattr(found, part, None)
    if not isinstance(found, type):
        raise StateFileError(f"a model state file names {name}, which this version lacks")
    return found


def save_state(value: Any, folder: Path, name: str = "state") -> None:
    """Writes ``value`` as ``<name>.json`` and ``<name>.npz`` in ``folder``."""
    writer = _Writer()
    encoded = writer.encode(value, name)
    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / f"{name}.npz", **writer.arrays)
    (folder / f"{name}.json").write_text(json.dumps(encoded, separators=(",", ":")))


def load_state(folder: Path, name: str = "state") -> Any:
    """Reads what :func:`save_state` wrote; refuses files that name classes not ours."""
    encoded = json.loads((folder / f"{name}.json").read_text())
    with np.load(folder / f"{name}.npz", allow_pickle=False) as arrays:
        return _Reader({key: arrays[key] for key in arrays.files}).decode(encoded)
