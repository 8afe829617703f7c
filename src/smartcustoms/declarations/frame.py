"""The columnar form of declarations: one row per goods item, header fields repeated.

Screening, bulk files and Ray all work on this frame. One table of column specifications drives
both directions (declarations to frame, frame rows back to documents), so the two cannot drift.
Columns the schema does not know (labels, adapter extras) travel along untouched.
"""

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from smartcustoms.declarations.schema import Declaration

MONEY = pl.Decimal(18, 2)
TIMESTAMP = pl.Datetime("us", "UTC")


@dataclass(frozen=True, slots=True)
class Column:
    """A frame column and where its value lives in the nested declaration."""

    name: str
    path: tuple[str, ...]
    dtype: pl.DataType
    required: bool = False


def _party(role: str, required: bool = False) -> list[Column]:
    return [
        Column(f"{role}_id", (role, "id"), pl.String(), required),
        Column(f"{role}_name", (role, "name"), pl.String()),
        Column(f"{role}_country", (role, "country"), pl.String()),
    ]


HEADER_COLUMNS: tuple[Column, ...] = (
    Column("declaration_id", ("declaration_id",), pl.String(), True),
    Column("type", ("type",), pl.String(), True),
    Column("office", ("office",), pl.String(), True),
    Column("lodged_at", ("lodged_at",), TIMESTAMP),
    *_party("declarant", required=True),
    *_party("importer"),
    *_party("exporter"),
    Column("transport_mode", ("transport", "mode"), pl.String(), True),
    Column("departure_country", ("transport", "departure_country"), pl.String()),
    Column("bill_of_lading", ("transport", "bill_of_lading"), pl.String()),
    Column("air_waybill", ("transport", "air_waybill"), pl.String()),
    Column("container_numbers", ("transport", "container_numbers"), pl.String()),
    Column("currency", ("currency",), pl.String(), True),
    Column("incoterm", ("incoterm",), pl.String(), True),
    Column("invoice_total", ("invoice_total",), MONEY),
    Column("documents", ("documents",), pl.String()),
)
"""Declaration-level columns. ``container_numbers`` is space-separated and ``documents`` is JSON
text, so that every format, CSV included, holds the frame without loss."""

ITEM_COLUMNS: tuple[Column, ...] = (
    Column("sequence", ("sequence",), pl.Int32(), True),
    Column("description", ("description",), pl.String(), True),
    Column("hs_code", ("hs_code",), pl.String(), True),
    Column("origin_country", ("origin_country",), pl.String(), True),
    Column("net_mass_kg", ("net_mass_kg",), pl.Float64(), True),
    Column("gross_mass_kg", ("gross_mass_kg",), pl.Float64()),
    Column("quantity", ("quantity",), pl.Float64(), True),
    Column("quantity_unit", ("quantity_unit",), pl.String(), True),
    Column("value", ("value",), MONEY, True),
    Column("preference_claimed", ("preference_claimed",), pl.Boolean()),
)

ITEM_SCHEMA: dict[str, pl.DataType] = {c.name: c.dtype for c in HEADER_COLUMNS + ITEM_COLUMNS}
REQUIRED_COLUMNS = tuple(c.name for c in HEADER_COLUMNS + ITEM_COLUMNS if c.required)


