"""What a supporting document of a declaration says, as canonical text fields: the truth the
renderer prints and the evaluation compares with what the reader extracted.

Field names: header fields as in ``vocabulary.HEADER_FIELDS`` plus ``currency``, and goods
items as ``items.<n>.<column>`` where ``n`` counts from 0 in print order. Dates are ISO, numbers
plain decimals, HS codes digits, countries ISO alpha-2.
"""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from smartcustoms.declarations.schema import Declaration, DocumentType, GoodsItem
from smartcustoms.documents.values import format_number
from smartcustoms.documents.vocabulary import HEADER_FIELDS, ITEM_COLUMNS

MAX_ITEMS = 6
"""Goods items one rendered page lists."""

NUMBER_PREFIXES = {
    DocumentType.COMMERCIAL_INVOICE: "INV", DocumentType.PACKING_LIST: "PL",
    DocumentType.CERTIFICATE_OF_ORIGIN: "CO", DocumentType.PHYTOSANITARY_CERTIFICATE: "PHY",
    DocumentType.VETERINARY_CERTIFICATE: "VET", DocumentType.HEALTH_CERTIFICATE: "HC",
    DocumentType.IMPORT_LICENCE: "LIC", DocumentType.BILL_OF_LADING: "BL",
}  # fmt: skip
VALIDITY_DAYS = {
    DocumentType.PHYTOSANITARY_CERTIFICATE: 60, DocumentType.VETERINARY_CERTIFICATE: 60,
    DocumentType.HEALTH_CERTIFICATE: 180, DocumentType.IMPORT_LICENCE: 365,
}  # fmt: skip
ISSUERS = {
    DocumentType.CERTIFICATE_OF_ORIGIN: "Chamber of Commerce",
    DocumentType.PHYTOSANITARY_CERTIFICATE: "National Plant Protection Organization",
    DocumentType.VETERINARY_CERTIFICATE: "Official Veterinary Service",
    DocumentType.HEALTH_CERTIFICATE: "Food Safety Authority",
    DocumentType.IMPORT_LICENCE: "Ministry of Commerce",
}
UNDATED_LODGEMENT = date(2026, 1, 15)
"""Stands in for the lodgement day of a declaration not yet lodged."""
VESSELS = ("MSC AURORA", "COSCO PRIDE", "EVER GIVEN", "MAERSK ESSEN", "ONE HARMONY",
           "CMA CGM LIBRA", "OOCL TOKYO", "HMM ALGECIRAS")  # fmt: skip


def listed_items(declaration: Declaration) -> list[GoodsItem]:
    """Items a document lists: those of the most common origin (a certificate of origin covers
    one origin), at most MAX_ITEMS."""
    origins = Counter(item.origin_country for item in declaration.goods_items)
    main_origin = origins.most_common(1)[0][0]
    return [i for i in declaration.goods_items if i.origin_country == main_origin][:MAX_ITEMS]


def _declared_document(declaration: Declaration, doc_type: DocumentType):
    return next((d for d in declaration.documents if d.type == doc_type), None)


def document_fields(
    declaration: Declaration, doc_type: DocumentType, rng: np.random.Generator
) -> dict[str, str]:
    """The fields of a faithful document of this type for the declaration."""
    items = listed_items(declaration)
    lodged = declaration.lodged_at.date() if declaration.lodged_at else UNDATED_LODGEMENT
    declared = _declared_document(declaration, doc_type)
    if doc_type == DocumentType.BILL_OF_LADING and declaration.transport.bill_of_lading:
        number = declaration.transport.bill_of_lading
    elif declared is not None:
        number = declared.number
    else:
        number = f"{NUMBER_PREFIXES[doc_type]}-{int(rng.integers(10_000_000, 99_999_999))}"
    issued = (declared.issued_on if declared and declared.issued_on else None) or (
        lodged - timedelta(days=int(rng.integers(5, 40)))
    )
    exporter_country = (declaration.exporter and declaration.exporter.country) or items[
        0
    ].origin_country
    importer_name = (
        declaration.importer and declaration.importer.name
    ) or declaration.declarant.name
    exporter_name = (declaration.exporter and declaration.exporter.name) or "Unknown exporter"
    bill = declaration.transport.bill_of_lading or f"BL{int(rng.integers(10**8, 10**9))}"
    total = sum((item.value for item in items), Decimal(0))
    candidates = {
        "document_number": number,
        "issue_date": issued.isoformat(),
        "expiry_date": (
            (declared.expires_on if declared and declared.expires_on else None)
            or issued + timedelta(days=VALIDITY_DAYS.get(doc_type, 365))
        ).isoformat(),
        "issuer": ISSUERS.get(doc_type, ""),
        "issuing_country": "CN" if doc_type == DocumentType.IMPORT_LICENCE else exporter_country,
        "exporter": exporter_name,
        "consignee": importer_name or "",
        "origin_country": items[0].origin_country,
        "transport_reference": bill,
        "total_value": format_number(total),
        "vessel": f"{VESSELS[int(rng.integers(len(VESSELS)))]} / {int(rng.integers(10, 99))}E",
    }
    fields = {name: candidates[name] for name in HEADER_FIELDS[doc_type]}
    if "total_value" in fields:
        fields["currency"] = declaration.currency
    for index, item in enumerate(items):
        for column in ITEM_COLUMNS[doc_type]:
            fields.update(_item_fields(index, item, column))
    return fields


def _item_fields(index: int, item: GoodsItem, column: str) -> dict[str, str]:
    prefix = f"items.{index}."
    if column == "quantity":
        return {
            prefix + "quantity": format_number(item.quantity),
            prefix + "quantity_unit": item.quantity_unit,
        }
    value = {
        "sequence": str(item.sequence),
        "description": item.description,
        "hs_code": item.hs_code[:6],
        "net_mass_kg": format_number(item.net_mass_kg),
        "gross_mass_kg": format_number(item.gross_mass_kg or item.net_mass_kg),
        "value": format_number(item.value),
    }[column]
    return {prefix + column: value}
