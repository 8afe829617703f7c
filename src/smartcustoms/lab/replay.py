"""Replays generated trade through the API at a chosen speed-up: lodgements, carrier and
terminal events, and the officers' work, each request stamped with its simulated time, so the
monitoring can be watched moving (and alarms tested) on a fresh machine.

The replay is event-driven: each lodgement's answer (its channel) schedules what officers do
next, with delays drawn from a seeded generator, so a replay is the same every time.
Incidents can be planted from a given time: an office whose inspections stop, an importer whose
volume jumps tenfold.
"""

import heapq
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import numpy as np
import polars as pl

from smartcustoms.api.deps import REPLAY_TIME_HEADER
from smartcustoms.config import Settings
from smartcustoms.declarations.frame import group_rows, rows_to_document
from smartcustoms.declarations.schema import Declaration
from smartcustoms.errors import SmartCustomsError
from smartcustoms.lab.trade.generator import iter_batches
from smartcustoms.lab.trade.params import GenerationParams

API = "/api/v1"


class ReplayError(SmartCustomsError):
    """The server refused a request the replay needs (wrong token, store without replay clock)."""


@dataclass(frozen=True, slots=True)
class Shipment:
    """A generated declaration and what an inspection of it would find."""

    declaration: dict[str, Any]
    lodged_at: datetime
    fraud: bool
    duty_at_risk: Decimal


def generated_traffic(params: GenerationParams) -> list[Shipment]:
    """The generator's declarations, oldest first, with their ground truth."""
    params.check()
    shipments = []
    for items, labels in iter_batches(params):
        truth = labels.group_by("declaration_id").agg(
            pl.col("fraud").max().alias("fraud"), pl.col("duty_at_risk").sum().alias("duty")
        )
        by_id = {row["declaration_id"]: row for row in truth.iter_rows(named=True)}
        for group in group_rows([items]):
            declaration = Declaration.model_validate(rows_to_document(group.rows))
            found = by_id[declaration.declaration_id]
            shipments.append(
                Shipment(
                    declaration=declaration.to_json_dict(),
                    lodged_at=declaration.lodged_at,
                    fraud=bool(found["fraud"]),
                    duty_at_risk=Decimal(str(round(found["duty"], 2))),
                )
            )
    return shipments


@dataclass(frozen=True, slots=True)
class Incidents:
    """What goes wrong from ``start`` on."""

    start: datetime
    stop_inspections_at: str | None = None
    """Office whose inspections are no longer finished."""
    jump_importer: str | None = None
    """Importer whose lodgements are multiplied by ``jump_factor``."""
    jump_factor: int = 10


@dataclass(order=True, slots=True)
class _Step:
    at: datetime
    order: int
    action: str = field(compare=False)
    payload: dict[str, Any] = field(compare=False)


@dataclass(slots=True)
class ReplayStats:
    lodged: Counter = field(default_factory=Counter)
    """Lodgements per channel."""
    events: int = 0
    officer_actions: int = 0
    inspections_withheld: int = 0
    clock: datetime | None = None


