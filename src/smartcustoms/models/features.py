"""Features of a goods item for the risk models, built column-wise from the item frame.

Everything here is computed from the item and fitted reference tables, never from labels of the
rows being scored; label-derived history lives in :mod:`smartcustoms.models.profiles`.
"""

from dataclasses import dataclass, field

import polars as pl

from smartcustoms.declarations.schema import DocumentType

CATEGORICAL = ("office", "transport_mode", "origin_country", "departure_country", "hs2")
"""Low-cardinality columns given to LightGBM as categories; entities are profiled instead."""

DOCUMENT_TYPES = tuple(t.value for t in DocumentType)


def with_derived(frame: pl.DataFrame) -> pl.DataFrame:
    """Adds the HS levels used as profile keys and features (hs6, hs4, hs2)."""
    return frame.with_columns(
        hs6=pl.col("hs_code").str.slice(0, 6),
        hs4=pl.col("hs_code").str.slice(0, 4),
        hs2=pl.col("hs_code").str.slice(0, 2),
        goods_item_count=pl.len().over("declaration_id"),
    )


def _documents_present(frame: pl.DataFrame) -> pl.DataFrame:
    """One 0/1 column per document type, matched in the JSON text column (a regular expression
    per type is an order of magnitude faster than decoding the JSON of every row)."""
    if "documents" not in frame.columns:
        return pl.DataFrame({f"has_{t}": [0] * frame.height for t in DOCUMENT_TYPES})
    text = pl.col("documents").fill_null("")
    return frame.select(
        text.str.contains(f'"type"\\s*:\\s*"{t}"').cast(pl.Int8).alias(f"has_{t}")
        for t in DOCUMENT_TYPES
    )


def _log_ratio(numerator: str, denominator: str) -> pl.Expr:
    top = pl.col(numerator).cast(pl.Float64).clip(lower_bound=1e-6)
    return (top / pl.col(denominator).cast(pl.Float64).clip(lower_bound=1e-6)).log()


MEASURES = {
    "uv": _log_ratio("value", "net_mass_kg"),
    "qpk": _log_ratio("quantity", "net_mass_kg"),
    "gn": _log_ratio("gross_mass_kg", "net_mass_kg"),
}
"""What is compared with its usual level for the same goods: value per kg (undervaluation),
quantity per kg (misstated quantities) and gross over net mass (undeclared goods in the load)."""


@dataclass
class ValuationReference:
    """Robust references per HS6 x origin, HS6 and importer x HS6 (median and MAD of each
    measure's logarithm): the valuation model. Undervaluation shows as a large negative uv z-score,
    hidden goods as a large positive gn z-score."""

    min_count: int = 5
    tables_: dict[str, pl.DataFrame] = field(default_factory=dict)

    KEYS = (("hs6", "origin_country"), ("hs6",), ("importer_id", "hs6"))

    def _measured(self, frame: pl.DataFrame) -> pl.DataFrame:
        keys = sorted({c for key in self.KEYS for c in key})
        return frame.select(*keys, *[expr.alias(m) for m, expr in MEASURES.items()])

    def fit(self, frame: pl.DataFrame) -> "ValuationReference":
        work = self._measured(frame)
        self.tables_ = {}
        for key in self.KEYS:
            name = "x".join(key)
            stats = []
            for m in MEASURES:
                median = pl.col(m).median()
                stats += [
                    median.alias(f"ref_{m}"),
                    (pl.col(m) - median).abs().median().alias(f"mad_{m}"),
                ]
            self.tables_[name] = (
                work.group_by(key)
                .agg(*stats, pl.len().alias("n"))
                .filter(pl.col("n") >= self.min_count)
                .drop("n")
            )
        return self

    def transform(self, frame: pl.DataFrame) -> pl.DataFrame:
        work = self._measured(frame)
        out = []
        for key in self.KEYS:
            name = "x".join(key)
            joined = work.join(self.tables_[name], on=list(key), how="left", maintain_order="left")
            columns = []
            for m in MEASURES:
                gap = pl.col(m) - pl.col(f"ref_{m}")
                spread = (pl.col(f"mad_{m}") * 1.4826).clip(lower_bound=0.05)
                columns += [gap.alias(f"{m}_gap_{name}"), (gap / spread).alias(f"{m}_z_{name}")]
            out.append(joined.select(columns))
        return pl.concat(out, how="horizontal")


def _log_unit_value() -> pl.Expr:
    return MEASURES["uv"].alias("log_unit_value")


def item_features(frame: pl.DataFrame) -> pl.DataFrame:
    """Label-free numeric features of each item."""
    value = pl.col("value").cast(pl.Float64)
    mass = pl.col("net_mass_kg").cast(pl.Float64)
    quantity = pl.col("quantity").cast(pl.Float64)
    base = frame.select(
        value.log1p().alias("log_value"),
        mass.log1p().alias("log_mass"),
        quantity.log1p().alias("log_quantity"),
        _log_unit_value(),
        MEASURES["gn"].alias("log_gross_net"),
        MEASURES["qpk"].alias("log_quantity_per_kg"),
        (value / quantity.clip(lower_bound=1e-6)).log1p().alias("log_value_per_unit"),
        pl.col("hs6").cast(pl.Int64, strict=False).alias("hs6_number"),
        pl.col("hs4").cast(pl.Int64, strict=False).alias("hs4_number"),
        (pl.col("origin_country") != pl.col("departure_country")).cast(pl.Int8).alias("transit"),
        pl.col("preference_claimed").cast(pl.Int8).alias("preference_claimed"),
        pl.col("lodged_at").dt.weekday().alias("weekday"),
        pl.col("goods_item_count").alias("goods_item_count"),
    )
    extras = [c for c in frame.columns if c.startswith("kcs_") and frame[c].dtype.is_numeric()]
    numeric_extras = frame.select([pl.col(c).cast(pl.Float64).alias(c) for c in extras])
    return pl.concat([base, numeric_extras, _documents_present(frame)], how="horizontal")


@dataclass
class CategoryCodes:
    """Integer codes for categorical columns, fitted on training data; values never seen in
    training share one extra code, so a new country scores as 'rare', not as a crash."""

    columns: tuple[str, ...] = CATEGORICAL
    vocabularies_: dict[str, dict[str, int]] = field(default_factory=dict)

    def fit(self, frame: pl.DataFrame) -> "CategoryCodes":
        self.vocabularies_ = {
            column: {v: i for i, v in enumerate(sorted(frame[column].drop_nulls().unique()))}
            for column in self._present(frame)
        }
        return self

    def _present(self, frame: pl.DataFrame) -> list[str]:
        extras = [c for c in frame.columns if c.startswith("kcs_") and frame[c].dtype == pl.String]
        return [c for c in (*self.columns, *extras) if c in frame.columns]

    def transform(self, frame: pl.DataFrame) -> pl.DataFrame:
        return frame.select(
            pl.col(c).replace_strict(vocab, default=len(vocab), return_dtype=pl.Int32)
            if c in frame.columns
            else pl.lit(len(vocab), pl.Int32).alias(c)
            for c, vocab in self.vocabularies_.items()
        ).rename(lambda c: f"cat_{c}")
