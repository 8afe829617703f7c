"""Turns a file's bytes into pages the reader can work on, within firm limits.

Images (PNG, JPEG, TIFF) become one page per frame; PDF pages give their text layer where they
have one and are rasterised where they do not. Zero-byte and corrupt files, password-protected
PDFs and decompression bombs raise ReadError with a message a person can act on; a document
longer than the page limit is read up to the limit and says which pages it skipped.
"""

import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field

from PIL import Image, ImageSequence, UnidentifiedImageError

from smartcustoms.documents.ocr import TextBox, rectangle
from smartcustoms.errors import ReadError

MAX_PAGES = 10
"""Pages read from one document; a customs document is rarely longer, a PDF bomb is."""
MAX_PIXELS = 40_000_000
"""Pixels of one page image: an A4 page at 600 dpi is 35 Mpx; a decompression bomb is more."""
MAX_BYTES = 50_000_000
PDF_DPI = 150
MIN_TEXT_LAYER_CHARS = 20
"""A PDF page with fewer characters in its text layer is a scan and is rasterised."""

_SIGNATURES = {
    b"%PDF": "pdf",
    b"\x89PNG": "png",
    b"\xff\xd8\xff": "jpeg",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
}


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its image (to be read by OCR) or the text boxes of its PDF text layer."""

    number: int
    image: Image.Image | None = None
    text_boxes: tuple[TextBox, ...] | None = None


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """The pages read and, for an over-long document, a note of what was skipped."""

    format: str
    pages: list[Page]
    page_count: int
    skipped: list[str] = field(default_factory=list)


def detect_format(data: bytes) -> str | None:
    """'pdf', 'png', 'jpeg' or 'tiff' from the file's first bytes; None for anything else."""
    start = data.lstrip()[:8] if data[:1].isspace() else data[:8]
    return next((kind for sig, kind in _SIGNATURES.items() if start.startswith(sig)), None)


def load(data: bytes, name: str, *, max_pages: int = MAX_PAGES) -> LoadedDocument:
    """The pages of a document file held in memory."""
    if not data:
        raise ReadError(name, "", "the file is empty (0 bytes); upload the document again")
    if len(data) > MAX_BYTES:
        raise ReadError(name, "", f"the file is over {MAX_BYTES // 1_000_000} MB; split it")
    kind = detect_format(data)
    if kind is None:
        raise ReadError(
            name, "", "not a PDF, PNG, JPEG or TIFF file (unknown content); check the file"
        )
    if kind == "pdf":
        return _load_pdf(data, name, max_pages)
    return _load_image(data, name, kind, max_pages)


def _checked_size(width: int, height: int, name: str, position: str) -> None:
    if width * height > MAX_PIXELS:
        raise ReadError(
            name,
            position,
            f"the image is {width}x{height} pixels, over the limit of {MAX_PIXELS:,}; "
            "scan at 300 dpi or less",
        )


def _load_image(data: bytes, name: str, kind: str, max_pages: int) -> LoadedDocument:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            _checked_size(*image.size, name, "page 1")
            total = getattr(image, "n_frames", 1)
            pages = []
            # frames past the limit are counted from the header, never decoded
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                if number > max_pages:
                    break
                _checked_size(*frame.size, name, f"page {number}")
                pages.append(Page(number, image=frame.convert("RGB")))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ReadError(name, "", f"the image is too large to open safely: {exc}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ReadError(name, "", f"the {kind.upper()} image is damaged: {exc}") from exc
    return LoadedDocument(kind, pages, total, _skipped(total, max_pages))


def _skipped(total: int, max_pages: int) -> list[str]:
    if total <= max_pages:
        return []
    return [f"pages {max_pages + 1}-{total} of {total} not read (limit {max_pages} pages)"]


def _load_pdf(data: bytes, name: str, max_pages: int) -> LoadedDocument:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(
                name, "", "the PDF is password-protected; send it without a password"
            ) from exc
        raise ReadError(name, "", f"the PDF is damaged: {exc}") from exc
    try:
        total = len(pdf)
        pages = list(_pdf_pages(pdf, name, min(total, max_pages)))
    except pdfium.PdfiumError as exc:
        raise ReadError(name, "", f"the PDF is damaged: {exc}") from exc
    finally:
        pdf.close()
    if total == 0:
        raise ReadError(name, "", "the PDF has no pages")
    return LoadedDocument("pdf", pages, total, _skipped(total, max_pages))


def _pdf_pages(pdf, name: str, count: int) -> Iterator[Page]:
    scale = PDF_DPI / 72
    for index in range(count):
        page = pdf[index]
        width, height = page.get_size()
        text_page = page.get_textpage()
        boxes = []
        for rect in range(text_page.count_rects()):
            left, bottom, right, top = text_page.get_rect(rect)
            text = text_page.get_text_bounded(left, bottom, right, top).strip()
            if text:
                boxes.append(
                    rectangle(
                        text, 1.0, left * scale, (height - top) * scale, right * scale,
                        (height - bottom) * scale,
                    )
                )  # fmt: skip
        if sum(len(b.text) for b in boxes) >= MIN_TEXT_LAYER_CHARS:
            yield Page(index + 1, text_boxes=tuple(boxes))
            continue
        _checked_size(int(width * scale), int(height * scale), name, f"page {index + 1}")
        yield Page(index + 1, image=page.render(scale=scale).to_pil().convert("RGB"))
