"""A replayed store: four weeks of generated traffic through the API, then the last two days
played twice from the same point, once clean and once with planted incidents."""

import copy
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from smartcustoms.api.app import create_app
from smartcustoms.clearance.users import Role, add_user
from smartcustoms.config import Settings
from smartcustoms.lab.replay import Incidents, Replay, Shipment, generated_traffic
from smartcustoms.lab.trade.params import GenerationParams
from smartcustoms.risk.from_settings import screener_from_settings

END = datetime(2025, 2, 1, tzinfo=UTC)
INCIDENTS_FROM = END - timedelta(hours=48)
VALUE_CHANNELS = """
pack: test_value_channels
version: "1"
title: Channels by item value (test)
rules:
  - id: HIGH-VALUE
    title: High-value item
    legal_basis: test
    effective_from: 2024-01-01
    when: {compare: {field: value, op: ge, value: 220000}}
    action: {channel: red}
    weight: 0.9
    explanation: "value {value}"
  - id: MID-VALUE
    title: Mid-value item
    legal_basis: test
    effective_from: 2024-01-01
    when: {compare: {field: value, op: ge, value: 115000}}
    action: {channel: yellow}
    weight: 0.5
    explanation: "value {value}"
"""
"""A quarter of the generated declarations go red and a sixth yellow, so even a month of a
thousand declarations gives each large office inspections every day."""


@dataclass
class ReplayedStore:
    client: TestClient
    token: str
    stats: object


@dataclass
class Replays:
    clean: ReplayedStore
    incident: ReplayedStore
    office: str
    importer: str


def _app(home: Path, pack: Path, database: Path):
    settings = Settings(
        home=home, replay_clock=True, rule_packs=[str(pack)], database_url=f"sqlite:///{database}"
    )
    return create_app(settings, screen=screener_from_settings(settings))


def _jump_candidate(shipments: list[Shipment]) -> str:
    """An importer trading about daily, with at least two lodgements in the last day, so a
    tenfold jump is plain in the alarm window."""
    counts: dict[str, list[int]] = {}
    for s in shipments:
        day = (END - s.lodged_at) // timedelta(days=1)
        counts.setdefault(s.declaration["importer"]["id"], [0] * 32)[min(day, 31)] += 1
    eligible = [i for i, c in counts.items() if c[0] >= 2 and sorted(c[1:29])[14] <= 2]
    return sorted(eligible)[0]


@pytest.fixture(scope="module")
def replays(tmp_path_factory) -> Replays:
    folder = tmp_path_factory.mktemp("replay")
    pack = folder / "value_channels.yaml"
    pack.write_text(VALUE_CHANNELS)
    params = GenerationParams(declarations=1000, seed=4, start=date(2025, 1, 1), months=1)
    shipments = generated_traffic(params)
    clean_app = _app(folder / "clean", pack, folder / "clean.db")
    with clean_app.state.sessions() as session:
        _, token = add_user(session=session, name="replay", role=Role.ADMIN)
    clean_client = TestClient(clean_app)
    replay = Replay(shipments, seed=1, event_batch_hours=6)
    replay.run(clean_client, until=INCIDENTS_FROM, token=token)

    with (
        sqlite3.connect(folder / "clean.db") as source,
        sqlite3.connect(folder / "incident.db") as target,
    ):
        source.backup(target)
    planted = copy.deepcopy(replay)
    office, importer = "CNSHA", _jump_candidate(shipments)
    planted.plant(Incidents(INCIDENTS_FROM, stop_inspections_at=office, jump_importer=importer))
    incident_client = TestClient(_app(folder / "incident", pack, folder / "incident.db"))

    clean_stats = replay.run(clean_client, until=END, token=token)
    incident_stats = planted.run(incident_client, until=END, token=token)
    return Replays(
        clean=ReplayedStore(clean_client, token, clean_stats),
        incident=ReplayedStore(incident_client, token, incident_stats),
        office=office,
        importer=importer,
    )
