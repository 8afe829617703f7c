"""Readers and writers for declarations: JSON, JSON Lines, CSV and Parquet.

Bulk formats (JSON Lines, CSV, Parquet) stream in batches so that a file of any size is read in
bounded memory; a single JSON document is parsed whole and therefore capped in size. Every
problem names the file and the position in it; a failed write leaves no partial output behind.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl
import pyarrow.parquet as pq

from smartcustoms.config import BATCH_SIZE, MAX_JSON_BYTES
from smartcustoms.declarations.frame import (
    ITEM_SCHEMA,
    conform,
    group_rows,
    missing_columns,
    rows_to_document,
    to_frame,
)
from smartcustoms.declarations.schema import Declaration
from smartcustoms.declarations.validation import validate_declaration
from smartcustoms.errors import FieldError, ReadError

FORMATS = ("json", "jsonl", "csv", "parquet")
_SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
             ".parquet": "parquet", ".pq": "parquet"}  # fmt: skip
_POLARS_OFFSET = re.compile(r"offset in the file is (\d+) bytes")
_POLARS_BAD_VALUE = re.compile(r"could not parse `(?P<value>.*?)` .* at column '(?P<column>.+?)'")


def detect_format(path: Path, fmt: str | None = None) -> str:
    """The format named explicitly, else the one the file suffix implies."""
    chosen = fmt or _SUFFIXES.get(path.suffix.lower())
    if chosen not in FORMATS:
        raise ReadError(
            str(path), "", f"unknown format {fmt or path.suffix!r}; use one of {', '.join(FORMATS)}"
        )
    return chosen


@dataclass(slots=True)
class SourceDocument:
    """One declaration as found in a file: where, the raw document, or why it is unreadable."""

    position: str
    document: Any = None
    problems: list[FieldError] = field(default_factory=list)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _check_size(path: Path, limit: int | None = None) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(str(path), "", f"cannot be read: {exc.strerror}") from exc
    if size == 0:
        raise ReadError(str(path), "", "file is empty; it holds no declarations")
    if limit is not None and size > limit:
        raise ReadError(
            str(path),
            "",
            f"file is {size / 2**20:,.0f} MiB, over the {limit / 2**20:,.0f} MiB limit for a "
            "single JSON document; send bulk data as JSON Lines, CSV or Parquet, which stream",
        )
    return size


def _decode(path: Path, data: bytes, line_offset: int = 0) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start) + line_offset
        raise ReadError(
            str(path), f"line {line}", "is not valid UTF-8 text; save the file as UTF-8"
        ) from exc


def _read_json(path: Path, max_bytes: int) -> Iterator[SourceDocument]:
    _check_size(path, max_bytes)
    text = _decode(path, path.read_bytes())
    try:
        parsed = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ReadError(
            str(path), f"line {exc.lineno}, column {exc.colno}", f"malformed JSON: {exc.msg}"
        ) from exc
    if isinstance(parsed, list):
        if not parsed:
            raise ReadError(str(path), "", "the list holds no declarations")
        for index, document in enumerate(parsed):
            yield SourceDocument(f"[{index}]", document)
    else:
        yield SourceDocument("", parsed)


def _read_jsonl(path: Path) -> Iterator[SourceDocument]:
    _check_size(path)
    found = False
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            found = True
            position = f"line {number}"
            try:
                text = _decode(path, raw, number - 1)
                yield SourceDocument(position, json.loads(text, parse_float=Decimal))
            except json.JSONDecodeError as exc:
                problem = f"malformed JSON at column {exc.colno}: {exc.msg}"
                yield SourceDocument(position, problems=[FieldError("(line)", problem)])
    if not found:
        raise ReadError(str(path), "", "file holds only blank lines; it holds no declarations")


def _csv_header(path: Path) -> list[str]:
    with open(path, "rb") as handle:
        first = handle.readline()
    return next(csv.reader([_decode(path, first).strip("\r\n")]), [])


def _check_csv_tail(path: Path, header: list[str]) -> None:
    """A cut-off file most often ends inside its last row; read only the tail to catch that."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        handle.seek(max(0, size - 65536))
        tail = handle.read()
    if tail.endswith(b"\n"):
        return
    last = tail.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace")
    fields = next(csv.reader([last]), [])
    if len(fields) != len(header):
        with open(path, "rb") as handle:
            line = sum(1 for _ in handle)
        raise ReadError(
            str(path),
            f"line {line}",
            f"last row has {len(fields)} of {len(header)} fields and no line end: "
            "the file looks truncated",
        )


