"""Reads a document file: pages, OCR (rapidocr, with Tesseract as second reader for fields that
need review), document type and fields."""

from dataclasses import dataclass, field, replace
from pathlib import Path

from smartcustoms.declarations.schema import DocumentType
from smartcustoms.documents.extraction import REVIEW_BELOW, ExtractedField, extract
from smartcustoms.documents.layout import Row, rows_of
from smartcustoms.documents.loading import MAX_PAGES, LoadedDocument, load
from smartcustoms.documents.ocr import Engine, OcrUnavailableError, read_page
from smartcustoms.documents.recognition import recognise
from smartcustoms.errors import ReadError

PAGE_GAP = 10_000.0
"""Vertical offset between pages when their rows are laid end to end."""


@dataclass(frozen=True, slots=True)
class DocumentReading:
    """What was read from one document file."""

    source: str
    type: DocumentType
    type_confidence: float
    fields: dict[str, ExtractedField]
    pages_read: int
    page_count: int
    engine: str
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        """The canonical value of a field, None where absent or unparsed."""
        found = self.fields.get(name)
        return found.value if found else None

    @property
    def needs_review(self) -> list[str]:
        """Names of fields a person should confirm."""
        return [name for name, f in self.fields.items() if f.needs_review]

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of the CLI and the API."""
        return {
            "source": self.source,
            "type": self.type.value,
            "type_confidence": round(self.type_confidence, 3),
            "pages_read": self.pages_read,
            "page_count": self.page_count,
            "engine": self.engine,
            "skipped": self.skipped,
            "notes": self.notes,
            "needs_review": self.needs_review,
            "fields": {name: f.as_dict() for name, f in sorted(self.fields.items())},
        }


def _page_rows(loaded: LoadedDocument, engine: Engine) -> list[Row]:
    rows: list[Row] = []
    for page in loaded.pages:
        boxes = page.text_boxes if page.text_boxes is not None else read_page(page.image, engine)
        for row in rows_of(boxes):
            rows.append(row if not rows else _shifted(row, page.number * PAGE_GAP))
    return rows


def _shifted(row: Row, offset: float) -> Row:
    return Row(tuple(replace(w, middle_y=w.middle_y + offset) for w in row.words))


def _confirmed(
    first: dict[str, ExtractedField], second: dict[str, ExtractedField]
) -> dict[str, ExtractedField]:
    """Fields needing review that the second reader read the same way are confirmed; where the
    first reader got nothing, the second reader's value is taken, still for review. Goods rows
    come from the first reader's table only: a row it did not see is not invented."""
    merged = dict(first)
    for name, other in second.items():
        mine = first.get(name)
        if other.value is None or (mine is None and name.startswith("items.")):
            continue
        if mine is None or mine.value is None:
            merged[name] = replace(other, needs_review=True)
        elif mine.needs_review and mine.value == other.value:
            confidence = max(mine.confidence, other.confidence, REVIEW_BELOW)
            merged[name] = replace(mine, confidence=confidence, needs_review=False)
    return merged


def read_loaded(
    loaded: LoadedDocument, source: str, *, engine: Engine = "rapidocr", second_reader: bool = True
) -> DocumentReading:
    """Type and fields of a loaded document."""
    rows = _page_rows(loaded, engine)
    recognition = recognise(rows)
    fields = extract(rows, recognition.type)
    notes: list[str] = []
    images = [p for p in loaded.pages if p.image is not None]
    if (
        second_reader
        and engine == "rapidocr"
        and images
        and any(f.needs_review for f in fields.values())
    ):
        try:
            second = extract(_page_rows(loaded, "tesseract"), recognition.type)
            fields = _confirmed(fields, second)
            notes.append("fields needing review were read again by tesseract")
        except OcrUnavailableError as exc:
            notes.append(f"second reader unavailable: {exc}")
    if recognition.type == DocumentType.OTHER:
        notes.append("document type not recognised: no known title or keyword found")
    return DocumentReading(
        source=source,
        type=recognition.type,
        type_confidence=recognition.confidence,
        fields=fields,
        pages_read=len(loaded.pages),
        page_count=loaded.page_count,
        engine=engine,
        skipped=loaded.skipped,
        notes=notes,
    )


def read_bytes(
    data: bytes,
    source: str = "upload",
    *,
    engine: Engine = "rapidocr",
    second_reader: bool = True,
    max_pages: int = MAX_PAGES,
) -> DocumentReading:
    """Reads a document held in memory (an upload)."""
    loaded = load(data, source, max_pages=max_pages)
    return read_loaded(loaded, source, engine=engine, second_reader=second_reader)


def read_file(
    path: Path, *, engine: Engine = "rapidocr", second_reader: bool = True
) -> DocumentReading:
    """Reads a document file; ReadError where the file is missing or unreadable."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(str(path), "", f"cannot open the file: {exc.strerror}") from exc
    return read_bytes(data, str(path), engine=engine, second_reader=second_reader)
