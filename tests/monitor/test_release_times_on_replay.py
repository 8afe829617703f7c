"""Done when: release-time figures from the API agree with the audit trail computed directly."""

import statistics
from collections import defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import select

from smartcustoms.clearance.tables import AuditEvent, DeclarationRecord
from smartcustoms.clearance.users import Role, add_user
from tests.monitor.conftest import END

START = END - timedelta(days=14)


def _direct_from_audit(session, by: str) -> dict[str, tuple[int, int, float, float]]:
    """Lodged and first released events straight from audit_events, grouped independently."""
    rows = session.execute(
        select(AuditEvent, DeclarationRecord).join(
            DeclarationRecord, DeclarationRecord.id == AuditEvent.declaration_id
        )
    )
    lodged, released, group = {}, {}, {}
    for event, record in rows:
        if event.to_status == "lodged":
            lodged[record.id] = event.at
        if event.to_status == "released" and event.at < END:
            released[record.id] = min(event.at, released.get(record.id, event.at))
        group[record.id] = {
            "office": record.office,
            "channel": record.channel,
            "mode": record.document["transport"]["mode"],
        }[by]
    hours, counts = defaultdict(list), defaultdict(int)
    for declaration_id, at in lodged.items():
        if START <= at < END:
            counts[group[declaration_id]] += 1
            if declaration_id in released:
                seconds = (released[declaration_id] - at).total_seconds()
                hours[group[declaration_id]].append(seconds / 3600)
    return {
        key: (
            counts[key],
            len(hours[key]),
            statistics.median(hours[key]),
            statistics.quantiles(hours[key], n=10, method="inclusive")[-1],
        )
        for key in counts
        if len(hours[key]) >= 2
    }


@pytest.mark.parametrize("by", ["office", "channel", "mode"])
def test_release_times_from_the_api_match_the_audit_trail(replays, by):
    store = replays.clean
    response = store.client.get(
        "/api/v1/monitor/release-times",
        params={"from": START.isoformat(), "to": END.isoformat(), "by": by},
        headers={"Authorization": f"Bearer {store.token}"},
    )
    assert response.status_code == 200, response.text
    api = {g["group"]: g for g in response.json()}
    with store.client.app.state.sessions() as session:
        direct = _direct_from_audit(session, by)
    assert len(direct) >= 3
    for key, (declarations, released, median, p90) in direct.items():
        figures = api[key]
        assert (figures["declarations"], figures["released"]) == (declarations, released)
        assert figures["median_hours"] == pytest.approx(median, abs=1e-6)
        assert figures["p90_hours"] == pytest.approx(p90, abs=1e-6)
    red = api["red"] if by == "channel" else None
    if red:
        assert red["median_hours"] > api["green"]["median_hours"]


def test_kpis_show_the_stalled_office_queue(replays):
    store = replays.incident
    response = store.client.get(
        "/api/v1/monitor/kpis",
        params={"from": (END - timedelta(days=1)).isoformat(), "to": END.isoformat()},
        headers={"Authorization": f"Bearer {store.token}"},
    )
    assert response.status_code == 200, response.text
    kpis = response.json()
    assert kpis["lodgements"] > 20
    assert abs(sum(kpis["channel_mix"].values()) - 1) < 1e-9
    queue = {(q["office"], q["queue"]): q for q in kpis["queues"]}
    assert queue[(replays.office, "inspection")]["oldest_age_hours"] > 40
    targeted = kpis["precision_by_selection"]["targeted"]
    assert targeted["inspections"] > 0 and 0 <= targeted["precision"] <= 1


def test_prometheus_metrics_are_served(replays):
    response = replays.clean.client.get("/metrics")
    assert response.status_code == 200
    assert "smartcustoms_lodgements_per_hour" in response.text
    assert 'smartcustoms_alarms{kind="queue_stalled"}' in response.text


def test_traders_may_not_read_the_monitor(replays):
    store = replays.clean
    with store.client.app.state.sessions() as session:
        _, token = add_user(session=session, name="trader", role=Role.TRADER, party_id="X")
    response = store.client.get(
        "/api/v1/monitor/alarms", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 403
