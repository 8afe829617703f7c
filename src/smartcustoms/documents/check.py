"""Cross-checks of what documents say against the canonical declaration.

Each discrepancy is a named Finding carrying both values and a pointer into the declaration, so
the risk fusion can count it and the officer page can show it. A finding drawn from a field that
itself needs review says so: it may be a misread rather than a mismatch.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rapidfuzz import fuzz

from smartcustoms.declarations.schema import Declaration, DocumentType, GoodsItem
from smartcustoms.documents.extraction import ExtractedField
from smartcustoms.documents.reading import DocumentReading, read_bytes
from smartcustoms.documents.values import format_number
from smartcustoms.documents.vocabulary import CERTIFICATE_TYPES


@dataclass(frozen=True, slots=True)
class Tolerances:
    """How far a document may differ from the declaration before it is a finding."""

    value_relative: float = 0.01
    quantity_relative: float = 0.01
    mass_relative: float = 0.03
    name_similarity: float = 80.0
    """rapidfuzz token-set ratio (0-100) below which two party names differ."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One discrepancy: a code such as ``value_mismatch``, both values and where they are."""

    code: str
    message: str
    document_value: str | None
    declared_value: str | None
    pointer: str
    document_type: str
    document: str
    uncertain: bool = False
    """The document field needs review, so the discrepancy may be a misread."""

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "document_value": self.document_value,
            "declared_value": self.declared_value,
            "pointer": self.pointer,
            "document_type": self.document_type,
            "document": self.document,
            "uncertain": self.uncertain,
        }


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """A document as read and the findings of checking it against a declaration."""

    reading: DocumentReading
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "reading": self.reading.as_dict(),
            "findings": [f.as_dict() for f in self.findings],
        }


class _Checker:
    """Collects findings for one document reading."""

    def __init__(self, reading: DocumentReading, declaration: Declaration, tol: Tolerances):
        self.reading = reading
        self.declaration = declaration
        self.tol = tol
        self.findings: list[Finding] = []

    def add(self, code: str, message: str, name: str, declared: str | None, pointer: str):
        found: ExtractedField = self.reading.fields[name]
        self.findings.append(
            Finding(
                code=code,
                message=message,
                document_value=found.value,
                declared_value=declared,
                pointer=pointer,
                document_type=self.reading.type.value,
                document=self.reading.value("document_number") or self.reading.source,
                uncertain=found.needs_review,
            )
        )

    def number(self, name: str) -> Decimal | None:
        text = self.reading.value(name)
        return Decimal(text) if text is not None else None

    def compare_amount(
        self, code: str, name: str, declared: Decimal, relative: float, pointer: str
    ) -> None:
        read = self.number(name)
        if read is None:
            return
        if abs(read - declared) > Decimal(str(relative)) * abs(declared) + Decimal("0.01"):
            label = code.replace("_mismatch", "").replace("_", " ")
            self.add(
                code,
                f"{label} on the document is {format_number(read)}, "
                f"declared {format_number(declared)}",
                name,
                format_number(declared),
                pointer,
            )


def _items_listed(reading: DocumentReading, declaration: Declaration) -> list[tuple[int, int]]:
    """(document item index, declaration item index) pairs, matched by sequence number and
    otherwise by position."""
    by_sequence = {item.sequence: i for i, item in enumerate(declaration.goods_items)}
    pairs = []
    index = 0
    while any(name.startswith(f"items.{index}.") for name in reading.fields):
        sequence = reading.value(f"items.{index}.sequence")
        if sequence:
            target = by_sequence.get(int(sequence))
        else:
            target = index if index < len(declaration.goods_items) else None
        if target is not None:
            pairs.append((index, target))
        index += 1
    return pairs


def _check_item(checker: _Checker, index: int, position: int, item: GoodsItem) -> None:
    prefix, pointer = f"items.{index}.", f"goods_items[{position}]"
    fields = checker.reading.fields
    tol = checker.tol
    if prefix + "value" in fields:
        checker.compare_amount(
            "value_mismatch", prefix + "value", item.value, tol.value_relative, pointer + ".value"
        )
    if prefix + "quantity" in fields:
        checker.compare_amount(
            "quantity_mismatch",
            prefix + "quantity",
            Decimal(str(item.quantity)),
            tol.quantity_relative,
            pointer + ".quantity",
        )
        unit = checker.reading.value(prefix + "quantity_unit")
        if unit and unit != item.quantity_unit:
            checker.add(
                "quantity_unit_mismatch",
                f"unit on the document is {unit}, declared {item.quantity_unit}",
                prefix + "quantity_unit",
                item.quantity_unit,
                pointer + ".quantity_unit",
            )
    for mass in ("net_mass_kg", "gross_mass_kg"):
        declared = getattr(item, mass) or (item.net_mass_kg if mass == "gross_mass_kg" else None)
        if prefix + mass in fields and declared:
            checker.compare_amount(
                mass.removesuffix("_kg") + "_mismatch",
                prefix + mass,
                Decimal(str(declared)),
                tol.mass_relative,
                f"{pointer}.{mass}",
            )
    hs = checker.reading.value(prefix + "hs_code")
    if hs:
        if hs[:4] != item.hs_code[:4]:
            code, digits = "hs_heading_mismatch", 4
        elif hs[:6] != item.hs_code[:6]:
            code, digits = "hs_subheading_mismatch", 6
        else:
            return
        checker.add(
            code,
            f"HS code on the document is {hs}, declared {item.hs_code}: they differ at "
            f"{digits} digits",
            prefix + "hs_code",
            item.hs_code,
            pointer + ".hs_code",
        )


