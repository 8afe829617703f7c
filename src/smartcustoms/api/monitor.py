"""Routes for Time Release Study figures, KPIs, alarms and Prometheus metrics; thin over
the monitor package."""

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response

from smartcustoms.api.deps import CurrentUser, RequestTime, SessionDep
from smartcustoms.api.times import check_times
from smartcustoms.clearance.users import Role
from smartcustoms.errors import ForbiddenError
from smartcustoms.monitor import metrics
from smartcustoms.monitor.alarms import Alarm, AlarmRules, alarms
from smartcustoms.monitor.kpis import Kpis, kpis
from smartcustoms.monitor.release_times import GroupBy, ReleaseTimeGroup, release_time_stats
from smartcustoms.monitor.timelines import PeriodError, check_period

router = APIRouter(prefix="/api/v1/monitor", tags=["monitor"])
metrics_router = APIRouter()
From = Annotated[datetime | None, Query(alias="from", description="Start (default: to - 24 h)")]
To = Annotated[datetime | None, Query(alias="to", description="End (default: now)")]


def _require_customs(user) -> None:
    """Figures per office and importer are for customs staff, not traders."""
    if user.role == Role.TRADER:
        raise ForbiddenError("only customs officers and analysts may read the monitor")


def _period(
    start: datetime | None, end: datetime | None, now: datetime
) -> tuple[datetime, datetime]:
    """The asked period (default: the 24 h before now); a 422 unless it is zoned, ordered and
    inside the calendar (see api.times)."""
    check_times(start, end)
    end = end or now
    start = start or end - timedelta(hours=24)
    try:
        check_period(start, end)
    except PeriodError as exc:
        raise HTTPException(422, str(exc)) from exc
    return start, end


@router.get("/release-times", response_model=list[ReleaseTimeGroup])
def release_times(
    session: SessionDep,
    user: CurrentUser,
    now: RequestTime,
    start: From = None,
    end: To = None,
    by: GroupBy = "office",
) -> list[ReleaseTimeGroup]:
    """Median and p90 lodgement-to-release hours of declarations lodged in the period."""
    _require_customs(user)
    start, end = _period(start, end, now)
    return release_time_stats(session=session, start=start, end=end, by=by)


@router.get("/kpis", response_model=Kpis)
def read_kpis(
    session: SessionDep,
    user: CurrentUser,
    now: RequestTime,
    start: From = None,
    end: To = None,
    office: str | None = None,
) -> Kpis:
    """Volume, channel mix, queues, hit rates, duty recovered and release times."""
    _require_customs(user)
    start, end = _period(start, end, now)
    return kpis(session=session, start=start, end=end, office=office)


@router.get("/alarms", response_model=list[Alarm])
def read_alarms(
    session: SessionDep,
    user: CurrentUser,
    now: RequestTime,
    at: Annotated[datetime | None, Query(description="Judge at this time (default: now)")] = None,
    window_hours: Annotated[float, Query(ge=1, le=24 * 7)] = 24.0,
    weeks: Annotated[int, Query(ge=2, le=26)] = 4,
) -> list[Alarm]:
    """Alarms standing at ``at`` against baselines of the same hours in previous weeks."""
    _require_customs(user)
    rules = AlarmRules(window_hours=window_hours, weeks=weeks)
    _, at = _period(None, at, now)
    return alarms(session=session, at=at, rules=rules)


@metrics_router.get("/metrics", include_in_schema=False)
def prometheus_metrics(request: Request) -> Response:
    """Aggregate figures only (no importer names), so scrapers need no token."""
    body = metrics.exposition(request.app.state.sessions, lambda: datetime.now(UTC))
    return Response(body, media_type=metrics.CONTENT_TYPE)
