"""Field extraction: header fields found by their labels (value after the label, in the next
segment of the row, or under it) and goods items read from the ruled table by column.

Every field keeps the confidence of the words it came from; a field read with low confidence,
or whose text does not parse, is kept and marked ``needs_review`` rather than dropped.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from smartcustoms.declarations.schema import DocumentType
from smartcustoms.documents import values
from smartcustoms.documents.layout import Row, Word
from smartcustoms.documents.vocabulary import (
    COLUMN_LABELS,
    FIELD_LABELS,
    HEADER_FIELDS,
    ITEM_COLUMNS,
    NUMBER_LABELS,
)

REVIEW_BELOW = 0.80
"""Fields read with less OCR confidence than this go to a person."""

INFERRED_CONFIDENCE = 0.5
"""Confidence of a value the reader inferred from its neighbours rather than read."""

_CONFUSED = {"i": "[il1|!]", "l": "[il1|!]", "1": "[il1|!]", "o": "[o0]", "0": "[o0]"}


@dataclass(frozen=True, slots=True)
class ExtractedField:
    """One field: its canonical value (None where the text did not parse), the text it came
    from, the OCR confidence and whether a person should look at it."""

    name: str
    value: str | None
    raw: str
    confidence: float
    needs_review: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "value": self.value,
            "raw": self.raw,
            "confidence": round(self.confidence, 3),
            "needs_review": self.needs_review,
        }


@cache
def label_pattern(label: str) -> re.Pattern[str]:
    """A regex for a label tolerant of missing spaces, case and l/1/I and O/0 confusion."""
    parts = []
    for char in values.normalise(label).casefold():
        if char.isspace():
            continue
        if char in _CONFUSED:
            parts.append(_CONFUSED[char])
        elif char.isalnum():
            parts.append(re.escape(char))
        else:
            parts.append(re.escape(char) + "?")
    return re.compile(r"\s*".join(parts), re.IGNORECASE)


def _labels(doc_type: DocumentType, fields: Iterable[str]) -> list[tuple[str, str]]:
    """(field, label) pairs, longest label first so 'Date of Issue' wins over 'Date'."""
    pairs = []
    for name in fields:
        by_language = NUMBER_LABELS[doc_type] if name == "document_number" else FIELD_LABELS[name]
        pairs += [(name, label) for labels in by_language.values() for label in labels]
    return sorted(pairs, key=lambda pair: len(pair[1]), reverse=True)


def _row_text(words: Iterable[Word]) -> tuple[str, list[int]]:
    """Normalised text of words and each word's start offset in it."""
    text, starts = "", []
    for word in words:
        if text:
            text += " "
        starts.append(len(text))
        text += values.normalise(word.text)
    return text, starts


def _words_from(words: tuple[Word, ...], offset: int) -> tuple[str, float]:
    """Text and minimum confidence of the words at and after a character offset."""
    text, starts = _row_text(words)
    taken = [w for w, start in zip(words, starts, strict=True) if start + len(w.text) > offset]
    remainder = text[offset:].lstrip(" :.")
    confidence = min((w.confidence for w in taken), default=0.0)
    return remainder, confidence


def canonical(name: str, raw: str) -> str | None:
    """The canonical text of a field read as ``raw``; None where it does not parse."""
    base = name.rsplit(".", 1)[-1]
    if base in ("issue_date", "expiry_date"):
        day = values.parse_date(raw)
        return day.isoformat() if day else None
    if base in ("origin_country", "issuing_country"):
        return values.parse_country(raw)
    if base in ("total_value", "value", "net_mass_kg", "gross_mass_kg"):
        number = values.parse_number(raw)
        return values.format_number(number) if number is not None else None
    if base == "sequence":
        number = values.parse_number(raw)
        return str(int(number)) if number is not None and number == int(number) else None
    if base == "hs_code":
        return values.parse_hs(raw)
    if base in ("document_number", "transport_reference"):
        return _identifier(raw)
    text = values.normalise(raw)
    return text or None


def _identifier(raw: str) -> str | None:
    """A document number: no spaces, lookalike letters read as digits once digits began."""
    compact = re.sub(r"\s+", "", values.normalise(raw)).strip(".:")
    first_digit = next((i for i, ch in enumerate(compact) if ch.isdigit()), None)
    if first_digit is None:
        return compact or None
    head, tail = compact[:first_digit], compact[first_digit:]
    tail = re.sub(r"[OoDQ]", "0", re.sub(r"[lI|i]", "1", tail))
    return head.upper() + tail


def _field(name: str, raw: str, confidence: float) -> ExtractedField:
    value = canonical(name, raw)
    review = value is None or confidence < REVIEW_BELOW
    return ExtractedField(name, value, raw.strip(), confidence, review)


def _table_header(rows: list[Row], doc_type: DocumentType) -> tuple[int, dict[str, float]] | None:
    """Index of the goods-table header row and the left edge of each column found in it."""
    wanted = ITEM_COLUMNS[doc_type]
    best: tuple[int, dict[str, float]] | None = None
    for index, row in enumerate(rows):
        text, starts = _row_text(row.words)
        lefts: dict[str, float] = {}
        for column in wanted:
            labels = [label for ls in COLUMN_LABELS[column].values() for label in ls]
            for label in sorted(labels, key=len, reverse=True):
                match = label_pattern(label).search(text)
                if match:
                    lefts[column] = _position(row.words, starts, match.start())
                    break
        if len(lefts) >= max(2, len(wanted) - 1) and (best is None or len(lefts) > len(best[1])):
            best = (index, lefts)
    return best


