"""A small generated data set shared by the synth tests (generation is the slow part)."""

from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from smartcustoms.lab.trade.params import GenerationParams
from smartcustoms.lab.trade.writer import GenerationSummary, generate


@dataclass(frozen=True)
class Dataset:
    summary: GenerationSummary
    items: pl.DataFrame
    labels: pl.DataFrame

    @property
    def joined(self) -> pl.DataFrame:
        """Items with their labels, one row per goods item."""
        return self.items.join(self.labels, on=["declaration_id", "sequence"], how="inner")


@pytest.fixture(scope="session")
def dataset(tmp_path_factory) -> Dataset:
    """2,000 declarations with a high fraud rate, so every kind of fraud shows up."""
    out: Path = tmp_path_factory.mktemp("synth")
    summary = generate(GenerationParams(declarations=2_000, seed=11, fraud_rate=0.2), out)
    return Dataset(
        summary, pl.read_parquet(summary.declarations_path), pl.read_parquet(summary.labels_path)
    )
