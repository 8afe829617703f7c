"""What the audit trail says about each declaration, read once and shared by every figure.

Every timestamp here comes from the append-only audit trail (and, for arrivals, the logistics
events), so the monitor shows what the workflow actually did, not what a record claims.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.clearance.states import OPEN_FOR_OFFICERS, Status
from smartcustoms.clearance.tables import AuditEvent, DeclarationRecord
from smartcustoms.errors import SmartCustomsError
from smartcustoms.logistics.events import EventKind
from smartcustoms.logistics.matching import first_event_times

OPEN_STATUSES = frozenset(str(s) for s in OPEN_FOR_OFFICERS)


class PeriodError(SmartCustomsError):
    """A period whose end is not after its start."""


def check_period(start: datetime, end: datetime) -> None:
    """Raises PeriodError unless start < end and both carry a zone."""
    if start.tzinfo is None or end.tzinfo is None:
        raise PeriodError("times need a zone, e.g. 2025-01-01T00:00:00Z")
    if end <= start:
        raise PeriodError(f"the period ends ({end.isoformat()}) before it starts")


@dataclass(frozen=True, slots=True)
class Move:
    """One audited state change."""

    at: datetime
    from_status: str | None
    to_status: str
    outcome: str | None = None
    duty_recovered: Decimal = Decimal(0)


@dataclass(slots=True)
class DeclarationFacts:
    """A declaration's identity and its audited moves, oldest first."""

    declaration_id: str
    office: str
    importer_id: str | None
    mode: str
    channel: str | None
    selected_by: str | None
    lodged_at: datetime
    moves: list[Move] = field(default_factory=list)
    arrived_at: datetime | None = None
    rules: tuple[str, ...] = ()
    """The rules that fired at screening, for hit rates per rule."""

    def first_at(self, status: str, *, until: datetime | None = None) -> datetime | None:
        """When the declaration first entered ``status`` (no later than ``until``)."""
        for move in self.moves:
            if move.to_status == status and (until is None or move.at <= until):
                return move.at
        return None

    @property
    def channel_at(self) -> datetime | None:
        """When screening's channel took effect: the move out of 'screened'."""
        return next((m.at for m in self.moves if m.from_status == Status.SCREENED), None)

    def status_at(self, when: datetime) -> tuple[str | None, datetime | None]:
        """The status at ``when`` and since when it has held."""
        current = None
        for move in self.moves:
            if move.at > when:
                break
            current = move
        return (current.to_status, current.at) if current else (None, None)

    def inspections(self) -> Iterator[tuple[datetime, Move]]:
        """(started, finishing move) of every completed inspection."""
        started = None
        for move in self.moves:
            if move.to_status == Status.INSPECTION:
                started = move.at
            elif move.from_status == Status.INSPECTION and started is not None:
                yield started, move
                started = None

    def finished_in(self, status: str) -> Iterator[tuple[datetime, datetime]]:
        """(entered, left) for every completed stay in ``status``."""
        entered = None
        for move in self.moves:
            if move.to_status == status:
                entered = move.at
            elif move.from_status == status and entered is not None:
                yield entered, move.at
                entered = None


def load_facts(
    *, session: Session, start: datetime, end: datetime, with_arrivals: bool = False
) -> list[DeclarationFacts]:
    """Declarations lodged in [start, end) with their audited moves up to ``end``."""
    check_period(start, end)
    records = list(
        session.scalars(
            select(DeclarationRecord)
            .where(DeclarationRecord.lodged_at >= start, DeclarationRecord.lodged_at < end)
            .order_by(DeclarationRecord.lodged_at, DeclarationRecord.id)
        )
    )
    facts = {
        r.id: DeclarationFacts(
            declaration_id=r.id,
            office=r.office,
            importer_id=r.importer_id,
            mode=str(r.document.get("transport", {}).get("mode", "unknown")),
            channel=r.channel,
            selected_by=r.selected_by,
            lodged_at=r.lodged_at,
            rules=tuple(sorted({x["rule"] for x in r.reasons or [] if x.get("source") == "rule"})),
        )
        for r in records
    }
    ids = list(facts)
    for offset in range(0, len(ids), 1_000):
        query = (
            select(AuditEvent)
            .where(AuditEvent.declaration_id.in_(ids[offset : offset + 1_000]), AuditEvent.at < end)
            .order_by(AuditEvent.declaration_id, AuditEvent.seq)
        )
        for event in session.scalars(query):
            details = event.details or {}
            facts[event.declaration_id].moves.append(
                Move(
                    at=event.at,
                    from_status=event.from_status,
                    to_status=event.to_status,
                    outcome=details.get("outcome"),
                    duty_recovered=Decimal(details.get("duty_recovered") or 0),
                )
            )
    if with_arrivals:
        arrivals = first_event_times(session=session, records=records, kind=EventKind.ARRIVED)
        for declaration_id, at in arrivals.items():
            facts[declaration_id].arrived_at = at
    return list(facts.values())
