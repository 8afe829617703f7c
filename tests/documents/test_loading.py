"""Bad input gives a clear ReadError or a bounded partial result, never a hang or a crash."""

import io
import struct
import zlib

import pytest
from PIL import Image

from smartcustoms.documents.loading import MAX_PIXELS, load
from smartcustoms.documents.reading import read_bytes
from smartcustoms.errors import ReadError
from tests.documents.pdfs import blank_pdf, encrypted_pdf, text_pdf


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size in its header; the pixel data is never reached."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def _png(size=(60, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_zero_byte_file():
    with pytest.raises(ReadError, match="empty"):
        load(b"", "empty.png")


def test_unknown_content():
    with pytest.raises(ReadError, match="not a PDF, PNG, JPEG or TIFF"):
        load(b"hello, this is text", "notes.png")


def test_truncated_png_is_damaged():
    data = _png((400, 300))
    with pytest.raises(ReadError, match="damaged"):
        load(data[: len(data) // 2], "cut.png")


def test_corrupt_jpeg_is_damaged():
    with pytest.raises(ReadError, match="damaged"):
        load(b"\xff\xd8\xff\xe0" + b"\x13" * 200, "noise.jpg")


@pytest.mark.parametrize("side", [7_000, 60_000])
def test_image_bomb_refused_before_decoding(side):
    assert side * side > MAX_PIXELS
    with pytest.raises(ReadError, match=r"too large|over the limit"):
        load(_png_header(side, side), "bomb.png")


def test_password_protected_pdf():
    with pytest.raises(ReadError, match="password-protected"):
        load(encrypted_pdf(), "locked.pdf")


def test_damaged_pdf():
    with pytest.raises(ReadError, match="PDF is damaged"):
        load(b"%PDF-1.4\n garbage without objects", "broken.pdf")


def test_long_pdf_is_read_up_to_the_limit_and_says_what_was_skipped():
    buffer = io.BytesIO()
    pages = [Image.new("L", (40, 40), 255) for _ in range(200)]
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:])
    reading = read_bytes(buffer.getvalue(), "long.pdf", max_pages=3)
    assert reading.pages_read == 3
    assert reading.page_count == 200
    assert reading.skipped == ["pages 4-200 of 200 not read (limit 3 pages)"]


def test_multi_page_tiff_gives_one_page_per_frame():
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (50, 50), c) for c in ("white", "grey")]
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    loaded = load(buffer.getvalue(), "two.tiff")
    assert [p.number for p in loaded.pages] == [1, 2]
    assert loaded.format == "tiff"


def test_pdf_text_layer_is_used_without_ocr():
    data = text_pdf(
        [
            "COMMERCIAL INVOICE",
            "Invoice No.: INV-4471",
            "Date of Issue: 2026-10-05",
            "Consignee: Shanghai Foods Co",
            "Total Amount: USD 15,000.00",
        ]
    )
    reading = read_bytes(data, "invoice.pdf")
    assert reading.type.value == "commercial_invoice"
    assert reading.value("document_number") == "INV-4471"
    assert reading.value("issue_date") == "2026-10-05"
    assert reading.value("consignee") == "Shanghai Foods Co"
    assert (reading.value("total_value"), reading.value("currency")) == ("15000", "USD")
    assert reading.fields["consignee"].confidence == 1.0


def test_long_tiff_is_cut_at_the_page_limit():
    buffer = io.BytesIO()
    frames = [Image.new("L", (20, 20), 255) for _ in range(30)]
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    loaded = load(buffer.getvalue(), "long.tiff", max_pages=4)
    assert len(loaded.pages) == 4 and loaded.page_count == 30
    assert loaded.skipped == ["pages 5-30 of 30 not read (limit 4 pages)"]


def test_huge_pdf_page_is_not_rasterised():
    with pytest.raises(ReadError, match="over the limit"):
        load(blank_pdf(width=14_400, height=14_400), "poster.pdf")