def _polars_problem(path: Path, exc: Exception) -> ReadError:
    """Turns a polars parse error into one naming the line of the bad value."""
    message = str(exc).strip().splitlines()[0]
    offset = _POLARS_OFFSET.search(str(exc))
    bad = _POLARS_BAD_VALUE.search(message)
    if offset and bad:
        line = _find_value_line(path, int(offset.group(1)), bad.group("column"), bad.group("value"))
        return ReadError(str(path), f"line {line}", message)
    if "utf-8" in message.lower():
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    return ReadError(
                        str(path), f"line {number}", "is not valid UTF-8 text; save it as UTF-8"
                    )
    return ReadError(str(path), "", message)


def _find_value_line(path: Path, offset: int, column: str, value: str) -> int:
    """Polars reports a byte offset near the bad row; find the row exactly from there."""
    with open(path, "rb") as handle:
        start_line = _line_of(handle.read(offset), offset)
    with open(path, newline="", encoding="utf-8", errors="replace") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        index = header.index(column) if column in header else -1
        for row in rows:
            line = rows.line_num
            if line >= start_line and 0 <= index < len(row) and row[index] == value:
                return line
    return start_line


def _csv_batches(path: Path, batch_size: int, *, typed: bool) -> Iterator[pl.DataFrame]:
    _check_size(path)
    header = _csv_header(path)
    _check_csv_tail(path, header)
    if typed:
        absent = missing_columns(header)
        if absent:
            raise ReadError(str(path), "line 1", f"missing required column(s): {', '.join(absent)}")
        overrides = {name: dtype for name, dtype in ITEM_SCHEMA.items() if name in header}
        scan = pl.scan_csv(path, schema_overrides=overrides, infer_schema_length=10_000)
    else:
        scan = pl.scan_csv(path, infer_schema=False)
    batches = scan.collect_batches(chunk_size=batch_size)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except pl.exceptions.PolarsError as exc:
            raise _polars_problem(path, exc) from exc
        yield batch


def _parquet_batches(path: Path, batch_size: int) -> Iterator[pl.DataFrame]:
    _check_size(path)
    try:
        yield from pl.scan_parquet(path).collect_batches(chunk_size=batch_size)
    except (pl.exceptions.PolarsError, OSError) as exc:
        problem = f"not a readable Parquet file: {str(exc).splitlines()[0]}"
        raise ReadError(str(path), "", problem) from exc


def _documents_from_rows(
    frames: Iterable[pl.DataFrame], line_offset: int
) -> Iterator[SourceDocument]:
    for group in group_rows(frames):
        position = (
            f"row {group.first_row + 1}"
            if line_offset == 0
            else (f"line {group.first_row + line_offset}")
        )
        yield SourceDocument(position, rows_to_document(group.rows))


def read_documents(
    path: Path,
    fmt: str | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    max_json_bytes: int = MAX_JSON_BYTES,
) -> Iterator[SourceDocument]:
    """Yields every declaration document in a file, raw (not yet validated), with its position.

    Raises ReadError for problems of the file as a whole (missing, empty, not UTF-8, malformed
    JSON document, truncated CSV); a malformed line of a JSON Lines file is reported on its own
    document so that the rest of the file is still checked. CSV and Parquet are read
    ``batch_size`` rows at a time; a single JSON document over ``max_json_bytes`` is refused.
    """
    path = Path(path)
    fmt = detect_format(path, fmt)
    if fmt == "json":
        yield from _read_json(path, max_json_bytes)
    elif fmt == "jsonl":
        yield from _read_jsonl(path)
    elif fmt == "csv":
        yield from _documents_from_rows(_csv_batches(path, batch_size, typed=False), line_offset=2)
    else:
        yield from _documents_from_rows(_parquet_batches(path, batch_size), line_offset=0)


def iter_declarations(
    path: Path,
    fmt: str | None = None,
    *,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
    max_json_bytes: int = MAX_JSON_BYTES,
) -> Iterator[Declaration]:
    """Yields validated declarations; the first invalid one raises ReadError with its errors.
    ``batch_size`` and ``max_json_bytes`` are as for :func:`read_documents`."""
    sources = read_documents(path, fmt, batch_size=batch_size, max_json_bytes=max_json_bytes)
    for source in sources:
        declaration, errors = (
            (None, source.problems)
            if source.problems
            else (validate_declaration(source.document, now=now))
        )
        if errors:
            listed = "; ".join(str(e) for e in errors)
            raise ReadError(str(path), source.position, f"invalid declaration: {listed}")
        assert declaration is not None
        yield declaration


