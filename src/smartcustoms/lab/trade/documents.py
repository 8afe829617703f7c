"""Supporting documents of each declaration, as the frame's JSON text column.

Every declaration carries a commercial invoice; most a packing list; a certificate of origin
where preference is claimed; sanitary certificates and import licences where the goods need
them (unless the trader is hiding their absence). The JSON is assembled with polars string
expressions, in the canonical shape (``Declaration.to_json_dict``), one row per document.
"""

from dataclasses import dataclass

import numpy as np
import polars as pl

from smartcustoms.declarations.schema import DocumentType

NUMBER_PREFIXES = {
    DocumentType.COMMERCIAL_INVOICE: "INV", DocumentType.PACKING_LIST: "PL",
    DocumentType.CERTIFICATE_OF_ORIGIN: "CO", DocumentType.PHYTOSANITARY_CERTIFICATE: "PHY",
    DocumentType.VETERINARY_CERTIFICATE: "VET", DocumentType.HEALTH_CERTIFICATE: "HC",
    DocumentType.IMPORT_LICENCE: "LIC",
}  # fmt: skip
VALIDITY_DAYS = {
    DocumentType.CERTIFICATE_OF_ORIGIN: 365, DocumentType.PHYTOSANITARY_CERTIFICATE: 60,
    DocumentType.VETERINARY_CERTIFICATE: 60, DocumentType.HEALTH_CERTIFICATE: 180,
    DocumentType.IMPORT_LICENCE: 365,
}  # fmt: skip
"""Days a document stays valid; invoices and packing lists do not expire."""


@dataclass(frozen=True, slots=True)
class Attached:
    """One document type across a batch: which declarations carry it and who issued it."""

    type: DocumentType
    present: np.ndarray
    issuer: pl.Series
    issued_before: tuple[int, int]
    """Range of days between issue and lodgement."""


def documents_json(
    rng: np.random.Generator, lodged_day: np.ndarray, attached: list[Attached]
) -> pl.Series:
    """The ``documents`` cell of each declaration: a JSON array, documents in ``attached`` order."""
    rows = []
    for order, doc in enumerate(attached):
        declaration = np.flatnonzero(doc.present)
        issued = lodged_day[declaration] - rng.integers(*doc.issued_before, len(declaration))
        validity = VALIDITY_DAYS.get(doc.type)
        expires = pl.lit(None, pl.Int64) if validity is None else pl.lit(issued + validity)
        rows.append(
            pl.DataFrame(
                {
                    "declaration": declaration,
                    "order": np.full(len(declaration), order),
                    "number": rng.integers(10_000_000, 99_999_999, len(declaration)),
                    "issuer": doc.issuer.gather(declaration),
                    "issued": issued,
                }
            ).with_columns(
                expires=expires,
                prefix=pl.lit(NUMBER_PREFIXES[doc.type]),
                type=pl.lit(doc.type.value),
            )
        )
    day = pl.Date()
    expires_text = pl.col("expires").cast(day).cast(pl.String)
    entry = pl.concat_str(
        pl.lit('{"type":"'), pl.col("type"),
        pl.lit('","number":"'), pl.col("prefix"), pl.lit("-"), pl.col("number").cast(pl.String),
        pl.lit('","issuer_country":"'), pl.col("issuer"),
        pl.lit('","issued_on":"'), pl.col("issued").cast(day).cast(pl.String), pl.lit('"'),
        pl.when(pl.col("expires").is_null()).then(pl.lit(""))
        .otherwise(pl.concat_str(pl.lit(',"expires_on":"'), expires_text, pl.lit('"'))),
        pl.lit("}"),
    )  # fmt: skip
    per_declaration = (
        pl.concat(rows)
        .sort("declaration", "order")
        .group_by("declaration", maintain_order=True)
        .agg(entry.str.join(",").alias("entries"))
    )
    cells = pl.DataFrame({"declaration": np.arange(len(lodged_day))}).join(
        per_declaration, on="declaration", how="left", maintain_order="left"
    )
    documents = pl.concat_str(pl.lit("["), "entries", pl.lit("]")).alias("documents")
    return cells.select(documents).to_series()
