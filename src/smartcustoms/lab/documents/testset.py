"""Test documents: rendered pages for declarations, with their true fields and, for some,
deliberately planted mismatches against the declaration. Written to a folder as

    DIR/declarations/<id>.json   the canonical declarations
    DIR/documents/<name>.png|jpg the pages
    DIR/truth.json               one entry per page: type, language, variant, fields, planted
"""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np

from smartcustoms.declarations.schema import Declaration, DocumentType
from smartcustoms.documents.values import format_number
from smartcustoms.documents.vocabulary import CERTIFICATE_TYPES, LANGUAGES, RENDERED_TYPES
from smartcustoms.lab.documents.content import document_fields
from smartcustoms.lab.documents.degradation import VARIANTS, degrade
from smartcustoms.lab.documents.rendering import FontMissingError, Style, render_page

EXPECTED_FINDINGS: dict[str, tuple[str, ...]] = {
    "value": ("value_mismatch", "total_value_mismatch"),
    "quantity": ("quantity_mismatch",),
    "hs_code": ("hs_heading_mismatch", "hs_subheading_mismatch"),
    "origin": ("origin_mismatch",),
    "consignee": ("consignee_mismatch",),
    "issue_date": ("issued_after_shipment",),
    "expiry_date": ("certificate_expired",),
}
"""Finding codes that count as detecting each kind of planted mismatch."""
OTHER_CONSIGNEES = (
    "Golden Harbour Imports Ltd",
    "Northwind Provisions GmbH",
    "Pacific Rim Wholesale Inc",
    "Blue Lotus Supply Co",
    "宁波远航贸易有限公司",
)
OTHER_HS = ("847130", "620342", "030617", "940360", "871200", "610910", "090111", "150910")
OTHER_ORIGINS = ("VN", "TH", "MY", "IN", "TR", "MX", "DE", "US", "ZA", "CL")


@dataclass(frozen=True, slots=True)
class TestSet:
    """Truth entries of the rendered documents and what could not be rendered, and why."""

    entries: list[dict]
    skipped: list[str]


@dataclass(frozen=True, slots=True)
class Planted:
    """A mismatch put into a document on purpose: its kind and the field changed."""

    kind: str
    field: str


def _applicable(fields: dict[str, str], doc_type: DocumentType) -> list[str]:
    kinds = []
    if "items.0.value" in fields:
        kinds.append("value")
    if "items.0.quantity" in fields:
        kinds.append("quantity")
    if "items.0.hs_code" in fields:
        kinds.append("hs_code")
    if "origin_country" in fields:
        kinds.append("origin")
    if "consignee" in fields:
        kinds.append("consignee")
    if doc_type in CERTIFICATE_TYPES:
        kinds.append("issue_date")
    if "expiry_date" in fields:
        kinds.append("expiry_date")
    return kinds


def plant(
    fields: dict[str, str], kind: str, lodged: date, rng: np.random.Generator
) -> tuple[dict[str, str], Planted]:
    """The fields with one mismatch of the given kind, clearly outside every tolerance."""
    changed = dict(fields)
    if kind in ("value", "quantity"):
        name = f"items.0.{kind}"
        factor = Decimal(
            str(round(float(rng.choice([rng.uniform(1.2, 1.8), rng.uniform(0.4, 0.8)])), 2))
        )
        new = (Decimal(fields[name]) * factor).quantize(Decimal("0.01" if kind == "value" else "1"))
        changed[name] = format_number(max(new, Decimal(1)))
        if kind == "value" and "total_value" in fields:
            total = Decimal(fields["total_value"]) - Decimal(fields[name]) + Decimal(changed[name])
            changed["total_value"] = format_number(total)
        return changed, Planted(kind, name)
    if kind == "hs_code":
        choices = [c for c in OTHER_HS if c[:4] != fields["items.0.hs_code"][:4]]
        changed["items.0.hs_code"] = str(rng.choice(choices))
        return changed, Planted(kind, "items.0.hs_code")
    if kind == "origin":
        choices = [c for c in OTHER_ORIGINS if c != fields["origin_country"]]
        changed["origin_country"] = str(rng.choice(choices))
        return changed, Planted(kind, "origin_country")
    if kind == "consignee":
        changed["consignee"] = str(rng.choice(OTHER_CONSIGNEES))
        return changed, Planted(kind, "consignee")
    if kind == "issue_date":
        changed["issue_date"] = (lodged + timedelta(days=int(rng.integers(3, 30)))).isoformat()
        if "expiry_date" in fields:
            changed["expiry_date"] = (
                lodged + timedelta(days=int(rng.integers(90, 300)))
            ).isoformat()
        return changed, Planted(kind, "issue_date")
    changed["expiry_date"] = (lodged - timedelta(days=int(rng.integers(2, 40)))).isoformat()
    changed["issue_date"] = (lodged - timedelta(days=int(rng.integers(80, 200)))).isoformat()
    return changed, Planted(kind, "expiry_date")


def build(
    declarations: list[Declaration],
    out: Path,
    *,
    seed: int = 0,
    documents_per_declaration: int = 3,
    mismatch_share: float = 0.4,
    languages: tuple[str, ...] = LANGUAGES,
    variants: tuple[str, ...] = VARIANTS,
) -> TestSet:
    """Renders the test set into ``out``; documents needing a font that is not installed are
    skipped and listed."""
    rng = np.random.default_rng(seed)
    (out / "declarations").mkdir(parents=True, exist_ok=True)
    (out / "documents").mkdir(parents=True, exist_ok=True)
    entries: list[dict] = []
    skipped: list[str] = []
    counter = 0
    for number, declaration in enumerate(declarations):
        decl_name = declaration.declaration_id or f"declaration-{number}"
        decl_path = out / "declarations" / f"{decl_name}.json"
        decl_path.write_text(json.dumps(declaration.to_json_dict(), ensure_ascii=False, indent=1))
        lodged = declaration.lodged_at.date() if declaration.lodged_at else date(2026, 1, 15)
        types = rng.choice(len(RENDERED_TYPES), documents_per_declaration, replace=False)
        for type_index in types:
            doc_type = RENDERED_TYPES[int(type_index)]
            variant = variants[counter % len(variants)]
            language = str(rng.choice(languages))
            fields = document_fields(declaration, doc_type, rng)
            planted: list[Planted] = []
            kinds = _applicable(fields, doc_type)
            if kinds and rng.random() < mismatch_share:
                fields, one = plant(fields, str(rng.choice(kinds)), lodged, rng)
                planted.append(one)
            try:
                page, printed = render_page(doc_type, fields, Style.draw(rng, language, doc_type))
            except FontMissingError as exc:
                skipped.append(f"{decl_name} {doc_type.value} ({language}): {exc}")
                continue
            image = degrade(page, variant, rng)
            suffix = "png" if variant == "clean" else "jpg"
            name = f"{counter:04d}-{doc_type.value}-{language}-{variant}.{suffix}"
            image.save(out / "documents" / name)
            entries.append(
                {
                    "file": f"documents/{name}",
                    "declaration": f"declarations/{decl_path.name}",
                    "type": doc_type.value,
                    "language": language,
                    "variant": variant,
                    "fields": printed,
                    "planted": [{"kind": p.kind, "field": p.field} for p in planted],
                }
            )
            counter += 1
    (out / "truth.json").write_text(json.dumps(entries, ensure_ascii=False, indent=1))
    return TestSet(entries, skipped)
