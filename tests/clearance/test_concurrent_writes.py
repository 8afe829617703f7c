"""Concurrent lodgements on one store: none lost, every audit chain intact, SQLite tuned."""

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event, func, select, text

from smartcustoms.clearance import audit, service
from smartcustoms.clearance.db import make_engine, migrate, session_factory
from smartcustoms.clearance.tables import AuditEvent, DeclarationRecord
from smartcustoms.clearance.users import Role, add_user
from smartcustoms.declarations.validation import parse_declaration


def test_concurrent_lodgements_are_all_stored_with_intact_trails(
    engine, users, example, lodge_kwargs
):
    sessions = session_factory(engine)

    def lodge(number: int) -> str:
        body = dict(example, declaration_id=f"DEC-PAR-{number:03d}")
        with sessions() as session:
            trader = session.merge(users["trader"])
            return service.lodge(
                session=session,
                declaration=parse_declaration(body),
                actor=trader,
                **lodge_kwargs,
            ).record.id

    with ThreadPoolExecutor(max_workers=8) as pool:
        lodged = list(pool.map(lodge, range(64)))
    with sessions() as session:
        stored = set(session.scalars(select(DeclarationRecord.id)))
        events = session.scalar(select(func.count()).select_from(AuditEvent))
        assert set(lodged) == stored and len(stored) == 64
        assert events == 3 * 64
        assert audit.verify(session) == []


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """A migrated SQLite store (the tests below are about SQLite alone)."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    return url


def test_sqlite_runs_in_wal_with_normal_sync_and_foreign_keys(sqlite_url):
    with make_engine(sqlite_url).connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


_HOLD_WRITE_LOCK = """
import sys, time
from smartcustoms.clearance.db import make_engine, session_factory, exclusive_write
with session_factory(make_engine(sys.argv[1]))() as session, exclusive_write(session):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_lodgement_waits_for_another_process_holding_the_sqlite_write_lock(
    sqlite_url, example, lodge_kwargs
):
    with session_factory(make_engine(sqlite_url))() as session:
        trader, _ = add_user(session=session, name="broker", role=Role.TRADER, party_id="BRK-001")
        holder = subprocess.Popen(
            [sys.executable, "-c", _HOLD_WRITE_LOCK, sqlite_url, "1.0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout.readline().strip() == "held"
            started = time.monotonic()
            lodged = service.lodge(
                session=session,
                declaration=parse_declaration(dict(example, declaration_id="DEC-WAITED")),
                actor=trader,
                **lodge_kwargs,
            )
            waited = time.monotonic() - started
        finally:
            holder.wait(timeout=30)
        assert holder.returncode == 0 and waited > 0.5
        assert session.get(DeclarationRecord, "DEC-WAITED").status == lodged.record.status


def test_a_burst_of_concurrent_sessions_reuses_the_pooled_connections(engine):
    opened = []
    event.listen(engine, "connect", lambda *_: opened.append(1))
    sessions = session_factory(engine)

    def query(_number: int) -> int:
        with sessions() as session:
            value = session.execute(text("SELECT 1")).scalar()
            time.sleep(0.05)  # held like a lodgement waiting for its screening batch
            return value

    for _ in range(2):
        with ThreadPoolExecutor(max_workers=16) as pool:
            assert sum(pool.map(query, range(16))) == 16
    assert 0 < len(opened) <= 16  # the second burst found them all open
