from datetime import date

import pytest

from smartcustoms.declarations.schema import DocumentType
from smartcustoms.declarations.validation import validate_declaration
from smartcustoms.documents.check import Tolerances, check_documents, check_reading
from smartcustoms.documents.extraction import ExtractedField
from smartcustoms.documents.reading import DocumentReading


@pytest.fixture
def declaration(example):
    """The README example: 1,200 kg of Brazilian coffee (0901.21) for USD 15,000, lodged
    2026-11-20, imported by Shanghai Foods Co."""
    found, errors = validate_declaration(example)
    assert not errors
    return found


def reading(doc_type: DocumentType, review: tuple[str, ...] = (), **values: str):
    fields = {
        name.replace("__", "."): ExtractedField(
            name.replace("__", "."), value, value, 0.5 if name in review else 0.99, name in review
        )
        for name, value in values.items()
    }
    return DocumentReading("test", doc_type, 1.0, fields, 1, 1, "rapidocr")


def codes(findings):
    return sorted(f.code for f in findings)


def invoice(**changes: str):
    values = {
        "consignee": "Shanghai Foods Co",
        "currency": "USD",
        "total_value": "15000",
        "items__0__sequence": "1",
        "items__0__hs_code": "090121",
        "items__0__quantity": "1200",
        "items__0__quantity_unit": "KGM",
        "items__0__value": "15000",
    }
    return reading(DocumentType.COMMERCIAL_INVOICE, **{**values, **changes})


def test_a_faithful_invoice_has_no_findings(declaration):
    assert check_reading(invoice(), declaration) == []


def test_value_within_tolerance_passes_and_beyond_is_a_finding_with_both_values(declaration):
    assert check_reading(invoice(items__0__value="15100", total_value="15100"), declaration) == []
    findings = check_reading(invoice(items__0__value="19500"), declaration)
    assert codes(findings) == ["value_mismatch"]
    assert (findings[0].document_value, findings[0].declared_value) == ("19500", "15000")
    assert findings[0].pointer == "goods_items[0].value"


def test_quantity_and_unit(declaration):
    findings = check_reading(
        invoice(items__0__quantity="2000", items__0__quantity_unit="PCE"), declaration
    )
    assert codes(findings) == ["quantity_mismatch", "quantity_unit_mismatch"]


def test_hs_codes_compared_at_four_and_six_digits(declaration):
    assert codes(check_reading(invoice(items__0__hs_code="090122"), declaration)) == [
        "hs_subheading_mismatch"
    ]
    assert codes(check_reading(invoice(items__0__hs_code="210111"), declaration)) == [
        "hs_heading_mismatch"
    ]
    assert check_reading(invoice(items__0__hs_code="09012100"), declaration) == []


def test_consignee_fuzzy_against_the_importer(declaration):
    assert check_reading(invoice(consignee="SHANGHAI FOODS CO., LTD"), declaration) == []
    assert check_reading(invoice(consignee="Shanghal Foods Co"), declaration) == []
    findings = check_reading(invoice(consignee="Golden Harbour Imports Ltd"), declaration)
    assert codes(findings) == ["consignee_mismatch"]
    assert findings[0].declared_value == "Shanghai Foods Co"


def test_origin(declaration):
    doc = reading(DocumentType.CERTIFICATE_OF_ORIGIN, origin_country="VN", issue_date="2026-11-01")
    assert codes(check_reading(doc, declaration)) == ["origin_mismatch"]


def test_certificate_dates_against_the_shipment(declaration):
    fine = reading(
        DocumentType.PHYTOSANITARY_CERTIFICATE, issue_date="2026-11-01", expiry_date="2026-12-31"
    )
    assert check_reading(fine, declaration) == []
    late = reading(DocumentType.PHYTOSANITARY_CERTIFICATE, issue_date="2026-11-25")
    assert codes(check_reading(late, declaration)) == ["issued_after_shipment"]
    old = reading(
        DocumentType.PHYTOSANITARY_CERTIFICATE, issue_date="2026-06-01", expiry_date="2026-08-01"
    )
    assert codes(check_reading(old, declaration)) == ["certificate_expired"]
    assert check_reading(old, declaration, shipment=date(2026, 7, 1)) == []


def test_invoice_dates_are_not_certificate_dates(declaration):
    assert check_reading(invoice(issue_date="2026-12-01"), declaration) == []


def test_required_certificate_missing(declaration):
    findings = check_documents(
        [invoice()],
        declaration,
        required=[DocumentType.COMMERCIAL_INVOICE, DocumentType.PHYTOSANITARY_CERTIFICATE],
    )
    assert codes(findings) == ["required_document_missing"]
    assert findings[0].declared_value == "phytosanitary_certificate"


def test_finding_from_a_field_needing_review_is_marked_uncertain(declaration):
    doc = invoice(items__0__value="19500", review=("items__0__value",))
    (finding,) = check_reading(doc, declaration)
    assert finding.uncertain


def test_tolerances_are_arguments(declaration):
    doc = invoice(items__0__value="15600", total_value="15600")
    assert codes(check_reading(doc, declaration)) == ["total_value_mismatch", "value_mismatch"]
    assert check_reading(doc, declaration, tolerances=Tolerances(value_relative=0.05)) == []
