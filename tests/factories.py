"""Builders of small test data: a labelled history where some importers cheat by undervaluing."""

from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl

from smartcustoms.declarations.frame import ITEM_SCHEMA, conform

HS_CODES = ["090121", "610910", "851713", "640399", "940360", "392690", "080810", "300490"]


def labelled_items(count: int, seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    importer = rng.integers(0, 60, count)
    cheater = importer < 6
    fraud = rng.random(count) < np.where(cheater, 0.6, 0.03)
    hs = rng.integers(0, len(HS_CODES), count)
    mass = rng.lognormal(5, 1, count).round(1)
    unit_price = np.exp(1 + hs * 0.4) * rng.lognormal(0, 0.2, count)
    value = (mass * unit_price * np.where(fraud, 0.35, 1.0)).round(2) + 1
    start = datetime(2025, 1, 1, tzinfo=UTC)
    frame = pl.DataFrame(
        {
            "declaration_id": [f"D{n:06d}" for n in range(count)],
            "type": "import",
            "office": [f"OF{o}" for o in rng.integers(0, 3, count)],
            "lodged_at": [
                start + timedelta(hours=int(h)) for h in np.sort(rng.integers(0, 8000, count))
            ],
            "declarant_id": [f"B{b}" for b in rng.integers(0, 10, count)],
            "importer_id": [f"I{i}" for i in importer],
            "exporter_id": [f"E{e}" for e in rng.integers(0, 40, count)],
            "transport_mode": "sea",
            "departure_country": "CN",
            "currency": "USD",
            "incoterm": "CIF",
            "sequence": 1,
            "description": "goods",
            "hs_code": [HS_CODES[h] for h in hs],
            "origin_country": "CN",
            "net_mass_kg": mass,
            "quantity": mass,
            "quantity_unit": "KGM",
            "value": value,
            "fraud": fraud.astype(np.int8),
            "duty_at_risk": np.where(fraud, value * 0.15 * 1.8, 0.0),
        }
    )
    return conform(frame.cast({c: d for c, d in ITEM_SCHEMA.items() if c in frame.columns}))


def add_users(sessions, users: list[tuple[str, str, str | None]]) -> dict[str, str]:
    """Creates (name, role, party) users in a store; returns each one's bearer token."""
    from smartcustoms.clearance.users import Role, add_user

    with sessions() as session:
        return {
            name: add_user(session=session, name=name, role=Role(role), party_id=party)[1]
            for name, role, party in users
        }
