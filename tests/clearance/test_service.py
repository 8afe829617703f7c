from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from smartcustoms.clearance import audit, service
from smartcustoms.clearance.states import TransitionError
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.errors import ConflictError, ForbiddenError, NotFoundError


def declaration(example, value="15000.00", declaration_id=None):
    example["goods_items"][0]["value"] = value
    example["declaration_id"] = declaration_id
    return parse_declaration(example)


def test_green_channel_is_released_at_lodging_with_a_full_trail(
    session, users, example, lodge_kwargs
):
    lodged = service.lodge(
        session=session,
        declaration=declaration(example, "500.00"),
        actor=users["trader"],
        **lodge_kwargs,
    )
    record = lodged.record
    assert record.id.startswith("DEC-") and record.channel == "green"
    assert record.status == "released"
    events = audit.trail(session, record.id)
    assert [(e.from_status, e.to_status) for e in events] == [
        (None, "lodged"),
        ("lodged", "screened"),
        ("screened", "released"),
    ]
    assert events[1].details["risk_score"] == 0.1
    assert audit.verify(session) == []


def test_duty_and_vat_are_assessed_in_decimal(session, users, example, lodge_kwargs):
    record = service.lodge(
        session=session, declaration=declaration(example), actor=users["trader"], **lodge_kwargs
    ).record
    # coffee (chapter 09) from Brazil: 12% duty; VAT 13% on value plus duty
    assert record.duty["duty"] == "1800.00"
    assert record.duty["vat"] == "2184.00"
    assert Decimal(record.duty["total"]) == Decimal("3984.00")


def test_yellow_goes_to_document_check_and_appears_in_the_queue(
    session, users, example, lodge_kwargs
):
    mid = service.lodge(
        session=session, declaration=declaration(example), actor=users["trader"], **lodge_kwargs
    ).record
    high = service.lodge(
        session=session,
        declaration=declaration(example, "200000.00"),
        actor=users["trader"],
        **lodge_kwargs,
    ).record
    assert (mid.status, high.status) == ("document_check", "inspection")
    queue = service.queue(session=session, actor=users["officer"])
    assert [r.id for r in queue] == [high.id, mid.id]
    with pytest.raises(ForbiddenError):
        service.queue(session=session, actor=users["trader"])


def test_same_idempotency_key_and_body_returns_the_same_declaration(
    session, users, example, lodge_kwargs
):
    first = service.lodge(
        session=session,
        declaration=declaration(example),
        actor=users["trader"],
        idempotency_key="key-1",
        **lodge_kwargs,
    )
    again = service.lodge(
        session=session,
        declaration=declaration(example),
        actor=users["trader"],
        idempotency_key="key-1",
        **lodge_kwargs,
    )
    assert again.replayed and again.record.id == first.record.id
    assert service.search(session=session, actor=users["officer"])[1] == 1
    with pytest.raises(ConflictError, match="Idempotency-Key"):
        service.lodge(
            session=session,
            declaration=declaration(example, "99.00"),
            actor=users["trader"],
            idempotency_key="key-1",
            **lodge_kwargs,
        )


def test_duplicate_declaration_id_is_a_conflict(session, users, example, lodge_kwargs):
    kwargs = {"session": session, "actor": users["trader"], **lodge_kwargs}
    service.lodge(declaration=declaration(example, declaration_id="DEC-X-1"), **kwargs)
    with pytest.raises(ConflictError, match="exists already"):
        service.lodge(declaration=declaration(example, declaration_id="DEC-X-1"), **kwargs)


def test_a_trader_sees_and_lodges_only_its_own_declarations(session, users, example, lodge_kwargs):
    record = service.lodge(
        session=session, declaration=declaration(example), actor=users["trader"], **lodge_kwargs
    ).record
    with pytest.raises(NotFoundError):
        service.get(session=session, declaration_id=record.id, actor=users["other"])
    assert service.search(session=session, actor=users["other"]) == ([], 0)
    assert service.search(session=session, actor=users["trader"])[1] == 1
    with pytest.raises(ForbiddenError, match="BRK-999"):
        service.lodge(
            session=session, declaration=declaration(example), actor=users["other"], **lodge_kwargs
        )


def test_officer_decisions_follow_the_workflow(session, users, example, lodge_kwargs):
    record = service.lodge(
        session=session, declaration=declaration(example), actor=users["trader"], **lodge_kwargs
    ).record
    with pytest.raises(ForbiddenError):
        service.decide(
            session=session,
            declaration_id=record.id,
            actor=users["trader"],
            decision="release",
            reason="me",
        )
    service.decide(
        session=session,
        declaration_id=record.id,
        actor=users["officer"],
        decision="inspect",
        reason="certificate looks altered",
    )
    inspection = service.record_inspection(
        session=session,
        declaration_id=record.id,
        actor=users["officer"],
        outcome="discrepancy",
        fraud_type="undervaluation",
        duty_recovered=Decimal("420.50"),
    )
    assert inspection.duty_recovered == Decimal("420.50")
    assert service.get(
        session=session, declaration_id=record.id, actor=users["officer"]
    ).status == ("held")
    service.decide(
        session=session,
        declaration_id=record.id,
        actor=users["officer"],
        decision="release",
        reason="duty paid",
    )
    with pytest.raises(TransitionError, match="final state"):
        service.decide(
            session=session,
            declaration_id=record.id,
            actor=users["officer"],
            decision="hold",
            reason="too late",
        )
    trail = service.audit_trail(session=session, declaration_id=record.id, actor=users["officer"])
    assert [e.to_status for e in trail][-3:] == ["inspection", "held", "released"]
    assert trail[-1].reason == "duty paid"
    assert audit.verify(session) == []


def test_audit_events_cannot_be_rewritten_by_the_database(session, users, example, lodge_kwargs):
    service.lodge(
        session=session, declaration=declaration(example), actor=users["trader"], **lodge_kwargs
    )
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(text("UPDATE audit_events SET reason = 'nothing happened'"))
    session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(text("DELETE FROM audit_events"))
    session.rollback()


def test_verify_detects_tampering(session, users, example, lodge_kwargs):
    record = service.lodge(
        session=session, declaration=declaration(example), actor=users["trader"], **lodge_kwargs
    ).record
    # An attacker with DDL rights drops the guard and edits history.
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text("DROP TRIGGER audit_events_no_update"))
    else:
        session.execute(text("DROP TRIGGER audit_events_append_only ON audit_events"))
    session.execute(
        text("UPDATE audit_events SET reason = 'edited' WHERE seq = 2 AND declaration_id = :d"),
        {"d": record.id},
    )
    session.commit()
    problems = audit.verify(session)
    assert any("event 2" in p and "altered" in p for p in problems)
