"""The clearance workflow: lodge, screen, decide, inspect; every state change audited.

Plain functions with keyword-only arguments; the API and CLI only translate to and from these.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smartcustoms.clearance import audit
from smartcustoms.clearance.db import exclusive_write
from smartcustoms.clearance.duty import assess_duty
from smartcustoms.clearance.states import (
    CHANNEL_STATUS,
    OPEN_FOR_OFFICERS,
    Status,
    check_transition,
)
from smartcustoms.clearance.tables import DeclarationRecord, Inspection, User
from smartcustoms.clearance.users import Role
from smartcustoms.declarations.schema import Declaration
from smartcustoms.declarations.validation import new_declaration_id
from smartcustoms.errors import ConflictError, ForbiddenError, NotFoundError
from smartcustoms.reference.tariff import Tariff
from smartcustoms.risk.outcome import Screener

Decision = Literal["release", "hold", "inspect"]
DECISION_STATUS: dict[str, Status] = {
    "release": Status.RELEASED,
    "hold": Status.HELD,
    "inspect": Status.INSPECTION,
}


@dataclass(frozen=True, slots=True)
class Lodgement:
    """The stored declaration and whether this call created it or replayed an earlier one."""

    record: DeclarationRecord
    replayed: bool


def _body_hash(declaration: Declaration) -> str:
    canonical = json.dumps(declaration.to_json_dict(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _may_see(user: User, record: DeclarationRecord) -> bool:
    if user.role != Role.TRADER:
        return True
    return user.party_id in (record.declarant_id, record.importer_id)


def _require_officer(user: User) -> None:
    if user.role not in (Role.OFFICER, Role.ADMIN):
        raise ForbiddenError("only customs officers may decide on declarations")


def _transition(
    record: DeclarationRecord,
    target: Status,
    *,
    previous: audit.AuditEvent | None,
    actor: str,
    at: datetime,
    reason: str,
    details: dict[str, Any] | None = None,
) -> audit.AuditEvent:
    """Moves a declaration to ``target``; returns the event that follows ``previous`` for the
    caller to store with the declaration."""
    check_transition(Status(record.status), target)
    event = audit.new_event(
        previous=previous,
        declaration_id=record.id,
        actor=actor,
        at=at,
        from_status=record.status,
        to_status=target,
        reason=reason,
        details=details or {},
    )
    record.status = str(target)
    record.updated_at = at
    return event


def _move(session: Session, record: DeclarationRecord, target: Status, **event: Any) -> None:
    """Moves a stored declaration to ``target`` and adds its audit event to the session."""
    session.add(_transition(record, target, **event))


def lodge(
    *,
    session: Session,
    declaration: Declaration,
    actor: User,
    screen: Screener,
    tariff: Tariff,
    vat_percent: Decimal,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Lodgement:
    """Stores, screens and routes a declaration in one transaction, committed before returning.

    A retry with the same idempotency key and the same body returns the first result; the same
    key with another body is a conflict. Green-channel declarations are released at once.
    """
    now = now or datetime.now(UTC)
    parties = {declaration.declarant.id, declaration.importer.id if declaration.importer else None}
    if actor.role == Role.TRADER and actor.party_id not in parties:
        raise ForbiddenError(
            f"you may lodge only as declarant or importer {actor.party_id!r}; "
            "set declarant.id or importer.id to your party"
        )
    body_hash = _body_hash(declaration)
    if idempotency_key:
        earlier = session.scalar(
            select(DeclarationRecord).where(DeclarationRecord.idempotency_key == idempotency_key)
        )
        if earlier is not None:
            if earlier.body_hash != body_hash or earlier.lodged_by != actor.name:
                raise ConflictError("this Idempotency-Key was already used for another request")
            return Lodgement(earlier, replayed=True)
    declaration_id = declaration.declaration_id or new_declaration_id(now)
    if session.get(DeclarationRecord, declaration_id) is not None:
        raise ConflictError(f"declaration {declaration_id} exists already")
    declaration = declaration.model_copy(
        update={"declaration_id": declaration_id, "lodged_at": declaration.lodged_at or now}
    )
    outcome = screen(declaration)
    record = DeclarationRecord(
        id=declaration_id,
        declarant_id=declaration.declarant.id,
        importer_id=declaration.importer.id if declaration.importer else None,
        office=declaration.office,
        status=str(Status.LODGED),
        channel=str(outcome.channel),
        risk_score=outcome.risk_score,
        selected_by=outcome.selected_by,
        reasons=outcome.reasons,
        document=declaration.to_json_dict(),
        duty=assess_duty(declaration, tariff, vat_percent).as_dict(),
        lodged_at=now,  # receipt time: the time-release clock starts here, not at a claimed time
        updated_at=now,
        lodged_by=actor.name,
        idempotency_key=idempotency_key,
        body_hash=body_hash,
    )
    lodged = audit.new_event(
        previous=None,
        declaration_id=declaration_id,
        actor=actor.name,
        at=now,
        from_status=None,
        to_status=Status.LODGED,
        reason="lodged",
        details={"body_hash": body_hash},
    )
    scores = {
        "channel": str(outcome.channel),
        "risk_score": outcome.risk_score,
        "selected_by": outcome.selected_by,
        "versions": outcome.versions,
    }
    screened = _transition(
        record,
        Status.SCREENED,
        previous=lodged,
        actor="screening",
        at=now,
        reason="screened",
        details={**scores, "reasons": outcome.reasons},
    )
    routed = _transition(
        record,
        Status.HELD if outcome.hold else CHANNEL_STATUS[outcome.channel],
        previous=screened,
        actor="screening",
        at=now,
        reason=f"{outcome.channel} channel" + (" with mandatory hold" if outcome.hold else ""),
        details=scores,
    )
    _store_lodgement(session, record, [lodged, screened, routed])
    return Lodgement(record, replayed=False)


_RECORD_COLUMNS = [column.key for column in DeclarationRecord.__table__.columns]


def _store_lodgement(
    session: Session, record: DeclarationRecord, events: list[audit.AuditEvent]
) -> None:
    """Writes the declaration and its first events in one short transaction, everything computed
    beforehand: SQLite holds its single write lock only for two INSERTs and the commit, and
    PostgreSQL gets two round trips. Core inserts: the unit of work would need a flush per
    dependency level (audit rows reference the declaration), and its bookkeeping costs more
    than the INSERTs themselves."""
    try:
        with exclusive_write(session):
            session.connection().execute(
                insert(DeclarationRecord.__table__),
                {key: getattr(record, key) for key in _RECORD_COLUMNS},
            )
            audit.insert_events(session, events)
            session.commit()
    except IntegrityError as exc:  # a concurrent retry with the same key or id won the race
        session.rollback()
        raise ConflictError(f"declaration {record.id} was lodged concurrently") from exc


def get(*, session: Session, declaration_id: str, actor: User) -> DeclarationRecord:
    """A declaration the actor may see; others' declarations are 'not found', not 'forbidden',
    so a trader cannot probe which identifiers exist."""
    record = session.get(DeclarationRecord, declaration_id)
    if record is None or not _may_see(actor, record):
        raise NotFoundError(f"declaration {declaration_id} not found")
    return record


def search(
    *,
    session: Session,
    actor: User,
    status: str | None = None,
    channel: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[DeclarationRecord], int]:
    """Declarations the actor may see, newest first, one page at a time; returns (page, total)."""
    query = select(DeclarationRecord)
    if actor.role == Role.TRADER:
        query = query.where(
            (DeclarationRecord.declarant_id == actor.party_id)
            | (DeclarationRecord.importer_id == actor.party_id)
        )
    if status:
        query = query.where(DeclarationRecord.status == status)
    if channel:
        query = query.where(DeclarationRecord.channel == channel)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    ordered = query.order_by(DeclarationRecord.lodged_at.desc(), DeclarationRecord.id)
    records = session.scalars(ordered.offset((page - 1) * page_size).limit(page_size))
    return list(records), total


def queue(
    *,
    session: Session,
    actor: User,
    limit: int = 100,
    office: str | None = None,
    channel: str | None = None,
    status: str | None = None,
) -> list[DeclarationRecord]:
    """Open document checks, inspections and holds, highest risk first, optionally narrowed to
    one office, channel or open status."""
    _require_officer(actor)
    open_statuses = [str(s) for s in OPEN_FOR_OFFICERS]
    query = select(DeclarationRecord).where(
        DeclarationRecord.status.in_([status] if status in open_statuses else open_statuses)
    )
    if office:
        query = query.where(DeclarationRecord.office == office)
    if channel:
        query = query.where(DeclarationRecord.channel == channel)
    ordered = query.order_by(DeclarationRecord.risk_score.desc(), DeclarationRecord.lodged_at)
    return list(session.scalars(ordered.limit(limit)))


def decide(
    *,
    session: Session,
    declaration_id: str,
    actor: User,
    decision: Decision,
    reason: str,
    now: datetime | None = None,
) -> DeclarationRecord:
    """An officer releases, holds or sends a declaration to inspection, with a reason."""
    _require_officer(actor)
    record = get(session=session, declaration_id=declaration_id, actor=actor)
    _move(
        session,
        record,
        DECISION_STATUS[decision],
        previous=audit.last_event(session, record.id),
        actor=actor.name,
        at=now or datetime.now(UTC),
        reason=reason,
        details={"decision": decision},
    )
    session.commit()
    return record


def record_inspection(
    *,
    session: Session,
    declaration_id: str,
    actor: User,
    outcome: Literal["compliant", "discrepancy"],
    fraud_type: str | None = None,
    duty_recovered: Decimal = Decimal(0),
    notes: str = "",
    now: datetime | None = None,
) -> Inspection:
    """Records what an inspection found: compliant goods are released, a discrepancy is held
    for the officer's next step. The outcome becomes training history for the risk cluster."""
    _require_officer(actor)
    record = get(session=session, declaration_id=declaration_id, actor=actor)
    if record.status != Status.INSPECTION:
        raise ConflictError(f"declaration {declaration_id} is {record.status}, not in inspection")
    now = now or datetime.now(UTC)
    inspection = Inspection(
        declaration_id=declaration_id,
        officer=actor.name,
        at=now,
        outcome=outcome,
        fraud_type=fraud_type if outcome == "discrepancy" else None,
        duty_recovered=duty_recovered,
        notes=notes,
    )
    session.add(inspection)
    target = Status.RELEASED if outcome == "compliant" else Status.HELD
    details = {"outcome": outcome, "fraud_type": fraud_type, "duty_recovered": str(duty_recovered)}
    _move(
        session,
        record,
        target,
        previous=audit.last_event(session, record.id),
        actor=actor.name,
        at=now,
        reason=f"inspection {outcome}",
        details=details,
    )
    session.commit()
    return inspection


def audit_trail(*, session: Session, declaration_id: str, actor: User) -> list[audit.AuditEvent]:
    """The audit events of a declaration the actor may see."""
    get(session=session, declaration_id=declaration_id, actor=actor)
    return audit.trail(session, declaration_id)


def offices(*, session: Session) -> list[str]:
    """The customs offices that have declarations, for filters."""
    return list(session.scalars(select(DeclarationRecord.office).distinct().order_by("office")))


def latest_activity(*, session: Session) -> datetime | None:
    """When a declaration last changed: where a dashboard's 'now' is on a replayed store."""
    return session.scalar(select(func.max(DeclarationRecord.updated_at)))
