"""A worked example declaration: the README's shape, used by the demo and the docs."""

from typing import Any


def example_declaration() -> dict[str, Any]:
    """Roasted coffee from Brazil into Shanghai, as a trader would send it (a fresh copy)."""
    return {
        "declaration_id": "DEC-2026-000123",
        "type": "import",
        "office": "CNSHA",
        "lodged_at": "2026-11-20T08:30:00Z",
        "declarant": {"id": "BRK-001", "name": "Fast Broker Ltd"},
        "importer": {"id": "IMP-123", "name": "Shanghai Foods Co", "country": "CN"},
        "exporter": {"id": "EXP-9", "name": "Fazenda Boa", "country": "BR"},
        "transport": {"mode": "sea", "departure_country": "BR", "bill_of_lading": "MSKU123"},
        "currency": "USD",
        "incoterm": "CIF",
        "goods_items": [
            {
                "sequence": 1,
                "description": "Roasted coffee beans, not decaffeinated",
                "hs_code": "090121",
                "origin_country": "BR",
                "net_mass_kg": 1200.5,
                "quantity": 1200,
                "quantity_unit": "KGM",
                "value": "15000.00",
            }
        ],
        "documents": [
            {
                "type": "certificate_of_origin",
                "number": "CO-123",
                "issuer_country": "BR",
                "issued_on": "2026-11-01",
            }
        ],
    }
