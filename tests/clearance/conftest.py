"""A migrated clearance store per test, on SQLite and, where configured, on PostgreSQL."""

import os
from decimal import Decimal

import pytest
from sqlalchemy import text

from smartcustoms.clearance.db import make_engine, migrate, session_factory
from smartcustoms.clearance.users import Role, add_user
from smartcustoms.reference.tariff import default_tariff
from smartcustoms.risk.outcome import ScreeningOutcome
from smartcustoms.rules.channel import Channel

POSTGRES_URL = os.environ.get("SMARTCUSTOMS_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """Every store test runs on both databases; PostgreSQL needs a server, which CI starts."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL not configured: set SMARTCUSTOMS_TEST_POSTGRES_URL (CI does)")
    engine = make_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return POSTGRES_URL


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with session_factory(engine)() as session:
        yield session


@pytest.fixture
def users(session):
    """A trader for the example's declarant, another trader, and an officer."""
    trader, _ = add_user(session=session, name="broker", role=Role.TRADER, party_id="BRK-001")
    other, _ = add_user(session=session, name="other", role=Role.TRADER, party_id="BRK-999")
    officer, _ = add_user(session=session, name="officer", role=Role.OFFICER)
    return {"trader": trader, "other": other, "officer": officer}


def value_screener(declaration):
    """Test screening: routes by total value so each channel is reachable on purpose."""
    total = sum(item.value for item in declaration.goods_items)
    if total >= 100_000:
        return ScreeningOutcome(Channel.RED, 0.9, [{"rule": "test-high-value"}])
    if total >= 10_000:
        return ScreeningOutcome(Channel.YELLOW, 0.5, [{"rule": "test-mid-value"}])
    return ScreeningOutcome(Channel.GREEN, 0.1)


@pytest.fixture
def lodge_kwargs():
    return {"screen": value_screener, "tariff": default_tariff(), "vat_percent": Decimal("13")}
