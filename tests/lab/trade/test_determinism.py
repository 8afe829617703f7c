import hashlib
from pathlib import Path

import pytest

from smartcustoms.lab.trade.params import GenerationParams
from smartcustoms.lab.trade.writer import generate


def _digests(params: GenerationParams, out: Path) -> list[str]:
    summary = generate(params, out)
    return [
        hashlib.sha256(path.read_bytes()).hexdigest()
        for path in (summary.declarations_path, summary.labels_path)
    ]


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_same_arguments_give_byte_identical_files(tmp_path, fmt):
    params = GenerationParams(declarations=300, seed=42, format=fmt)
    assert _digests(params, tmp_path / "first") == _digests(params, tmp_path / "second")


def test_a_different_seed_gives_different_data(tmp_path):
    first = _digests(GenerationParams(declarations=300, seed=1), tmp_path / "one")
    second = _digests(GenerationParams(declarations=300, seed=2), tmp_path / "two")
    assert first[0] != second[0] and first[1] != second[1]
