"""The fields a rule may name, what kind of value each holds, and its Polars expression.

Columns of the item frame are fields as they are (except ``documents``, which rules test with
the ``document`` condition); a few derived fields spare analysts arithmetic: the HS6 / HS4 /
chapter of the code and two unit values. Numbers are compared as floats: thresholds in rule
files are screening limits, not amounts of money to be booked.
"""

from datetime import date
from enum import StrEnum

import polars as pl

from smartcustoms.declarations.frame import ITEM_SCHEMA


class Kind(StrEnum):
    """What a field holds, so that a rule comparing a text with a number is refused at load."""

    TEXT = "text"
    NUMBER = "number"
    MOMENT = "date"
    FLAG = "boolean"


def _kind(dtype: pl.DataType) -> Kind:
    if dtype == pl.String:
        return Kind.TEXT
    if dtype == pl.Boolean:
        return Kind.FLAG
    if isinstance(dtype, pl.Datetime):
        return Kind.MOMENT
    return Kind.NUMBER


def _number(name: str) -> pl.Expr:
    return pl.col(name).cast(pl.Float64)


_DERIVED: dict[str, tuple[Kind, pl.Expr]] = {
    "hs6": (Kind.TEXT, pl.col("hs_code").str.slice(0, 6)),
    "hs4": (Kind.TEXT, pl.col("hs_code").str.slice(0, 4)),
    "chapter": (Kind.TEXT, pl.col("hs_code").str.slice(0, 2)),
    "unit_value": (Kind.NUMBER, _number("value") / pl.col("quantity")),
    "value_per_kg": (Kind.NUMBER, _number("value") / pl.col("net_mass_kg")),
}

FIELDS: dict[str, Kind] = {
    **{name: _kind(dtype) for name, dtype in ITEM_SCHEMA.items() if name != "documents"},
    **{name: kind for name, (kind, _) in _DERIVED.items()},
}
"""Every field name a rule may use, with its kind."""


def field_expression(name: str) -> pl.Expr:
    """The value of field ``name`` for each goods item (numbers as Float64)."""
    if name in _DERIVED:
        return _DERIVED[name][1]
    if FIELDS[name] is Kind.NUMBER:
        return _number(name)
    return pl.col(name)


def kind_of_value(value: object) -> Kind | None:
    """The kind of a literal written in a rule file (YAML already typed it), None if none fits."""
    if isinstance(value, bool):
        return Kind.FLAG
    if isinstance(value, int | float):
        return Kind.NUMBER
    if isinstance(value, str):
        return Kind.TEXT
    if isinstance(value, date):
        return Kind.MOMENT
    return None