def _get(document: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = document
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _to_cell(column: Column, value: Any) -> Any:
    if column.name == "documents":
        return json.dumps(value, separators=(",", ":"), default=str) if value else None
    if column.name == "container_numbers":
        return " ".join(value) if value else None
    if isinstance(value, str):  # enums are StrEnum: store their plain value
        return str(value)
    return value


def to_frame(declarations: Iterable[Declaration]) -> pl.DataFrame:
    """Flattens declarations into the item frame, typed by :data:`ITEM_SCHEMA`."""
    cells: dict[str, list[Any]] = {name: [] for name in ITEM_SCHEMA}
    for declaration in declarations:
        document = declaration.model_dump(mode="python")
        document["documents"] = declaration.to_json_dict().get("documents")
        header = [(c.name, _to_cell(c, _get(document, c.path))) for c in HEADER_COLUMNS]
        for item in document["goods_items"]:
            for name, value in header:
                cells[name].append(value)
            for column in ITEM_COLUMNS:
                cells[column.name].append(_to_cell(column, _get(item, column.path)))
    return pl.DataFrame(cells, schema=ITEM_SCHEMA)


def missing_columns(columns: Iterable[str]) -> list[str]:
    """Required item-frame columns absent from ``columns``."""
    present = set(columns)
    return [name for name in REQUIRED_COLUMNS if name not in present]


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Casts known columns to the canonical types (strictly: a bad value raises) and adds the
    optional ones that are missing as nulls; extra columns are kept after the canonical ones."""
    absent = missing_columns(frame.columns)
    if absent:
        raise ValueError(f"missing required column(s): {', '.join(absent)}")
    canonical = [
        _cast(name, frame.schema[name], dtype) if name in frame.columns else pl.lit(None, dtype)
        for name, dtype in ITEM_SCHEMA.items()
    ]
    extras = [name for name in frame.columns if name not in ITEM_SCHEMA]
    return frame.select(*[e.alias(n) for e, n in zip(canonical, ITEM_SCHEMA, strict=True)], *extras)


_BOOLEAN_TEXT = {"true": True, "false": False, "1": True, "0": False}


def _cast(name: str, source: pl.DataType, target: pl.DataType) -> pl.Expr:
    if source == pl.String and isinstance(target, pl.Datetime):
        # Polars 2 parses timestamps explicitly; offsets in the text are converted to UTC.
        return pl.col(name).str.to_datetime(time_unit="us", time_zone="UTC", strict=True)
    if source == pl.String and target == pl.Boolean:
        return pl.col(name).str.to_lowercase().replace_strict(_BOOLEAN_TEXT, return_dtype=target)
    return pl.col(name).cast(target, strict=True)


def _set(document: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        document = document.setdefault(key, {})
    document[path[-1]] = value


def _from_cell(column: Column, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column.name == "documents" and isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value  # left as text, so validation reports it at its pointer
    if column.name == "container_numbers" and isinstance(value, str):
        return value.split()
    return value


def rows_to_document(rows: list[Mapping[str, Any]]) -> dict[str, Any]:
    """Rebuilds one nested declaration document from its item rows (typed or all-text)."""
    document: dict[str, Any] = {}
    for column in HEADER_COLUMNS:
        value = _from_cell(column, rows[0].get(column.name))
        if value is not None:
            _set(document, column.path, value)
    document["goods_items"] = []
    for row in rows:
        item: dict[str, Any] = {}
        for column in ITEM_COLUMNS:
            value = _from_cell(column, row.get(column.name))
            if value is not None:
                item[column.path[0]] = value
        document["goods_items"].append(item)
    return document


@dataclass(frozen=True, slots=True)
class RowGroup:
    """The item rows of one declaration and where they start in the source."""

    first_row: int
    rows: list[dict[str, Any]]


def group_rows(frames: Iterable[pl.DataFrame], row_offset: int = 0) -> Iterator[RowGroup]:
    """Groups consecutive rows sharing a declaration_id into declarations, across batch borders.

    Files keep the items of one declaration together; a declaration split across distant rows
    would come out twice and be caught as a duplicate identifier where it is stored. A row with
    no declaration_id is a declaration of its own.
    """
    pending: RowGroup | None = None
    row_number = row_offset
    for frame in frames:
        for row in frame.iter_rows(named=True):
            declaration_id = row.get("declaration_id")
            if (
                pending is not None
                and declaration_id is not None
                and declaration_id == (pending.rows[0].get("declaration_id"))
            ):
                pending.rows.append(row)
            else:
                if pending is not None:
                    yield pending
                pending = RowGroup(row_number, [row])
            row_number += 1
    if pending is not None:
        yield pending


def whole_declarations(frames: Iterable[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """Re-cuts a stream of item batches so that no declaration is split between two batches
    (declaration-level decisions need all of a declaration's items at once)."""
    carry: pl.DataFrame | None = None
    for frame in frames:
        if carry is not None:
            frame = pl.concat([carry, frame], how="diagonal_relaxed")
        if frame.is_empty():
            continue
        last_id = frame["declaration_id"][-1]
        ids = frame["declaration_id"]
        tail_start = frame.height
        while tail_start > 0 and ids[tail_start - 1] == last_id and last_id is not None:
            tail_start -= 1
        complete, carry = frame.slice(0, tail_start), frame.slice(tail_start)
        if not complete.is_empty():
            yield complete
    if carry is not None and not carry.is_empty():
        yield carry