class Replay:
    """The schedule of a replay; ``run`` plays it up to a time and can be resumed, and a copy
    (``copy.deepcopy``) can go on differently, e.g. with planted incidents."""

    def __init__(self, shipments: list[Shipment], *, seed: int = 0, event_batch_hours: float = 1):
        self.rng = np.random.default_rng(seed)
        self.steps: list[_Step] = []
        self.events: list[tuple[datetime, dict[str, Any]]] = []
        self.event_batch = timedelta(hours=event_batch_hours)
        self.last_flush: datetime | None = None
        self.incidents: Incidents | None = None
        self.stats = ReplayStats()
        self._order = 0
        for shipment in shipments:
            self._schedule(shipment.lodged_at, "lodge", {"shipment": shipment})

    def _schedule(self, at: datetime, action: str, payload: dict[str, Any]) -> None:
        self._order += 1
        heapq.heappush(self.steps, _Step(at, self._order, action, payload))

    def _hours(self, low: float, high: float) -> timedelta:
        return timedelta(hours=float(self.rng.uniform(low, high)))

    def _event(self, at: datetime, document: str | None, kind: str, **figures: Any) -> None:
        if document:
            heapq.heappush(
                self.events,
                (
                    at,
                    {"transport_document": document, "kind": kind, "at": at.isoformat(), **figures},
                ),
            )

    def plant(self, incidents: Incidents) -> None:
        """Plants incidents into what is still to come."""
        self.incidents = incidents
        if not incidents.jump_importer:
            return
        for step in list(self.steps):
            shipment = step.payload.get("shipment")
            if step.action != "lodge" or step.at < incidents.start or shipment is None:
                continue
            if shipment.declaration.get("importer", {}).get("id") != incidents.jump_importer:
                continue
            for copy in range(1, incidents.jump_factor):
                self._schedule(
                    step.at + self._hours(0, 6), "lodge", {"shipment": _copy(shipment, copy)}
                )

    def run(
        self, client: httpx.Client, *, until: datetime, token: str, speedup: float = 1e9
    ) -> ReplayStats:
        """Plays every step before ``until``, ``speedup`` times faster than simulated time."""
        headers = {"Authorization": f"Bearer {token}"}
        wall_start, sim_start = time.monotonic(), None
        while self.steps and self.steps[0].at < until:
            step = heapq.heappop(self.steps)
            sim_start = sim_start or step.at
            delay = (step.at - sim_start).total_seconds() / speedup - (
                time.monotonic() - wall_start
            )
            if delay > 0:
                time.sleep(delay)
            self._flush_events(client, headers, step.at)
            getattr(self, f"_do_{step.action}")(client, headers, step)
            self.stats.clock = step.at
        self._flush_events(client, headers, until, force=True)
        return self.stats

    def _post(self, client: httpx.Client, headers: dict, at: datetime, path: str, body: Any):
        response = client.post(
            API + path, json=body, headers={**headers, REPLAY_TIME_HEADER: at.isoformat()}
        )
        if response.status_code in (401, 403):
            raise ReplayError(f"{path}: {response.status_code} {response.text[:200]}")
        return response

    def _flush_events(self, client, headers, now: datetime, *, force: bool = False) -> None:
        if self.last_flush is not None and now - self.last_flush < self.event_batch and not force:
            return
        due = []
        while self.events and self.events[0][0] <= now:
            due.append(heapq.heappop(self.events)[1])
        self.last_flush = now
        if due:
            self._post(client, headers, now, "/logistics/events", due)
            self.stats.events += len(due)

    def _do_lodge(self, client, headers, step: _Step) -> None:
        shipment: Shipment = step.payload["shipment"]
        document = shipment.declaration
        transport = document["transport"]
        master = transport.get("bill_of_lading") or transport.get("air_waybill")
        items = document["goods_items"]
        mass = sum(i.get("gross_mass_kg") or i["net_mass_kg"] for i in items)
        quantity = sum(i["quantity"] for i in items)
        self._event(
            step.at - self._hours(12, 72),
            master,
            "manifest_filed",
            gross_mass_kg=round(mass, 3),
            quantity=quantity,
            office=document["office"],
        )
        arrived = step.at + self._hours(-24, 24)
        self._event(arrived, master, "arrived", office=document["office"])
        self._event(arrived + self._hours(1, 6), master, "discharged", office=document["office"])
        response = self._post(client, headers, step.at, "/declarations", document)
        if response.status_code not in (200, 201):
            return
        answer = response.json()
        self.stats.lodged[answer["channel"]] += 1
        follow = {"id": answer["declaration_id"], "shipment": shipment, "master": master}
        status = answer["status"]
        if status == "released":
            self._event(max(arrived, step.at) + self._hours(1, 12), master, "gate_out")
        elif status == "document_check":
            self._schedule(step.at + self._hours(1, 8), "document_check", follow)
        elif status == "inspection":
            self._start_inspection(step.at, follow)
        elif status == "held":
            self._schedule(step.at + self._hours(4, 24), "release", follow)

    def _start_inspection(self, at: datetime, follow: dict[str, Any]) -> None:
        self._event(at + self._hours(1, 4), follow["master"], "gate_in_inspection")
        self._schedule(at + self._hours(4, 20), "inspection", follow)

    def _decide(self, client, headers, step: _Step, decision: str, reason: str) -> None:
        path = f"/declarations/{step.payload['id']}/decision"
        self._post(client, headers, step.at, path, {"decision": decision, "reason": reason})
        self.stats.officer_actions += 1

    def _do_document_check(self, client, headers, step: _Step) -> None:
        if step.payload["shipment"].fraud:
            self._decide(client, headers, step, "inspect", "documents do not add up")
            self._start_inspection(step.at, step.payload)
        else:
            self._decide(client, headers, step, "release", "documents in order")
            self._event(step.at + self._hours(1, 12), step.payload["master"], "gate_out")

    def _do_release(self, client, headers, step: _Step) -> None:
        self._decide(client, headers, step, "release", "duty and penalty paid")
        self._event(step.at + self._hours(1, 12), step.payload["master"], "gate_out")

    def _do_inspection(self, client, headers, step: _Step) -> None:
        shipment: Shipment = step.payload["shipment"]
        incidents = self.incidents
        if (
            incidents
            and step.at >= incidents.start
            and incidents.stop_inspections_at == shipment.declaration["office"]
        ):
            self.stats.inspections_withheld += 1
            return
        found = shipment.fraud
        body = {
            "outcome": "discrepancy" if found else "compliant",
            "fraud_type": "replayed" if found else None,
            "duty_recovered": str(shipment.duty_at_risk if found else Decimal(0)),
        }
        path = f"/declarations/{step.payload['id']}/inspection"
        self._post(client, headers, step.at, path, body)
        self.stats.officer_actions += 1
        if found:
            self._schedule(step.at + self._hours(2, 12), "release", step.payload)
        else:
            self._event(step.at + self._hours(1, 6), step.payload["master"], "gate_out")


