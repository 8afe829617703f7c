"""Text boxes as an OCR reader would return them, placed on a grid, for tests that need no OCR."""

from smartcustoms.documents.layout import Row, rows_of
from smartcustoms.documents.ocr import TextBox, rectangle

CHAR_WIDTH = 12
LINE_HEIGHT = 40


def box(text: str, x: float, line: int, confidence: float = 0.99) -> TextBox:
    """A box of text starting at x on the given line number."""
    top = 100 + line * LINE_HEIGHT
    return rectangle(text, confidence, x, top, x + CHAR_WIDTH * len(text), top + 24)


def rows(*lines: list[tuple[str, float] | tuple[str, float, float]]) -> list[Row]:
    """Rows from lines of (text, x[, confidence]) cells."""
    boxes = [box(cell[0], cell[1], n, *cell[2:]) for n, line in enumerate(lines) for cell in line]
    return rows_of(boxes)
