"""The two OCR readers behind one shape: a page image in, text boxes with confidences out.

rapidocr (PP-OCR models shipped in its wheel, Chinese and English) is the primary reader;
Tesseract (Debian package, English) is the independent second reader. Both run on one thread so
that a worker's throughput is predictable and several workers share a machine fairly.
"""

import csv
import io
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from smartcustoms.errors import SmartCustomsError

Engine = Literal["rapidocr", "tesseract"]
ENGINES: tuple[Engine, ...] = ("rapidocr", "tesseract")
TESSERACT_TIMEOUT_S = 60


class OcrUnavailableError(SmartCustomsError):
    """An OCR engine is not installed; the message says how to install it."""


@dataclass(frozen=True, slots=True)
class TextBox:
    """One run of text on a page with its OCR confidence (0..1) and its quadrilateral corners
    (clockwise from top left), so a slightly rotated scan keeps its geometry."""

    text: str
    confidence: float
    corners: tuple[tuple[float, float], ...]

    @property
    def left(self) -> float:
        return min(x for x, _ in self.corners)

    @property
    def right(self) -> float:
        return max(x for x, _ in self.corners)

    @property
    def top(self) -> float:
        return min(y for _, y in self.corners)

    @property
    def bottom(self) -> float:
        return max(y for _, y in self.corners)


def rectangle(text: str, confidence: float, left: float, top: float, right: float, bottom: float):
    """A TextBox from an axis-aligned rectangle (Tesseract words, PDF text runs)."""
    corners = ((left, top), (right, top), (right, bottom), (left, bottom))
    return TextBox(text, confidence, corners)


@cache
def _rapidocr_engine():
    from rapidocr import RapidOCR

    return RapidOCR(
        params={
            "Global.log_level": "error",
            # slight rotation is handled by the layout step; the angle classifier only costs time
            "Global.use_cls": False,
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            # detection at 1280 px on the long side keeps 12 px text and halves detection time
            "Det.limit_type": "max",
            "Det.limit_side_len": 1280,
        }
    )


def read_rapidocr(image: Image.Image) -> list[TextBox]:
    """Text boxes of a page by rapidocr."""
    result = _rapidocr_engine()(np.asarray(image.convert("RGB")))
    if result.boxes is None:
        return []
    return [
        TextBox(text, float(score), tuple((float(x), float(y)) for x, y in box))
        for text, score, box in zip(result.txts, result.scores, result.boxes, strict=True)
    ]


def even_lighting(image: Image.Image) -> Image.Image:
    """Greyscale page with uneven light flattened: divide by a heavily blurred copy (the light),
    then stretch contrast. Photographed pages then threshold like scans."""
    grey = image.convert("L")
    small = grey.reduce(8) if min(grey.size) > 400 else grey
    light = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(8))
    light = light.resize(grey.size, Image.Resampling.BILINEAR)
    page = np.asarray(grey, dtype=np.float32)
    background = np.maximum(np.asarray(light, dtype=np.float32), 1.0)
    flat = np.clip(page / background * 255.0, 0, 255).astype(np.uint8)
    return ImageOps.autocontrast(Image.fromarray(flat), cutoff=1)


def read_tesseract(image: Image.Image, languages: Sequence[str] = ("eng",)) -> list[TextBox]:
    """Word boxes of a page by Tesseract (--psm 6: one uniform block), after even_lighting."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrUnavailableError(
            "tesseract is not installed; install the Debian package tesseract-ocr"
        )
    buffer = io.BytesIO()
    even_lighting(image).save(buffer, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [binary, "stdin", "stdout", "--psm", "6", "-l", "+".join(languages), "tsv"]
    try:
        done = subprocess.run(
            command,
            input=buffer.getvalue(),
            capture_output=True,
            env=env,
            timeout=TESSERACT_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrUnavailableError(f"tesseract took over {TESSERACT_TIMEOUT_S} s on a page") from exc
    if done.returncode != 0:
        raise OcrUnavailableError(f"tesseract failed: {done.stderr.decode(errors='replace')[:200]}")
    rows = csv.DictReader(io.StringIO(done.stdout.decode()), delimiter="\t", quoting=csv.QUOTE_NONE)
    boxes = []
    for row in rows:
        text = (row.get("text") or "").strip()
        if not text or float(row["conf"]) < 0:
            continue
        left, top = float(row["left"]), float(row["top"])
        right, bottom = left + float(row["width"]), top + float(row["height"])
        boxes.append(rectangle(text, float(row["conf"]) / 100.0, left, top, right, bottom))
    return boxes


def read_page(image: Image.Image, engine: Engine = "rapidocr") -> list[TextBox]:
    """Text boxes of one page image by the named engine."""
    if engine == "rapidocr":
        return read_rapidocr(image)
    return read_tesseract(image)
