"""Prometheus text exposition of the KPIs of the last hour and day, computed at scrape time
from the store, so every API process reports the same figures."""

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.orm import Session

from smartcustoms.monitor.alarms import alarms
from smartcustoms.monitor.kpis import kpis

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class StoreCollector(Collector):
    """Reads the KPIs from a fresh session on every scrape."""

    def __init__(self, sessions: Callable[[], Session], clock: Callable[[], datetime]):
        self.sessions = sessions
        self.clock = clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = self.clock()
        with self.sessions() as session:
            hour = kpis(session=session, start=now - timedelta(hours=1), end=now)
            day = kpis(session=session, start=now - timedelta(days=1), end=now)
            standing = alarms(session=session, at=now)
        lodged = GaugeMetricFamily(
            "smartcustoms_lodgements_per_hour", "Declarations lodged per hour", labels=["window"]
        )
        lodged.add_metric(["1h"], hour.lodgements_per_hour)
        lodged.add_metric(["24h"], day.lodgements_per_hour)
        yield lodged
        mix = GaugeMetricFamily(
            "smartcustoms_channel_share",
            "Share of lodgements per channel, last 24 h",
            labels=["channel"],
        )
        for channel, share in day.channel_mix.items():
            mix.add_metric([channel], share)
        yield mix
        length = GaugeMetricFamily(
            "smartcustoms_queue_length", "Declarations waiting", labels=["office", "queue"]
        )
        age = GaugeMetricFamily(
            "smartcustoms_queue_oldest_age_hours",
            "Age of the oldest waiting",
            labels=["office", "queue"],
        )
        for queue in day.queues:
            length.add_metric([queue.office, queue.queue], queue.length)
            age.add_metric([queue.office, queue.queue], queue.oldest_age_hours)
        yield length
        yield age
        precision = GaugeMetricFamily(
            "smartcustoms_inspection_precision",
            "Share of inspections finished in the last 24 h that found a discrepancy",
            labels=["selection"],
        )
        for selection, figures in day.precision_by_selection.items():
            if figures.precision is not None:
                precision.add_metric([selection], figures.precision)
        yield precision
        duty = GaugeMetricFamily("smartcustoms_duty_recovered_24h", "Duty recovered, last 24 h")
        duty.add_metric([], float(day.duty_recovered))
        yield duty
        release = GaugeMetricFamily(
            "smartcustoms_release_hours",
            "Lodgement to release, declarations lodged in the last 24 h",
            labels=["quantile"],
        )
        for quantile, value in (("0.5", day.release_median_hours), ("0.9", day.release_p90_hours)):
            if value is not None:
                release.add_metric([quantile], value)
        yield release
        raised = GaugeMetricFamily("smartcustoms_alarms", "Alarms standing", labels=["kind"])
        for kind in ("green_share_rise", "queue_stalled", "importer_volume_jump"):
            raised.add_metric([kind], sum(a.kind == kind for a in standing))
        yield raised


def exposition(sessions: Callable[[], Session], clock: Callable[[], datetime]) -> bytes:
    """The metrics in Prometheus text format."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoreCollector(sessions, clock))
    return generate_latest(registry)