def _name_key(name: str) -> str:
    return re.sub(r"[\W_]+", " ", name.casefold()).strip()


def _check_party(checker: _Checker, name: str, declared: str | None, pointer: str) -> None:
    read = checker.reading.value(name)
    if not read or not declared:
        return
    similarity = fuzz.token_set_ratio(_name_key(read), _name_key(declared))
    if similarity < checker.tol.name_similarity:
        checker.add(
            f"{name}_mismatch",
            f"{name} on the document is {read!r}, declared {declared!r} "
            f"(similarity {similarity:.0f}%)",
            name,
            declared,
            pointer,
        )


def _check_dates(checker: _Checker, shipment: date) -> None:
    issued = checker.reading.value("issue_date")
    expires = checker.reading.value("expiry_date")
    if issued and date.fromisoformat(issued) > shipment:
        checker.add(
            "issued_after_shipment",
            f"certificate issued on {issued}, after the shipment on {shipment.isoformat()}",
            "issue_date",
            shipment.isoformat(),
            "lodged_at",
        )
    if expires and date.fromisoformat(expires) < shipment:
        checker.add(
            "certificate_expired",
            f"certificate expired on {expires}, before the shipment on {shipment.isoformat()}",
            "expiry_date",
            shipment.isoformat(),
            "lodged_at",
        )


def shipment_date(declaration: Declaration) -> date | None:
    """The day the goods are presented: the lodgement day of the declaration."""
    return declaration.lodged_at.date() if declaration.lodged_at else None


def check_reading(
    reading: DocumentReading,
    declaration: Declaration,
    *,
    tolerances: Tolerances | None = None,
    shipment: date | None = None,
) -> list[Finding]:
    """Findings of one document against the declaration."""
    checker = _Checker(reading, declaration, tolerances or Tolerances())
    pairs = _items_listed(reading, declaration)
    for index, position in pairs:
        _check_item(checker, index, position, declaration.goods_items[position])
    listed = [declaration.goods_items[p] for _, p in pairs] or declaration.goods_items
    origin = reading.value("origin_country")
    origins = sorted({item.origin_country for item in listed})
    if origin and origin not in origins:
        checker.add(
            "origin_mismatch",
            f"origin on the document is {origin}, declared {', '.join(origins)}",
            "origin_country",
            ", ".join(origins),
            "goods_items[].origin_country",
        )
    if "total_value" in reading.fields and pairs:
        checker.compare_amount(
            "total_value_mismatch",
            "total_value",
            sum((item.value for item in listed), Decimal(0)),
            checker.tol.value_relative,
            "goods_items[].value",
        )
    currency = reading.value("currency")
    if currency and currency != declaration.currency:
        checker.add(
            "currency_mismatch",
            f"currency on the document is {currency}, declared {declaration.currency}",
            "currency",
            declaration.currency,
            "currency",
        )
    importer = declaration.importer.name if declaration.importer else None
    _check_party(checker, "consignee", importer, "importer.name")
    exporter = declaration.exporter.name if declaration.exporter else None
    _check_party(checker, "exporter", exporter, "exporter.name")
    day = shipment or shipment_date(declaration)
    if reading.type in CERTIFICATE_TYPES and day is not None:
        _check_dates(checker, day)
    return checker.findings


def missing_documents(
    readings: Iterable[DocumentReading], declaration: Declaration, required: Sequence[DocumentType]
) -> list[Finding]:
    """A finding for each required document type that none of the documents is."""
    present = {reading.type for reading in readings}
    return [
        Finding(
            code="required_document_missing",
            message=f"the goods need a {doc_type.value.replace('_', ' ')}; none was supplied",
            document_value=None,
            declared_value=doc_type.value,
            pointer="documents",
            document_type=doc_type.value,
            document="",
        )
        for doc_type in required
        if doc_type not in present
    ]


def check_documents(
    readings: Sequence[DocumentReading],
    declaration: Declaration,
    *,
    required: Sequence[DocumentType] = (),
    tolerances: Tolerances | None = None,
) -> list[Finding]:
    """Findings of all documents of a declaration, and of required documents missing.

    ``required`` comes from the caller (the rules decide which certificates goods need; this
    package may not import them)."""
    findings = [
        finding
        for reading in readings
        for finding in check_reading(reading, declaration, tolerances=tolerances)
    ]
    return findings + missing_documents(readings, declaration, required)


def check_document_bytes(
    data: bytes,
    declaration: Declaration,
    *,
    source: str = "upload",
    tolerances: Tolerances | None = None,
) -> DocumentReport:
    """Reads an uploaded document and checks it against its declaration: the clearance layer's
    one call. Raises ReadError for a file that cannot be read."""
    reading = read_bytes(data, source)
    return DocumentReport(reading, check_reading(reading, declaration, tolerances=tolerances))
