import math

from smartcustoms.declarations.schema import DocumentType
from smartcustoms.documents.extraction import REVIEW_BELOW, extract
from smartcustoms.documents.layout import rows_of, skew_angle
from smartcustoms.documents.ocr import TextBox
from smartcustoms.documents.recognition import recognise
from tests.documents.boxes import rows

INVOICE = DocumentType.COMMERCIAL_INVOICE


def test_labels_tolerate_full_width_colon_missing_spaces_and_lookalikes():
    page = rows(
        [("COMMERCIAL INVOICE", 400)],
        [("lnvoiceNo.：INV-2O26-0l5", 80)],
        [("Date of lssue：", 80), ("2026年10月05日", 460)],
        [("Consignee:Shanghai Foods Co", 80)],
    )
    fields = extract(page, INVOICE)
    assert fields["document_number"].value == "INV-2026-015"
    assert fields["issue_date"].value == "2026-10-05"
    assert fields["consignee"].value == "Shanghai Foods Co"


def test_value_under_its_label_as_on_boxed_forms():
    page = rows(
        [("CERTIFICATE OF ORIGIN", 400)],
        [("Exporter:", 80)],
        [("Fazenda Boa Ltda", 100)],
        [("Country of Origin:", 80)],
        [("Brazil", 100)],
    )
    fields = extract(page, DocumentType.CERTIFICATE_OF_ORIGIN)
    assert fields["exporter"].value == "Fazenda Boa Ltda"
    assert fields["origin_country"].value == "BR"


def test_title_is_not_a_label():
    page = rows([("原产地证书", 400)], [("原产国：", 80), ("巴西", 460)])
    assert extract(page, DocumentType.CERTIFICATE_OF_ORIGIN)["origin_country"].value == "BR"


def test_low_confidence_goes_to_review_not_dropped():
    page = rows([("Consignee:", 80), ("Shangha1 F00ds", 460, REVIEW_BELOW - 0.2)])
    found = extract(page, INVOICE)["consignee"]
    assert found.value == "Shangha1 F00ds"
    assert found.needs_review
    assert found.confidence < REVIEW_BELOW


def test_unparsable_value_goes_to_review():
    found = extract(rows([("Date of Issue:", 80), ("smudged", 460)]), INVOICE)["issue_date"]
    assert found.value is None and found.raw == "smudged" and found.needs_review


def test_goods_table_by_columns_even_when_cells_merge():
    page = rows(
        [("No.", 80), ("Description of Goods", 150), ("HS Code", 600), ("Quantity", 780),
         ("Amount", 1000)],
        [("1", 80), ("Roasted coffee beans 0901.21", 350), ("1,200 KGM", 780),
         ("15,000.00", 1000)],
        [("2", 80), ("Green tea", 150), ("0902.10", 600), ("300KGM", 780), ("2,400.50", 1000)],
        [("Signature and stamp", 700)],
    )  # fmt: skip
    fields = extract(page, INVOICE)
    assert fields["items.0.description"].value == "Roasted coffee beans"
    assert fields["items.0.hs_code"].value == "090121"
    assert (fields["items.1.quantity"].value, fields["items.1.quantity_unit"].value) == (
        "300",
        "KGM",
    )
    assert fields["items.1.value"].value == "2400.5"
    assert not any(name.startswith("items.2.") for name in fields)


def test_chinese_column_labels_read_as_one_word_still_split():
    page = rows(
        [("序号品名", 80), ("商品编码", 600), ("数量", 780)],
        [("1", 80), ("咖啡豆", 150), ("0901.21", 600), ("1,200 KGM", 780)],
    )
    fields = extract(page, DocumentType.CERTIFICATE_OF_ORIGIN)
    assert fields["items.0.sequence"].value == "1"
    assert fields["items.0.description"].value == "咖啡豆"


def test_rows_follow_a_rotated_page():
    angle = math.radians(1.5)

    def turned(text, x, y):
        corners = [(x, y), (x + 300, y), (x + 300, y + 24), (x, y + 24)]
        return TextBox(
            text,
            0.99,
            tuple(
                (cx * math.cos(angle) - cy * math.sin(angle),
                 cx * math.sin(angle) + cy * math.cos(angle))
                for cx, cy in corners
            ),
        )  # fmt: skip

    boxes = [turned("Exporter:", 80, 200), turned("Fazenda Boa", 900, 200),
             turned("Consignee:", 80, 240), turned("Shanghai Foods", 900, 240)]  # fmt: skip
    assert abs(skew_angle(boxes) - angle) < 1e-6
    assert [row.text for row in rows_of(boxes)] == [
        "Exporter: Fazenda Boa",
        "Consignee: Shanghai Foods",
    ]


def test_recognition_in_english_and_chinese():
    assert recognise(rows([("PHYTOSANITARY CERTIFICATE", 300)])).type == (
        DocumentType.PHYTOSANITARY_CERTIFICATE
    )
    assert recognise(rows([("兽医卫生证书", 300)])).type == DocumentType.VETERINARY_CERTIFICATE
    assert recognise(rows([("卫生证书", 300)])).type == DocumentType.HEALTH_CERTIFICATE
    assert recognise(rows([("提单", 300), ("托运人：", 80)])).type == DocumentType.BILL_OF_LADING
    assert recognise(rows([("Dear customer", 300)])).type == DocumentType.OTHER


def test_lost_row_number_is_inferred_for_review():
    page = rows(
        [("No.", 80), ("Description", 150), ("HS Code", 600), ("Quantity", 780)],
        [("4", 80), ("Green tea", 150), ("0902.10", 600), ("300 KGM", 780)],
        [("Black tea", 150), ("0902.30", 600), ("120 KGM", 780)],
    )
    second = extract(page, INVOICE)["items.1.sequence"]
    assert second.value == "5" and second.needs_review and second.raw == ""
