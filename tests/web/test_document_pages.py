"""An uploaded document is read and checked against its declaration; officers see what it
found on the declaration page, and the API returns the same report."""

import io
import json

import numpy as np
import pytest

from smartcustoms.declarations.schema import DocumentType
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.lab.documents.content import document_fields
from smartcustoms.lab.documents.rendering import Style, render_page
from smartcustoms.lab.documents.testset import plant
from tests.web.conftest import csrf_of


def invoice_png(example: dict, planted: str | None) -> bytes:
    declaration = parse_declaration(example)
    rng = np.random.default_rng(5)
    fields = document_fields(declaration, DocumentType.COMMERCIAL_INVOICE, rng)
    if planted:
        fields, _ = plant(fields, planted, declaration.lodged_at.date(), rng)
    page, _ = render_page(DocumentType.COMMERCIAL_INVOICE, fields, Style.draw(rng, "en", None))
    buffer = io.BytesIO()
    page.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.slow
def test_an_invoice_with_another_value_is_a_finding_on_the_officers_page(portal, example):
    broker = portal.client("broker")
    csrf = csrf_of(broker.get("/lodge").text)
    body = json.dumps(example).encode()
    broker.post("/lodge/file", data={"csrf": csrf}, files={"file": ("d.json", body, "x")})
    url = f"/declarations/{example['declaration_id']}"
    files = {"file": ("invoice.png", invoice_png(example, "value"), "image/png")}
    broker.post(f"{url}/documents", data={"csrf": csrf}, files=files)

    page = portal.client("officer").get(url).text
    documents = page.split('id="documents"')[1].split("</ul>\n")[0]
    assert "read as <strong>commercial invoice</strong>" in documents
    assert "value mismatch" in documents and "declared 15000" in documents.replace(",", "")

    faithful = {"file": ("invoice-2.png", invoice_png(example, None), "image/png")}
    broker.post(f"{url}/documents", data={"csrf": csrf}, files=faithful)
    headers = {"Authorization": f"Bearer {portal.tokens['broker']}"}
    reports = [d["report"] for d in broker.get(f"/api/v1{url}/documents", headers=headers).json()]
    assert [r["findings"] == [] for r in reports] == [False, True]
    assert reports[1]["reading"]["type"] == "commercial_invoice"