def _copy(shipment: Shipment, number: int) -> Shipment:
    """Another consignment of the same importer: new identity and transport documents."""
    document = dict(shipment.declaration)
    document["declaration_id"] = f"{document['declaration_id']}-J{number}"
    transport = {k: v for k, v in document["transport"].items() if k != "container_numbers"}
    for key in ("bill_of_lading", "air_waybill"):
        if transport.get(key):
            transport[key] = f"{transport[key]}J{number}"
    document["transport"] = transport
    return Shipment(document, shipment.lodged_at, shipment.fraud, shipment.duty_at_risk)


def replay_client(
    settings: Settings, url: str | None = None, token: str | None = None
) -> tuple[httpx.Client, str]:
    """A client to replay through and its token: on the running server at ``url`` with the
    given officer or admin token, else on the app in-process over the configured store (which
    then accepts the replay's simulated times) with an admin of its own."""
    if url:
        if not token:
            raise ReplayError(f"{url}: a running server needs an officer or admin token")
        return httpx.Client(base_url=url, timeout=60), token
    from fastapi.testclient import TestClient

    from smartcustoms.api.app import create_app
    from smartcustoms.clearance.users import Role, add_user
    from smartcustoms.risk.from_settings import screener_from_settings

    settings = settings.model_copy(update={"replay_clock": True})
    app = create_app(settings, screen=screener_from_settings(settings))
    with app.state.sessions() as session:
        name = f"replay-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        _, token = add_user(session=session, name=name, role=Role.ADMIN)
    return TestClient(app), token
