"""Reads logistics event files (JSON Lines or CSV) from carriers and terminals."""

import csv
import json
from pathlib import Path

from smartcustoms.errors import FieldError, ReadError
from smartcustoms.logistics.events import InvalidEventsError, LogisticsEventIn, parse_events

FILE_FORMATS = ("jsonl", "csv")


def read_event_file(path: Path) -> list[LogisticsEventIn]:
    """Every event of the file, validated; raises ReadError for an unreadable file and
    InvalidEventsError naming the line of each bad event, so nothing is imported half-way."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FILE_FORMATS:
        raise ReadError(str(path), "", f"unknown format {suffix!r}; use .jsonl or .csv")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ReadError(str(path), "", "file not found") from exc
    except UnicodeDecodeError as exc:
        raise ReadError(str(path), "", f"not UTF-8 text ({exc.reason})") from exc
    rows = _jsonl_rows(path, text) if suffix == "jsonl" else _csv_rows(text)
    events, errors = [], []
    for line, row in rows:
        try:
            events.extend(parse_events(row, position=f"line {line}"))
        except InvalidEventsError as exc:
            errors.extend(exc.errors)
    if errors:
        raise InvalidEventsError([FieldError(f"{path}:{e.pointer}", e.message) for e in errors])
    return events


def _jsonl_rows(path: Path, text: str) -> list[tuple[int, object]]:
    rows = []
    for line, content in enumerate(text.splitlines(), start=1):
        if not content.strip():
            continue
        try:
            rows.append((line, json.loads(content)))
        except json.JSONDecodeError as exc:
            raise ReadError(str(path), f"{line}:{exc.colno}", f"malformed JSON: {exc.msg}") from exc
    return rows


def _csv_rows(text: str) -> list[tuple[int, object]]:
    """Rows with empty cells dropped (an absent figure, not an empty string); the header is
    line 1."""
    reader = csv.DictReader(text.splitlines())
    return [
        (index, {k or "(extra cells)": v for k, v in row.items() if v not in ("", None)})
        for index, row in enumerate(reader, start=2)
    ]
