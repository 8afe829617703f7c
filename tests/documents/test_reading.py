"""Rendered pages read back by OCR: the few pages here cover each variant and both languages;
the full evaluation is `smartcustoms evaluate documents`."""

import io

import numpy as np
import pytest
from PIL import Image

from smartcustoms.declarations.schema import DocumentType
from smartcustoms.declarations.validation import validate_declaration
from smartcustoms.documents.check import check_document_bytes, check_reading
from smartcustoms.documents.ocr import even_lighting, read_tesseract
from smartcustoms.documents.reading import read_bytes
from smartcustoms.documents.values import comparable
from smartcustoms.lab.documents.content import document_fields
from smartcustoms.lab.documents.degradation import degrade
from smartcustoms.lab.documents.rendering import Style, render_page
from smartcustoms.lab.documents.testset import plant


@pytest.fixture(scope="module")
def declaration():
    from smartcustoms.declarations.examples import example_declaration

    found, errors = validate_declaration(example_declaration())
    assert not errors
    return found


def page_bytes(declaration, doc_type, language, variant, seed, planted_kind=None):
    rng = np.random.default_rng(seed)
    fields = document_fields(declaration, doc_type, rng)
    if planted_kind:
        fields, _ = plant(fields, planted_kind, declaration.lodged_at.date(), rng)
    page, printed = render_page(doc_type, fields, Style.draw(rng, language, doc_type))
    image = degrade(page, variant, rng)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG" if variant == "clean" else "JPEG")
    return buffer.getvalue(), printed


def share_read(reading, truth):
    hits = sum(comparable(reading.value(k) or "-") == comparable(v) for k, v in truth.items())
    return hits / len(truth)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("doc_type", "language", "variant", "least"),
    [
        (DocumentType.COMMERCIAL_INVOICE, "en", "clean", 1.0),
        (DocumentType.PHYTOSANITARY_CERTIFICATE, "zh", "scanned", 0.9),
        (DocumentType.CERTIFICATE_OF_ORIGIN, "en", "photographed", 0.85),
    ],
)
def test_rendered_page_reads_back(declaration, doc_type, language, variant, least):
    data, truth = page_bytes(declaration, doc_type, language, variant, seed=11)
    reading = read_bytes(data, f"{doc_type.value}.img")
    assert reading.type == doc_type
    assert share_read(reading, truth) >= least
    assert check_reading(reading, declaration) == []


@pytest.mark.slow
def test_planted_mismatch_is_found_on_a_scan(declaration):
    data, truth = page_bytes(
        declaration, DocumentType.CERTIFICATE_OF_ORIGIN, "en", "scanned", seed=5,
        planted_kind="origin",
    )  # fmt: skip
    report = check_document_bytes(data, declaration, source="co.jpg")
    (finding,) = [f for f in report.findings if f.code == "origin_mismatch"]
    assert finding.document_value == truth["origin_country"] != "BR"
    assert finding.declared_value == "BR"


@pytest.mark.slow
def test_tesseract_reads_english_after_evening_the_light(declaration):
    data, _ = page_bytes(declaration, DocumentType.COMMERCIAL_INVOICE, "en", "photographed", 3)
    page = Image.open(io.BytesIO(data))

    def paper_brightness_spread(image):
        pixels = np.asarray(image.convert("L"), dtype=np.float32)
        height, width = pixels.shape
        inside = pixels[height // 10 : -height // 10, width // 10 : -width // 10]
        return np.percentile(inside, 90, axis=1).std()

    # the light no longer falls off across the page
    assert paper_brightness_spread(even_lighting(page)) < paper_brightness_spread(page) / 4
    words = " ".join(box.text for box in read_tesseract(page))
    assert "INVOICE" in words
    assert "15,000.00" in words
