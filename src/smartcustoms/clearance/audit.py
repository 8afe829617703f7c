"""The append-only audit trail: every state change, hash-chained per declaration.

Each event's hash covers its content and the previous event's hash, so editing or removing an
event anywhere in a chain breaks every hash after it; ``verify`` recomputes the chains.
"""

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from smartcustoms.clearance.tables import AuditEvent, DeclarationRecord

GENESIS = "0" * 64


def _digest(event: AuditEvent) -> str:
    content = {
        "declaration_id": event.declaration_id,
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "from": event.from_status,
        "to": event.to_status,
        "reason": event.reason,
        "details": event.details,
        "prev": event.prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def last_event(session: Session, declaration_id: str) -> AuditEvent | None:
    """The newest event of a declaration's chain, or None for a declaration not yet recorded."""
    query = select(AuditEvent).where(AuditEvent.declaration_id == declaration_id)
    return session.scalars(query.order_by(AuditEvent.seq.desc()).limit(1)).first()


def new_event(
    *,
    previous: AuditEvent | None,
    declaration_id: str,
    actor: str,
    at: datetime,
    from_status: str | None,
    to_status: str,
    reason: str,
    details: dict[str, Any],
) -> AuditEvent:
    """The hashed event after ``previous`` (None for the first), not yet in any session.
    Two writers racing to extend one chain collide on the (declaration_id, seq) unique key."""
    event = AuditEvent(
        declaration_id=declaration_id,
        seq=previous.seq + 1 if previous else 1,
        at=at,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        details=details,
        prev_hash=previous.hash if previous else GENESIS,
    )
    event.hash = _digest(event)
    return event


_COLUMNS = [column.key for column in AuditEvent.__table__.columns if column.key != "id"]


def insert_events(session: Session, events: list[AuditEvent]) -> None:
    """Writes new events in one INSERT (Core: no unit of work, no ORM bulk machinery per row;
    a lodgement writes three); the caller commits."""
    rows = [{key: getattr(event, key) for key in _COLUMNS} for event in events]
    session.connection().execute(insert(AuditEvent.__table__), rows)


def trail(session: Session, declaration_id: str) -> list[AuditEvent]:
    """A declaration's events, oldest first."""
    query = select(AuditEvent).where(AuditEvent.declaration_id == declaration_id)
    return list(session.scalars(query.order_by(AuditEvent.seq)))


def verify(session: Session) -> list[str]:
    """Recomputes every chain; returns one line per problem (empty when the trail is intact)."""
    problems = []
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.declaration_id, AuditEvent.seq))
    chains: dict[str, list[AuditEvent]] = {}
    for event in events:
        chains.setdefault(event.declaration_id, []).append(event)
    for declaration_id, chain in chains.items():
        previous_hash = GENESIS
        for expected_seq, event in enumerate(chain, start=1):
            where = f"{declaration_id} event {event.seq}"
            if event.seq != expected_seq:
                problems.append(f"{where}: expected event {expected_seq}; an event is missing")
            if event.prev_hash != previous_hash:
                problems.append(f"{where}: does not follow the previous event's hash")
            if _digest(event) != event.hash:
                problems.append(f"{where}: content does not match its hash (altered)")
            previous_hash = event.hash
    for record in session.scalars(select(DeclarationRecord)):
        chain = chains.get(record.id)
        if not chain:
            problems.append(f"{record.id}: has no audit events")
        elif chain[-1].to_status != record.status:
            problems.append(
                f"{record.id}: status {record.status} differs from its last audit event "
                f"({chain[-1].to_status})"
            )
    return problems
