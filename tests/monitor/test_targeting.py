from datetime import UTC, datetime, timedelta
from decimal import Decimal

from smartcustoms.clearance import service
from smartcustoms.clearance.db import open_store
from smartcustoms.clearance.users import Role, add_user
from smartcustoms.config import Settings
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.monitor.targeting import hit_rates
from smartcustoms.reference.tariff import default_tariff
from smartcustoms.risk.outcome import ScreeningOutcome
from smartcustoms.rules.channel import Channel

START = datetime(2026, 3, 2, tzinfo=UTC)
PICKS = {
    "A": ScreeningOutcome(Channel.RED, 0.9, [{"source": "rule", "rule": "R1"},
                          {"source": "rule", "rule": "R2"}], selected_by="rule"),
    "B": ScreeningOutcome(Channel.RED, 0.8, [{"source": "model"}], selected_by="model"),
    "C": ScreeningOutcome(Channel.RED, 0.1, selected_by="exploration"),
    "D": ScreeningOutcome(Channel.RED, 0.7, [{"source": "rule", "rule": "R1"}], selected_by="rule"),
}  # fmt: skip


def test_hit_rates_credit_each_selecting_source_per_day(tmp_path, example):
    sessions = open_store(Settings(home=tmp_path))
    with sessions() as session:
        officer, _ = add_user(session=session, name="o", role=Role.OFFICER)
        found = {"A": True, "B": False, "C": True, "D": False}
        for day, key in enumerate("ABCD"):
            at = START + timedelta(days=day // 2, hours=1)
            declaration = parse_declaration({**example, "declaration_id": f"DEC-{key}"})
            service.lodge(
                session=session, declaration=declaration, actor=officer,
                screen=lambda _d, key=key: PICKS[key], tariff=default_tariff(),
                vat_percent=Decimal(13), now=at,
            )  # fmt: skip
            service.record_inspection(
                session=session, declaration_id=f"DEC-{key}", actor=officer,
                outcome="discrepancy" if found[key] else "compliant",
                fraud_type="origin" if found[key] else None,
                duty_recovered=Decimal(100) if found[key] else Decimal(0),
                now=at + timedelta(hours=2),
            )  # fmt: skip
        points = hit_rates(session=session, start=START, end=START + timedelta(days=3))
    table = {(p.source, p.start.day, p.inspections, p.discrepancies) for p in points}
    assert table == {
        ("rule R1", 2, 1, 1), ("rule R2", 2, 1, 1), ("model", 2, 1, 0),
        ("exploration", 3, 1, 1), ("rule R1", 3, 1, 0),
    }  # fmt: skip
    exploration = next(p for p in points if p.source == "exploration")
    assert exploration.hit_rate == 1.0 and exploration.duty_recovered == Decimal(100)
