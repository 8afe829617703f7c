"""From OCR boxes to reading order: the page is deskewed from the boxes' own slope, boxes are
split into words with estimated positions, and words are grouped into rows and segments.

Working on words rather than OCR boxes makes the next steps indifferent to whether the reader
merged a label and its value (or two table cells) into one box or kept them apart.
"""

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from smartcustoms.documents.ocr import TextBox

SEGMENT_GAP = 1.6
"""A horizontal gap wider than this many text heights separates two segments of a row."""


@dataclass(frozen=True, slots=True)
class Word:
    """One word (or run of CJK text) with its position on the deskewed page."""

    text: str
    confidence: float
    left: float
    right: float
    middle_y: float
    height: float

    @property
    def centre_x(self) -> float:
        return (self.left + self.right) / 2


@dataclass(frozen=True, slots=True)
class Row:
    """Words on one text line, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def middle_y(self) -> float:
        return statistics.fmean(w.middle_y for w in self.words)

    @property
    def height(self) -> float:
        return statistics.median(w.height for w in self.words)

    def segments(self) -> list["Row"]:
        """The row cut at wide gaps: a two-column form gives two segments."""
        groups: list[list[Word]] = [[self.words[0]]]
        for previous, word in zip(self.words, self.words[1:], strict=False):
            if word.left - previous.right > SEGMENT_GAP * self.height:
                groups.append([])
            groups[-1].append(word)
        return [Row(tuple(group)) for group in groups]


def skew_angle(boxes: Sequence[TextBox]) -> float:
    """The page's rotation in radians, the median slope of the top edges of long boxes."""
    slopes = []
    for box in boxes:
        (x0, y0), (x1, y1) = box.corners[0], box.corners[1]
        height = box.bottom - box.top
        if x1 - x0 > 3 * max(height, 1.0):
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(slopes) if slopes else 0.0


def _words(box: TextBox, cos_a: float, sin_a: float) -> list[Word]:
    corners = [(x * cos_a + y * sin_a, -x * sin_a + y * cos_a) for x, y in box.corners]
    left = min(x for x, _ in corners)
    right = max(x for x, _ in corners)
    top = min(y for _, y in corners)
    bottom = max(y for _, y in corners)
    text = box.text.strip()
    words = []
    width_per_char = (right - left) / max(len(text), 1)
    for match in re.finditer(r"\S+", text):
        words.append(
            Word(
                match.group(),
                box.confidence,
                left + match.start() * width_per_char,
                left + match.end() * width_per_char,
                (top + bottom) / 2,
                bottom - top,
            )
        )
    return words


def rows_of(boxes: Sequence[TextBox]) -> list[Row]:
    """Rows of words, top to bottom, on the page turned back by its skew angle."""
    angle = skew_angle(boxes)
    cos_a, sin_a = math.cos(angle), math.sin(angle)
    words = [word for box in boxes for word in _words(box, cos_a, sin_a)]
    if not words:
        return []
    words.sort(key=lambda w: w.middle_y)
    rows: list[list[Word]] = []
    for word in words:
        if rows:
            current = rows[-1]
            centre = statistics.fmean(w.middle_y for w in current)
            height = statistics.median(w.height for w in current)
            if abs(word.middle_y - centre) < 0.5 * max(height, word.height):
                current.append(word)
                continue
        rows.append([word])
    return [Row(tuple(sorted(row, key=lambda w: w.left))) for row in rows]
