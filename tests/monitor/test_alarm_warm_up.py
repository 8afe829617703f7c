from datetime import UTC, datetime, timedelta
from decimal import Decimal

from smartcustoms.clearance import service
from smartcustoms.clearance.db import open_store
from smartcustoms.clearance.users import Role, add_user
from smartcustoms.config import Settings
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.monitor.alarms import alarms
from smartcustoms.reference.tariff import default_tariff
from smartcustoms.risk.outcome import ScreeningOutcome
from smartcustoms.rules.channel import Channel

START = datetime(2026, 3, 2, tzinfo=UTC)


def test_a_store_without_weeks_of_history_raises_no_alarm(tmp_path, example):
    sessions = open_store(Settings(home=tmp_path))
    at = START + timedelta(hours=12)
    with sessions() as session:
        officer, _ = add_user(session=session, name="o", role=Role.OFFICER)
        for number in range(30):  # one importer's burst on the store's first day
            declaration = parse_declaration({**example, "declaration_id": f"DEC-{number}"})
            service.lodge(
                session=session, declaration=declaration, actor=officer,
                screen=lambda _d: ScreeningOutcome(Channel.GREEN, 0.1), tariff=default_tariff(),
                vat_percent=Decimal(13), now=at - timedelta(minutes=number),
            )  # fmt: skip
        assert alarms(session=session, at=at) == []
