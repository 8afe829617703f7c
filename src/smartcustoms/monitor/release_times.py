"""Time Release Study figures: the milestones of each declaration and release-time percentiles
per office, channel or transport mode over any period."""

from collections import defaultdict
from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from smartcustoms.clearance.states import Status
from smartcustoms.monitor.stats import percentile
from smartcustoms.monitor.timelines import DeclarationFacts, load_facts

GroupBy = Literal["office", "channel", "mode", "all"]
HOUR = 3600.0


class Milestones(BaseModel):
    """When a declaration passed each step of the Time Release Study."""

    declaration_id: str
    office: str
    channel: str | None
    mode: str
    arrived_at: datetime | None
    lodged_at: datetime
    screened_at: datetime | None
    channel_at: datetime | None
    document_check_at: datetime | None
    inspection_at: datetime | None
    released_at: datetime | None
    release_hours: float | None
    """Lodgement to release: the part customs answers for."""
    arrival_to_release_hours: float | None


class ReleaseTimeGroup(BaseModel):
    """Release-time percentiles of the declarations of one office, channel or mode."""

    group: str
    declarations: int
    released: int
    median_hours: float | None
    p90_hours: float | None


def _hours(start: datetime | None, end: datetime | None) -> float | None:
    return (end - start).total_seconds() / HOUR if start and end else None


def milestones_of(facts: DeclarationFacts) -> Milestones:
    released = facts.first_at(Status.RELEASED)
    return Milestones(
        declaration_id=facts.declaration_id,
        office=facts.office,
        channel=facts.channel,
        mode=facts.mode,
        arrived_at=facts.arrived_at,
        lodged_at=facts.first_at(Status.LODGED) or facts.lodged_at,
        screened_at=facts.first_at(Status.SCREENED),
        channel_at=facts.channel_at,
        document_check_at=facts.first_at(Status.DOCUMENT_CHECK),
        inspection_at=facts.first_at(Status.INSPECTION),
        released_at=released,
        release_hours=_hours(facts.first_at(Status.LODGED) or facts.lodged_at, released),
        arrival_to_release_hours=_hours(facts.arrived_at, released),
    )


def milestones(*, session: Session, start: datetime, end: datetime) -> list[Milestones]:
    """Milestones of every declaration lodged in [start, end), as the store knows them at end."""
    facts = load_facts(session=session, start=start, end=end, with_arrivals=True)
    return [milestones_of(f) for f in facts]


def release_time_stats(
    *, session: Session, start: datetime, end: datetime, by: GroupBy = "office"
) -> list[ReleaseTimeGroup]:
    """Median and 90th percentile of lodgement-to-release hours per group, for declarations
    lodged in [start, end) and released by ``end``; declarations not yet released are counted
    but have no release time."""
    groups: dict[str, list[float | None]] = defaultdict(list)
    for row in milestones(session=session, start=start, end=end):
        key = "all" if by == "all" else getattr(row, by) or "none"
        groups[key].append(row.release_hours)
    result = []
    for key in sorted(groups):
        released = [h for h in groups[key] if h is not None]
        result.append(
            ReleaseTimeGroup(
                group=key,
                declarations=len(groups[key]),
                released=len(released),
                median_hours=percentile(released, 50),
                p90_hours=percentile(released, 90),
            )
        )
    return result
