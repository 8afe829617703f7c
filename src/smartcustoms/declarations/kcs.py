"""Adapter for the public KCS Customs Import Declaration dataset (Korea Customs Service, 2022).

Maps its columns onto the canonical item frame and keeps its labels (``fraud``,
``critical_fraud``) plus a duty-at-risk proxy, since the set has no revenue label. What the set
lacks is filled with stated assumptions rather than guessed: no goods description, the quantity is
the net mass in kilograms, prices are in KRW on a CIF basis (Korea's customs value basis), and a
tax type starting with 'F' (an FTA rate) counts as a preference claim. Source-specific columns
are kept with a ``kcs_`` prefix for models that want them.
"""

from pathlib import Path

import polars as pl

from smartcustoms.declarations.frame import ITEM_SCHEMA, MONEY, TIMESTAMP, conform
from smartcustoms.errors import ReadError

KCS_COLUMNS = (
    "Declaration ID", "Date", "Office ID", "Process Type", "Import Type", "Import Use",
    "Payment Type", "Mode of Transport", "Declarant ID", "Importer ID", "Seller ID", "Courier ID",
    "HS6 Code", "Country of Departure", "Country of Origin", "Tax Rate", "Tax Type",
    "Country of Origin Indicator", "Net Mass", "Item Price", "Fraud", "Critical Fraud",
)  # fmt: skip

TRANSPORT_MODES = {"10": "sea", "20": "rail", "30": "road", "40": "air", "50": "post"}
"""KCS transport codes; anything else maps to 'other'."""

_UNKNOWN_COUNTRY = "ZZ"

_EXTRAS = {
    "Process Type": "kcs_process_type", "Import Type": "kcs_import_type",
    "Import Use": "kcs_import_use", "Payment Type": "kcs_payment_type",
    "Tax Type": "kcs_tax_type", "Country of Origin Indicator": "kcs_origin_indicator",
    "Courier ID": "kcs_courier_id",
}  # fmt: skip


def _country(column: str) -> pl.Expr:
    code = pl.col(column).str.strip_chars().str.to_uppercase()
    return pl.when(code == _UNKNOWN_COUNTRY).then(None).otherwise(code)


def read_kcs(path: Path) -> pl.DataFrame:
    """Reads one KCS CSV file into the canonical item frame with label columns."""
    path = Path(path)
    try:
        raw = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise ReadError(str(path), "", f"not a readable KCS CSV file: {exc}") from exc
    absent = [c for c in KCS_COLUMNS if c not in raw.columns]
    if absent:
        raise ReadError(str(path), "line 1", f"not the KCS format; missing {', '.join(absent)}")
    price = pl.col("Item Price").cast(pl.Float64)
    tax_rate = pl.col("Tax Rate").cast(pl.Float64)
    fraud = pl.col("Fraud").cast(pl.Int8)
    try:
        frame = raw.select(
            declaration_id=pl.lit("KCS-") + pl.col("Declaration ID"),
            type=pl.lit("import"),
            office=pl.lit("KR") + pl.col("Office ID").str.zfill(3),
            lodged_at=pl.col("Date").str.to_date("%Y-%m-%d").cast(TIMESTAMP),
            declarant_id=pl.col("Declarant ID"),
            importer_id=pl.col("Importer ID"),
            importer_country=pl.lit("KR"),
            exporter_id=pl.col("Seller ID"),
            transport_mode=pl.col("Mode of Transport").replace_strict(
                TRANSPORT_MODES, default="other"
            ),
            departure_country=_country("Country of Departure"),
            currency=pl.lit("KRW"),
            incoterm=pl.lit("CIF"),
            sequence=pl.lit(1, pl.Int32),
            hs_code=pl.col("HS6 Code").str.zfill(6),
            origin_country=_country("Country of Origin"),
            net_mass_kg=pl.col("Net Mass").cast(pl.Float64),
            quantity=pl.col("Net Mass").cast(pl.Float64),
            quantity_unit=pl.lit("KGM"),
            value=pl.col("Item Price").cast(pl.Float64).round(2).cast(MONEY),
            preference_claimed=pl.col("Tax Type").str.starts_with("F"),
            fraud=fraud,
            critical_fraud=pl.col("Critical Fraud").cast(pl.Int8),
            duty_at_risk=fraud * price * tax_rate / 100,
            kcs_tax_rate=tax_rate,
            **{new: pl.col(old) for old, new in _EXTRAS.items()},
        )
    except pl.exceptions.PolarsError as exc:
        raise ReadError(str(path), "", f"unexpected value: {str(exc).splitlines()[0]}") from exc
    return conform(frame.with_columns(description=pl.lit(None, ITEM_SCHEMA["description"])))