def _position(words: tuple[Word, ...], starts: list[int], offset: int) -> float:
    """The x of a character offset in a row's text, within its word by proportion: two column
    labels read as one word ('序号品名') still get their own edges."""
    index = max(i for i, start in enumerate(starts) if start <= offset)
    word = words[index]
    share = (offset - starts[index]) / max(len(word.text), 1)
    return word.left + share * (word.right - word.left)


def _column_of(word: Word, lefts: list[tuple[float, str]]) -> str:
    slack = 0.6 * word.height
    column = lefts[0][1]
    for left, name in lefts:
        if word.left + slack >= left:
            column = name
    return column


NUMERIC_COLUMNS = ("hs_code", "quantity", "net_mass_kg", "gross_mass_kg", "value")


def _is_item_row(cells: dict[str, list[Word]]) -> bool:
    """A goods row has its sequence number, or (where OCR lost it) two numeric cells that parse;
    the first row without either ends the table (a signature line, a total)."""

    def parses(column: str) -> bool:
        raw = " ".join(w.text for w in cells.get(column, []))
        return bool(raw) and canonical(column, raw) is not None

    if parses("sequence"):
        return True
    return sum(parses(column) for column in NUMERIC_COLUMNS) >= 2


def _items(rows: list[Row], header: int, lefts: dict[str, float]) -> dict[str, ExtractedField]:
    ordered = sorted((left, name) for name, left in lefts.items())
    fields: dict[str, ExtractedField] = {}
    for index, row in enumerate(rows[header + 1 :]):
        cells: dict[str, list[Word]] = {}
        for word in row.words:
            cells.setdefault(_column_of(word, ordered), []).append(word)
        if not _is_item_row(cells):
            break
        for column, words in cells.items():
            raw = " ".join(w.text for w in words)
            confidence = min(w.confidence for w in words)
            if column == "quantity":
                number, unit = values.parse_quantity(raw)
                quantity = values.format_number(number) if number is not None else None
                for name, value in ((f"items.{index}.quantity", quantity),
                                    (f"items.{index}.quantity_unit", unit)):  # fmt: skip
                    review = value is None or confidence < REVIEW_BELOW
                    fields[name] = ExtractedField(name, value, raw, confidence, review)
            else:
                name = f"items.{index}.{column}"
                fields[name] = _field(name, raw, confidence)
        _infer_sequence(fields, index)
    return fields


def _infer_sequence(fields: dict[str, ExtractedField], index: int) -> None:
    """A goods row whose number OCR lost is numbered after the row above, for review: the
    number is what pairs the row with the declaration's goods item."""
    name = f"items.{index}.sequence"
    if fields.get(name) and fields[name].value is not None:
        return
    above = fields.get(f"items.{index - 1}.sequence")
    previous = int(above.value) if above and above.value else index
    fields[name] = ExtractedField(name, str(previous + 1), "", INFERRED_CONFIDENCE, True)


def _header(rows: list[Row], doc_type: DocumentType) -> dict[str, ExtractedField]:
    pairs = _labels(doc_type, HEADER_FIELDS[doc_type])
    fields: dict[str, ExtractedField] = {}
    segments = [(r, segment) for r, row in enumerate(rows) for segment in row.segments()]
    used: set[int] = set()
    for position, (row_index, segment) in enumerate(segments):
        if position in used:
            continue
        text, _ = _row_text(segment.words)
        for name, label in pairs:
            match = label_pattern(label).match(text)
            if not match or name in fields or text[match.end() : match.end() + 1].isalpha():
                # a label runs into a letter: a title ('原产地证书') or a word, not 'Origin:'
                continue
            raw, confidence = _words_from(segment.words, match.end())
            if not raw:
                follower = _value_segment(segments, position, row_index, segment)
                if follower is None:
                    continue
                used.add(follower)
                raw = " ".join(w.text for w in segments[follower][1].words)
                confidence = min(w.confidence for w in segments[follower][1].words)
            if name == "total_value":
                currency = values.parse_currency(raw)
                fields["currency"] = ExtractedField(
                    "currency", currency, raw, confidence, currency is None
                )
            fields[name] = _field(name, raw, confidence)
            break
    return fields


def _value_segment(segments, position: int, row_index: int, label: Row) -> int | None:
    """The segment holding a label's value: next on the same row, else the first segment on the
    next row that starts under the label."""
    for later in range(position + 1, min(position + 4, len(segments))):
        other_row, segment = segments[later]
        if other_row == row_index:
            return later
        if other_row == row_index + 1:
            start = segment.words[0].left
            if label.words[0].left - 2 * label.height <= start <= label.words[-1].right:
                return later
    return None


def extract(rows: list[Row], doc_type: DocumentType) -> dict[str, ExtractedField]:
    """Header fields and goods items of a page of a known type."""
    if doc_type not in HEADER_FIELDS:
        return {}
    table = _table_header(rows, doc_type)
    header_rows = rows[: table[0]] if table else rows
    fields = _header(header_rows, doc_type)
    if table:
        fields.update(_items(rows, *table))
    return fields
