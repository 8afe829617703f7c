"""Done when: a replay with planted incidents raises exactly those alarms, a clean one none."""

from tests.monitor.conftest import END


def _alarms(store) -> list[dict]:
    response = store.client.get(
        "/api/v1/monitor/alarms",
        params={"at": END.isoformat()},
        headers={"Authorization": f"Bearer {store.token}"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_the_replay_exercised_every_channel_and_the_officers(replays):
    stats = replays.clean.stats
    assert set(stats.lodged) == {"green", "yellow", "red"}
    assert stats.lodged["red"] > 100
    assert stats.officer_actions > 200
    assert stats.events > 2000


def test_clean_replay_raises_no_alarm(replays):
    assert _alarms(replays.clean) == []


def test_planted_incidents_raise_exactly_their_alarms(replays):
    raised = {
        (a["kind"], a["office"], a["importer_id"], a["queue"]) for a in _alarms(replays.incident)
    }
    assert raised == {
        ("queue_stalled", replays.office, None, "inspection"),
        ("importer_volume_jump", None, replays.importer, None),
    }
    assert replays.incident.stats.inspections_withheld > 0
