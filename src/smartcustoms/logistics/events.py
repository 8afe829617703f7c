"""Logistics events on the wire, their validation, and recording them once each."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.declarations.validation import pointer
from smartcustoms.errors import FieldError, SmartCustomsError
from smartcustoms.logistics.tables import LogisticsEvent

MAX_EVENTS_PER_REQUEST = 10_000
"""A batch is validated whole before anything is stored; bigger feeds go through files."""
_CHUNK = 1_000


class EventKind(StrEnum):
    """Where a consignment stands in the logistics chain, in the order it usually happens."""

    MANIFEST_FILED = "manifest_filed"
    ARRIVED = "arrived"
    DISCHARGED = "discharged"
    GATE_IN_INSPECTION = "gate_in_inspection"
    GATE_OUT = "gate_out"


class InvalidEventsError(SmartCustomsError):
    """Logistics events failed validation; ``errors`` lists every problem with its pointer."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class LogisticsEventIn(BaseModel):
    """One event as a carrier or terminal reports it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    transport_document: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)
    ]
    """Bill of lading, air waybill or container number."""
    kind: EventKind
    at: AwareDatetime
    office: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2,10}$")] | None = None
    packages: int | None = Field(default=None, ge=0)
    quantity: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    gross_mass_kg: float | None = Field(default=None, ge=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _manifest_has_figures(self) -> "LogisticsEventIn":
        figures = (self.packages, self.quantity, self.gross_mass_kg)
        if self.kind is EventKind.MANIFEST_FILED and all(f is None for f in figures):
            raise ValueError("a manifest needs packages, quantity or gross_mass_kg to compare")
        return self


def parse_events(raw: Any, *, position: str = "") -> list[LogisticsEventIn]:
    """Validates one event or a list of them; raises InvalidEventsError listing every problem,
    each pointing at the event's index (``[3].at``) so a feed can be corrected in one pass."""
    batch = raw if isinstance(raw, list) else [raw]
    if len(batch) > MAX_EVENTS_PER_REQUEST:
        raise InvalidEventsError(
            [
                FieldError(
                    "(body)", f"{len(batch):,} events; send at most {MAX_EVENTS_PER_REQUEST:,}"
                )
            ]
        )
    events, errors = [], []
    for index, item in enumerate(batch):
        where = position or (f"[{index}]" if isinstance(raw, list) else "")
        try:
            events.append(LogisticsEventIn.model_validate(item))
        except PydanticValidationError as exc:
            for error in exc.errors():
                field = pointer(tuple(error["loc"])) if error["loc"] else "(event)"
                errors.append(FieldError(f"{where}.{field}" if where else field, error["msg"]))
    if errors:
        raise InvalidEventsError(errors)
    return events


@dataclass(frozen=True, slots=True)
class Recorded:
    """How many events were new and how many had been reported before (and were skipped)."""

    accepted: int
    duplicates: int


def _key(document: str, kind: str, at: datetime) -> tuple[str, str, datetime]:
    return document, kind, at.astimezone(UTC)


def record_events(
    *, session: Session, events: Iterable[LogisticsEventIn], reported_by: str, now: datetime
) -> Recorded:
    """Stores the events not seen before and commits; the same event reported twice (same
    document, kind and time) is kept once, so a feed can be resent safely."""
    accepted = duplicates = 0
    chunk: list[LogisticsEventIn] = []

    def flush() -> None:
        nonlocal accepted, duplicates
        documents = {e.transport_document for e in chunk}
        query = select(LogisticsEvent.transport_document, LogisticsEvent.kind, LogisticsEvent.at)
        seen = {
            _key(*row)
            for row in session.execute(
                query.where(LogisticsEvent.transport_document.in_(documents))
            )
        }
        for event in chunk:
            key = _key(event.transport_document, str(event.kind), event.at)
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            accepted += 1
            session.add(
                LogisticsEvent(
                    transport_document=event.transport_document,
                    kind=str(event.kind),
                    at=event.at,
                    office=event.office,
                    packages=event.packages,
                    quantity=event.quantity,
                    gross_mass_kg=event.gross_mass_kg,
                    reported_by=reported_by,
                    received_at=now,
                )
            )
        session.flush()
        chunk.clear()

    for event in events:
        chunk.append(event)
        if len(chunk) >= _CHUNK:
            flush()
    if chunk:
        flush()
    session.commit()
    return Recorded(accepted, duplicates)


def events_for(session: Session, documents: Sequence[str]) -> list[LogisticsEvent]:
    """The events of the given transport documents, oldest first."""
    if not documents:
        return []
    query = select(LogisticsEvent).where(LogisticsEvent.transport_document.in_(documents))
    return list(session.scalars(query.order_by(LogisticsEvent.at, LogisticsEvent.id)))
