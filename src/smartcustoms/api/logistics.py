"""Routes for carrier and terminal events and the findings they raise; thin over logistics."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel

from smartcustoms.api.deps import CurrentUser, RequestTime, SessionDep
from smartcustoms.api.problems import problem
from smartcustoms.api.times import check_times
from smartcustoms.clearance import service
from smartcustoms.clearance.users import Role
from smartcustoms.errors import ForbiddenError
from smartcustoms.logistics import events as logistics_events
from smartcustoms.logistics.matching import (
    Finding,
    FindingRules,
    findings,
    findings_for_declaration,
    references,
)

router = APIRouter(prefix="/api/v1/logistics", tags=["logistics"])


class RecordedOut(BaseModel):
    accepted: int
    duplicates: int


class EventOut(BaseModel):
    transport_document: str
    kind: str
    at: datetime
    office: str | None
    packages: int | None
    quantity: float | None
    gross_mass_kg: float | None
    reported_by: str


class DeclarationLogisticsOut(BaseModel):
    declaration_id: str
    transport_documents: list[str]
    events: list[EventOut]
    findings: list[Finding]


def _require_customs(user) -> None:
    if user.role == Role.TRADER:
        raise ForbiddenError("only customs staff may read logistics findings")


@router.post("/events", status_code=201, response_model=RecordedOut)
def post_events(
    session: SessionDep,
    user: CurrentUser,
    now: RequestTime,
    body: Annotated[
        dict | list, Body(description="One event or a list of events (at most 10,000)")
    ],
) -> RecordedOut | Response:
    """Records manifest, arrival, discharge and gate events; resent events are kept once."""
    try:
        parsed = logistics_events.parse_events(body)
    except logistics_events.InvalidEventsError as exc:
        errors = [e.as_dict() for e in exc.errors]
        return problem(422, "Invalid logistics events", f"{len(errors)} problem(s)", errors=errors)
    recorded = logistics_events.record_events(
        session=session, events=parsed, reported_by=user.name, now=now
    )
    return RecordedOut(accepted=recorded.accepted, duplicates=recorded.duplicates)


@router.get("/findings", response_model=list[Finding])
def get_findings(
    session: SessionDep,
    user: CurrentUser,
    now: RequestTime,
    start: Annotated[datetime | None, Query(alias="from")] = None,
    end: Annotated[datetime | None, Query(alias="to")] = None,
    at: Annotated[datetime | None, Query(description="Judge lateness at this time")] = None,
    no_arrival_hours: Annotated[float, Query(gt=0, le=8760)] = 48.0,
    undeclared_hours: Annotated[float, Query(gt=0, le=8760)] = 24.0,
    tolerance: Annotated[float, Query(ge=0, le=1)] = 0.05,
) -> list[Finding]:
    """Declarations with no arrival, undeclared arrivals and manifest differences (customs)."""
    _require_customs(user)
    check_times(start, end, at)
    rules = FindingRules(no_arrival_hours, undeclared_hours, tolerance)
    return findings(session=session, now=at or now, start=start, end=end, rules=rules)


@router.get("/declarations/{declaration_id}", response_model=DeclarationLogisticsOut)
def declaration_logistics(
    declaration_id: str, session: SessionDep, user: CurrentUser, now: RequestTime
) -> DeclarationLogisticsOut:
    """The logistics events and findings of one declaration the caller may see."""
    record = service.get(session=session, declaration_id=declaration_id, actor=user)
    named = references(record.document)
    stored = logistics_events.events_for(session, named)
    return DeclarationLogisticsOut(
        declaration_id=record.id,
        transport_documents=named,
        events=[EventOut.model_validate(e, from_attributes=True) for e in stored],
        findings=findings_for_declaration(session=session, record=record, now=now),
    )