def read_frames(
    path: Path,
    fmt: str | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    max_json_bytes: int = MAX_JSON_BYTES,
) -> Iterator[pl.DataFrame]:
    """Streams the item frame of a file in batches of about ``batch_size`` goods items.

    CSV and Parquet are read column-wise and cast to the canonical types (a value of the wrong
    type is an error with its line, never a silent null); JSON formats are validated declaration
    by declaration on the way in, a single JSON document capped at ``max_json_bytes``.
    """
    path = Path(path)
    fmt = detect_format(path, fmt)
    if fmt in ("csv", "parquet"):
        batches = (
            _csv_batches(path, batch_size, typed=True)
            if fmt == "csv"
            else _parquet_batches(path, batch_size)
        )
        for batch in batches:
            try:
                yield conform(batch)
            except (ValueError, pl.exceptions.PolarsError) as exc:
                raise ReadError(str(path), "", str(exc).splitlines()[0]) from exc
        return
    pending: list[Declaration] = []
    items = 0
    declarations = iter_declarations(
        path, fmt, batch_size=batch_size, max_json_bytes=max_json_bytes
    )
    for declaration in declarations:
        pending.append(declaration)
        items += len(declaration.goods_items)
        if items >= batch_size:
            yield to_frame(pending)
            pending, items = [], 0
    if pending:
        yield to_frame(pending)


@contextmanager
def _atomic_output(path: Path) -> Iterator[BinaryIO]:
    """Writes to a side file and renames it into place only when writing succeeded."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        with open(partial, "wb") as handle:
            yield handle
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def write_frames(frames: Iterable[pl.DataFrame], path: Path, fmt: str | None = None) -> int:
    """Writes item frames to CSV or Parquet (or, via declarations, JSON formats); returns items."""
    path = Path(path)
    fmt = detect_format(path, fmt)
    if fmt in ("json", "jsonl"):
        documents = (rows_to_document(group.rows) for group in group_rows(frames))
        declarations = (Declaration.model_validate(d) for d in documents)
        return write_declarations(declarations, path, fmt)
    return write_table(frames, path, fmt, schema=ITEM_SCHEMA)


def write_table(
    frames: Iterable[pl.DataFrame],
    path: Path,
    fmt: str | None = None,
    *,
    schema: dict[str, pl.DataType] | None = None,
) -> int:
    """Writes frames row by row as CSV, Parquet or JSON Lines, whatever their columns (labels,
    scores); ``schema`` gives the columns of an empty file. Returns the rows written."""
    path = Path(path)
    fmt = detect_format(path, fmt)
    if fmt == "json":
        raise ReadError(str(path), "", "tables are written as jsonl, csv or parquet, not json")
    written = 0
    with _atomic_output(path) as handle:
        if fmt == "jsonl":
            for frame in frames:
                frame.write_ndjson(handle)
                written += frame.height
        elif fmt == "csv":
            for index, frame in enumerate(frames):
                frame.write_csv(handle, include_header=index == 0)
                written += frame.height
            if written == 0:
                pl.DataFrame(schema=schema).write_csv(handle)
        else:
            writer = None
            for frame in frames:
                table = frame.to_arrow()
                if writer is None:
                    writer = pq.ParquetWriter(handle, table.schema)
                writer.write_table(table.cast(writer.schema))
                written += frame.height
            if writer is None:
                pl.DataFrame(schema=schema).write_parquet(handle)
            else:
                writer.close()
    return written


def write_declarations(
    declarations: Iterable[Declaration], path: Path, fmt: str | None = None
) -> int:
    """Writes declarations in any format; returns the number of goods items written."""
    path = Path(path)
    fmt = detect_format(path, fmt)
    if fmt in ("csv", "parquet"):
        return write_frames((to_frame([d]) for d in declarations), path, fmt)
    written = 0
    with _atomic_output(path) as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="\n")
        text.write("[\n" if fmt == "json" else "")
        for index, declaration in enumerate(declarations):
            if fmt == "json" and index:
                text.write(",\n")
            text.write(json.dumps(declaration.to_json_dict(), ensure_ascii=False))
            text.write("\n" if fmt == "jsonl" else "")
            written += len(declaration.goods_items)
        text.write("\n]\n" if fmt == "json" else "")
        text.flush()
        text.detach()
    return written
