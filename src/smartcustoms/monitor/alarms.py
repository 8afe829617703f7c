"""Anomaly alarms against robust baselines (median and MAD, not mean and sd, so one busy day
in the history does not blind them).

The current window [at - window, at) is compared with the same hours of the week in each of
the previous weeks, per office: traffic has a weekly rhythm, so Monday morning is judged
against Monday mornings. Importers trade too rarely for a weekly rhythm; an importer's window
is compared with every window of the same length in the previous weeks. A store whose history
does not reach back over those weeks (a new installation, a fresh demo) raises no alarm: with
no baseline, every importer would look like a jump.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import sqrt
from typing import Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from smartcustoms.clearance.states import Status
from smartcustoms.monitor.kpis import queues_at
from smartcustoms.monitor.release_times import HOUR
from smartcustoms.monitor.stats import robust_baseline
from smartcustoms.monitor.timelines import DeclarationFacts, load_facts
from smartcustoms.rules.channel import Channel

AlarmKind = Literal["green_share_rise", "queue_stalled", "importer_volume_jump"]
WEEK = timedelta(days=7)
WATCHED_QUEUES = (Status.DOCUMENT_CHECK, Status.INSPECTION)


@dataclass(frozen=True, slots=True)
class AlarmRules:
    """How far from its baseline a figure must move to raise an alarm."""

    window_hours: float = 24.0
    weeks: int = 4
    """Weeks of history in every baseline."""
    z: float = 3.5
    """Robust z-score (distance from the median in scaled MADs) that raises an alarm."""
    min_lodgements: int = 20
    """An office's green share is judged only on at least this many lodgements."""
    min_share_rise: float = 0.15
    min_importer_lodgements: int = 10
    jump_ratio: float = 5.0
    """An importer's volume must reach this multiple of its usual window."""


class Alarm(BaseModel):
    kind: AlarmKind
    office: str | None = None
    importer_id: str | None = None
    queue: str | None = None
    window_start: datetime
    window_end: datetime
    value: float
    baseline_median: float
    threshold: float
    message: str


def _window_count(
    facts: list[DeclarationFacts], start: datetime, end: datetime, key: Callable
) -> Counter:
    return Counter(key(f) for f in facts if start <= f.lodged_at < end)


def alarms(*, session: Session, at: datetime, rules: AlarmRules = AlarmRules()) -> list[Alarm]:
    """Every alarm standing at ``at``, strongest evidence first within each kind."""
    window = timedelta(hours=rules.window_hours)
    history_start = at - window - rules.weeks * WEEK
    facts = load_facts(session=session, start=history_start - WEEK, end=at)
    if not facts or min(f.lodged_at for f in facts) > history_start:
        return []  # a baseline needs the weeks of history it compares with: a new store has none
    same_hours = [(at - window - k * WEEK, at - k * WEEK) for k in range(1, rules.weeks + 1)]
    found = _green_share(facts, at, window, same_hours, rules)
    found += _stalled_queues(facts, at, window, same_hours, rules)
    found += _importer_jumps(facts, at, window, history_start, rules)
    return found


def _green_share(facts, at, window, same_hours, rules: AlarmRules) -> list[Alarm]:
    def shares(start: datetime, end: datetime) -> dict[str, tuple[int, float]]:
        total = _window_count(facts, start, end, lambda f: f.office)
        green = _window_count(facts, start, end, lambda f: (f.office, f.channel))
        return {o: (n, green[(o, Channel.GREEN.value)] / n) for o, n in total.items()}

    now = shares(at - window, at)
    history = [shares(*span) for span in same_hours]
    found = []
    for office, (count, share) in sorted(now.items()):
        past = [h[office][1] for h in history if office in h]
        if count < rules.min_lodgements or len(past) < 2:
            continue
        median, spread = robust_baseline(past)
        binomial = sqrt(max(median * (1 - median), 1e-6) / count)
        threshold = median + max(rules.z * max(spread, binomial), rules.min_share_rise)
        if share > threshold:
            found.append(
                Alarm(
                    kind="green_share_rise",
                    office=office,
                    window_start=at - window,
                    window_end=at,
                    value=share,
                    baseline_median=median,
                    threshold=threshold,
                    message=f"green channel at {office}: {share:.0%} of {count} lodgements, "
                    f"usually {median:.0%} at these hours",
                )
            )
    return found


def _stalled_queues(facts, at, window, same_hours, rules: AlarmRules) -> list[Alarm]:
    """A queue has stopped moving when nothing left it in the window though the same hours
    usually see work done, and its oldest case is older than the office's cases usually wait."""
    left: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    waits: dict[tuple[str, str], list[float]] = defaultdict(list)
    for fact in facts:
        for queue in WATCHED_QUEUES:
            for entered, exited in fact.finished_in(queue):
                left[(fact.office, queue)].append(exited)
                if exited >= at - rules.weeks * WEEK:
                    waits[(fact.office, queue)].append((exited - entered).total_seconds() / HOUR)
    found = []
    for waiting in queues_at(facts, at):
        key = (waiting.office, waiting.queue)
        if waiting.queue not in WATCHED_QUEUES or len(waits[key]) < 3:
            continue
        done_now = sum(at - window <= t < at for t in left[key])
        past = [sum(start <= t < end for t in left[key]) for start, end in same_hours]
        median, spread = robust_baseline(past)
        floor = median - rules.z * max(spread, sqrt(median))
        wait_median, wait_spread = robust_baseline(waits[key])
        overdue = wait_median + rules.z * max(wait_spread, wait_median / 2)
        if median >= 1 and done_now <= max(floor, 0) and waiting.oldest_age_hours > overdue:
            found.append(
                Alarm(
                    kind="queue_stalled",
                    office=waiting.office,
                    queue=waiting.queue,
                    window_start=at - window,
                    window_end=at,
                    value=done_now,
                    baseline_median=median,
                    threshold=max(floor, 0),
                    message=f"{waiting.queue} at {waiting.office} has stopped: {done_now} "
                    f"finished in {rules.window_hours:g} h (usually {median:g}); "
                    f"{waiting.length} waiting, oldest {waiting.oldest_age_hours:.0f} h "
                    f"(cases usually wait {wait_median:.0f} h)",
                )
            )
    return found


def _importer_jumps(facts, at, window, history_start, rules: AlarmRules) -> list[Alarm]:
    def importer(fact: DeclarationFacts) -> str | None:
        return fact.importer_id

    now = _window_count(facts, at - window, at, importer)
    spans = int((at - window - history_start) / window)
    history = [
        _window_count(facts, at - window - (k + 1) * window, at - window - k * window, importer)
        for k in range(spans)
    ]
    found = []
    for importer_id, count in sorted(now.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        if importer_id is None or count < rules.min_importer_lodgements:
            continue
        median, spread = robust_baseline([h.get(importer_id, 0) for h in history])
        usual = max(median, 1.0)
        threshold = max(rules.jump_ratio * usual, median + rules.z * max(spread, sqrt(usual)))
        if count > threshold:
            found.append(
                Alarm(
                    kind="importer_volume_jump",
                    importer_id=importer_id,
                    window_start=at - window,
                    window_end=at,
                    value=count,
                    baseline_median=median,
                    threshold=threshold,
                    message=f"importer {importer_id}: {count} lodgements in "
                    f"{rules.window_hours:g} h, usually {median:g}",
                )
            )
    return found
