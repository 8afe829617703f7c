"""Reference lists named by a pack: watch lists, embargoed origins, trade-remedy measures,
reference prices. Loaded once with the pack, so a bad file fails the load, not a screening run.

Keys are kept as text (HS codes keep their leading zeros); a ``value`` column is a number.
"""

from dataclasses import dataclass
from pathlib import Path

import polars as pl

KEY_SEPARATOR = "\x1f"
"""Joins multi-column keys (HS6 x origin) into one text that cannot occur inside a code."""


class ReferenceFileError(ValueError):
    """A reference file is missing, unreadable or malformed; the message says which row."""


@dataclass(frozen=True, eq=False, slots=True)
class Reference:
    """A loaded reference list: its key columns, optional value column, and rows."""

    name: str
    path: Path
    key: tuple[str, ...]
    value: str | None
    table: pl.DataFrame

    def keys(self) -> list[str]:
        """Each entry's key, multi-column keys joined by :data:`KEY_SEPARATOR`."""
        return self.table.select(_joined(self.key))["key"].to_list()

    def values_by_key(self) -> dict[str, float]:
        """Entry key to value, for ``below_reference`` lookups."""
        if self.value is None:
            raise ValueError(f"reference list {self.name!r} has no value column")
        return dict(zip(self.keys(), self.table[self.value].to_list(), strict=True))


def _joined(columns: tuple[str, ...]) -> pl.Expr:
    return pl.concat_str([pl.col(c) for c in columns], separator=KEY_SEPARATOR).alias("key")


def _read(path: Path) -> pl.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pl.read_csv(path, infer_schema=False)
        if suffix in (".parquet", ".pq"):
            return pl.read_parquet(path)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise ReferenceFileError(f"reference file {path} cannot be read: {exc}") from exc
    raise ReferenceFileError(f"reference file {path} must be .csv or .parquet")


def load_reference(
    name: str, path: Path, key: tuple[str, ...], value: str | None = None
) -> Reference:
    """Reads and checks one reference file; rows are numbered as in a spreadsheet (header 1)."""
    if not path.is_file():
        raise ReferenceFileError(f"reference file {path} does not exist")
    table = _read(path)
    missing = [c for c in (*key, *([value] if value else [])) if c not in table.columns]
    if missing:
        raise ReferenceFileError(
            f"reference file {path} lacks column(s) {', '.join(missing)}; "
            f"it has {', '.join(table.columns)}"
        )
    table = table.select(
        *[pl.col(c).cast(pl.String).str.strip_chars() for c in key],
        *([pl.col(value).cast(pl.String).str.strip_chars()] if value else []),
    ).with_row_index("row", offset=2)
    bad = table.filter(pl.any_horizontal([pl.col(c).is_null() | (pl.col(c) == "") for c in key]))
    if not bad.is_empty():
        raise ReferenceFileError(f"{path}:{bad['row'][0]}: empty key")
    if value:
        numbers = pl.col(value).cast(pl.Float64, strict=False)
        bad = table.filter(numbers.is_null())
        if not bad.is_empty():
            raise ReferenceFileError(
                f"{path}:{bad['row'][0]}: {value} {bad[value][0]!r} is not a number"
            )
        table = table.with_columns(numbers)
    repeated = table.filter(~pl.struct(key).is_first_distinct())
    if not repeated.is_empty():
        raise ReferenceFileError(f"{path}:{repeated['row'][0]}: duplicate key")
    return Reference(name, path, key, value, table.drop("row"))
