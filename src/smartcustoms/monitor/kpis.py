"""Rolling operational KPIs over a window: volume, channel mix, queues, inspection results,
release times. Plain functions returning pydantic models, for the API, /metrics and the
analyst dashboard alike."""

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from smartcustoms.monitor.release_times import HOUR, milestones_of
from smartcustoms.monitor.stats import percentile
from smartcustoms.monitor.timelines import OPEN_STATUSES, DeclarationFacts, check_period, load_facts

QUEUE_LOOKBACK = timedelta(days=30)
"""Declarations lodged this long before a window are still looked at for open queues."""
TARGETED = ("rule", "model")


class QueueKpi(BaseModel):
    """Declarations waiting for officers in one status at one office, at the window's end."""

    office: str
    queue: str
    length: int
    oldest_age_hours: float


class SelectionPrecision(BaseModel):
    """Inspections finished in the window and how many found a discrepancy."""

    inspections: int
    discrepancies: int
    precision: float | None


class Kpis(BaseModel):
    start: datetime
    end: datetime
    office: str | None
    lodgements: int
    lodgements_per_hour: float
    channel_mix: dict[str, float]
    queues: list[QueueKpi]
    inspections: int
    hit_rate: float | None
    precision_by_selection: dict[str, SelectionPrecision]
    """``exploration`` (random picks: the unbiased hit rate) against ``targeted`` (rule or
    model)."""
    duty_recovered: Decimal
    release_median_hours: float | None
    release_p90_hours: float | None


class SeriesPoint(BaseModel):
    """Lodgements by channel in one time bucket."""

    start: datetime
    lodgements: int
    channels: dict[str, int]


def queues_at(facts: list[DeclarationFacts], when: datetime) -> list[QueueKpi]:
    """Open document checks, inspections and holds at ``when``, per office and status."""
    waiting: dict[tuple[str, str], list[float]] = defaultdict(list)
    for fact in facts:
        status, since = fact.status_at(when)
        if status in OPEN_STATUSES and since is not None:
            waiting[(fact.office, status)].append((when - since).total_seconds() / HOUR)
    return [
        QueueKpi(office=office, queue=queue, length=len(ages), oldest_age_hours=max(ages))
        for (office, queue), ages in sorted(waiting.items())
    ]


def _selection(selected_by: str | None) -> str:
    return "exploration" if selected_by == "exploration" else "targeted"


def kpis(*, session: Session, start: datetime, end: datetime, office: str | None = None) -> Kpis:
    """KPIs of [start, end): lodgements and channel mix of declarations lodged in it,
    inspections finished in it, queues at its end, release times of declarations lodged in it."""
    check_period(start, end)
    facts = load_facts(session=session, start=start - QUEUE_LOOKBACK, end=end)
    if office:
        facts = [f for f in facts if f.office == office]
    lodged = [f for f in facts if f.lodged_at >= start]
    channels = Counter(f.channel or "none" for f in lodged)
    finished: dict[str, list[bool]] = defaultdict(list)
    duty = Decimal(0)
    for fact in facts:
        for _, move in fact.inspections():
            if start <= move.at < end:
                finished[_selection(fact.selected_by)].append(move.outcome == "discrepancy")
                duty += move.duty_recovered
    everything = [hit for hits in finished.values() for hit in hits]
    release = [h for f in lodged if (h := milestones_of(f).release_hours) is not None]
    return Kpis(
        start=start,
        end=end,
        office=office,
        lodgements=len(lodged),
        lodgements_per_hour=len(lodged) / ((end - start).total_seconds() / HOUR),
        channel_mix={c: n / len(lodged) for c, n in sorted(channels.items())},
        queues=queues_at(facts, end),
        inspections=len(everything),
        hit_rate=sum(everything) / len(everything) if everything else None,
        precision_by_selection={
            kind: SelectionPrecision(
                inspections=len(finished[kind]),
                discrepancies=sum(finished[kind]),
                precision=sum(finished[kind]) / len(finished[kind]) if finished[kind] else None,
            )
            for kind in ("exploration", "targeted")
        },
        duty_recovered=duty,
        release_median_hours=percentile(release, 50),
        release_p90_hours=percentile(release, 90),
    )


def lodgement_series(
    *,
    session: Session,
    start: datetime,
    end: datetime,
    bucket: timedelta = timedelta(hours=1),
    office: str | None = None,
) -> list[SeriesPoint]:
    """Lodgements per bucket and channel, every bucket present (zeros too), for charts."""
    check_period(start, end)
    facts = load_facts(session=session, start=start, end=end)
    buckets = int(-(-(end - start) // bucket))
    counts: list[Counter] = [Counter() for _ in range(buckets)]
    for fact in facts:
        if office is None or fact.office == office:
            counts[(fact.lodged_at - start) // bucket][fact.channel or "none"] += 1
    return [
        SeriesPoint(start=start + i * bucket, lodgements=sum(c.values()), channels=dict(c))
        for i, c in enumerate(counts)
    ]
