"""Leak-free risk profiles: how often an importer, a declarant, an HS code or a pair of them was
found in fraud before, as smoothed rates.

A row's own label must never feed its own feature, or the model learns the answer. Training rows
therefore get out-of-fold rates (their fold's rows are left out); rows being scored get rates from
the whole training history. Unseen keys fall back to the prior with a count of zero.
"""

from dataclasses import dataclass, field

import numpy as np
import polars as pl

PROFILE_KEYS: tuple[tuple[str, ...], ...] = (
    ("importer_id",),
    ("declarant_id",),
    ("exporter_id",),
    ("hs6",),
    ("hs4",),
    ("origin_country",),
    ("office",),
    ("importer_id", "hs6"),
    ("declarant_id", "hs6"),
    ("exporter_id", "hs6"),
    ("hs6", "origin_country"),
    ("importer_id", "origin_country"),
    ("declarant_id", "importer_id"),
    ("office", "hs6"),
    # chosen on time-ordered splits inside the KCS training year; kcs_ columns only the KCS
    # format carries, and a key whose columns are absent is skipped
    ("kcs_courier_id",),
    ("importer_id", "kcs_tax_type"),
    ("declarant_id", "origin_country"),
    ("hs6", "kcs_tax_type"),
)
"""Entities, products and routes whose history says something about the next declaration."""


LOOKUP_ROWS = 256
"""Up to this many rows, :meth:`RiskProfiles.transform` looks keys up rather than joining."""


def profile_name(key: tuple[str, ...]) -> str:
    return "x".join(k.removesuffix("_id").removesuffix("_country") for k in key)


@dataclass
class RiskProfiles:
    """Smoothed fraud rates and counts per key, with the scikit-learn fit/transform shape.

    ``smoothing`` is the weight of the prior in pseudo-rows: a key seen five times with one fraud
    moves only part of the way from the base rate, so rare keys do not look certain.
    """

    keys: tuple[tuple[str, ...], ...] = PROFILE_KEYS
    smoothing: float = 20.0
    folds: int = 5
    prior_: float = 0.0
    tables_: dict[str, pl.DataFrame] = field(default_factory=dict)

    def _present(self, frame: pl.DataFrame) -> list[tuple[str, ...]]:
        return [k for k in self.keys if all(c in frame.columns for c in k)]

    def _rate(self, sums: pl.Expr, counts: pl.Expr) -> pl.Expr:
        return (sums + self.smoothing * self.prior_) / (counts + self.smoothing)

    def fit(self, frame: pl.DataFrame, target: str = "fraud") -> "RiskProfiles":
        """Learns per-key totals from the training frame."""
        self.prior_ = float(frame[target].cast(pl.Float64).mean() or 0.0)
        self.tables_ = {}
        for key in self._present(frame):
            name = profile_name(key)
            self.tables_[name] = frame.group_by(key).agg(
                pl.col(target).cast(pl.Float64).sum().alias(f"_{name}_sum"),
                pl.len().cast(pl.Float64).alias(f"_{name}_n"),
            )
        return self

    def fit_transform_oof(
        self, frame: pl.DataFrame, fold: pl.Series, target: str = "fraud"
    ) -> pl.DataFrame:
        """Fits on the frame and returns its out-of-fold profile columns (rate and log count)."""
        self.fit(frame, target)
        work = frame.with_columns(fold.alias("_fold"))
        columns = []
        for key in self._present(frame):
            name = profile_name(key)
            by_fold = work.group_by([*key, "_fold"]).agg(
                pl.col(target).cast(pl.Float64).sum().alias("_fold_sum"),
                pl.len().cast(pl.Float64).alias("_fold_n"),
            )
            joined = (
                work.select(*key, "_fold")
                .join(self.tables_[name], on=list(key), how="left", maintain_order="left",
                      nulls_equal=True)
                .join(by_fold, on=[*key, "_fold"], how="left", maintain_order="left",
                      nulls_equal=True)
            )  # fmt: skip
            sums = pl.col(f"_{name}_sum") - pl.col("_fold_sum")
            counts = pl.col(f"_{name}_n") - pl.col("_fold_n")
            columns.append(
                joined.select(
                    self._rate(sums, counts).alias(f"risk_{name}"),
                    counts.log1p().alias(f"seen_{name}"),
                )
            )
        return pl.concat(columns, how="horizontal")

    def transform(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Profile columns for rows being scored, from the whole training history.

        Big frames join each key's table in one plan, collected once. A few rows (the API's
        batches of a few declarations) are looked up in dictionaries instead: on so few rows
        planning the joins costs far more than the lookups."""
        names = [
            (key, profile_name(key))
            for key in self._present(frame)
            if profile_name(key) in self.tables_
        ]
        if not names:
            return pl.DataFrame()
        if frame.height <= LOOKUP_ROWS:
            return self._looked_up(frame, names)
        columns = sorted({c for key, _ in names for c in key})
        joined = frame.lazy().select(columns)
        outputs = []
        for key, name in names:
            joined = joined.join(
                self.tables_[name].lazy(), on=list(key), how="left", maintain_order="left",
                nulls_equal=True,
            )  # fmt: skip
            sums = pl.col(f"_{name}_sum").fill_null(0.0)
            counts = pl.col(f"_{name}_n").fill_null(0.0)
            outputs += [
                self._rate(sums, counts).alias(f"risk_{name}"),
                counts.log1p().alias(f"seen_{name}"),
            ]
        return joined.select(outputs).collect()

    def _looked_up(self, frame: pl.DataFrame, names: list[tuple[tuple[str, ...], str]]):
        """:meth:`transform` by dictionary lookups, for a few rows."""
        out = {}
        for key, name in names:
            table = self._lookup(name)
            found = [table.get(row, (0.0, 0.0)) for row in frame.select(key).iter_rows()]
            sums, counts = np.array(found, dtype=np.float64).reshape(-1, 2).T
            out[f"risk_{name}"] = self._rate(sums, counts)
            out[f"seen_{name}"] = np.log1p(counts)
        return pl.DataFrame(out)

    def _lookup(self, name: str) -> dict[tuple, tuple[float, float]]:
        """Key -> (fraud sum, count) of one table, built on first use and kept (not pickled)."""
        lookups = self.__dict__.setdefault("_lookups", {})
        if name not in lookups:
            table = self.tables_[name]
            width = table.width - 2
            lookups[name] = {row[:width]: row[width:] for row in table.iter_rows()}
        return lookups[name]

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_lookups"}
