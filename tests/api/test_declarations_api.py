import json

import pytest
from fastapi.testclient import TestClient
from tests.factories import add_users

from smartcustoms.api.app import create_app
from smartcustoms.config import Settings
from smartcustoms.risk.outcome import ScreeningOutcome
from smartcustoms.rules.channel import Channel

USERS = [
    ("broker", "trader", "BRK-001"),
    ("stranger", "trader", "BRK-999"),
    ("officer", "officer", None),
]


def screen_by_value(declaration):
    """Test screening: items worth 10,000 or more go to the red channel."""
    if any(item.value >= 10_000 for item in declaration.goods_items):
        return ScreeningOutcome(Channel.RED, 0.8, [{"rule": "test-value"}])
    return ScreeningOutcome(Channel.GREEN, 0.05)


@pytest.fixture
def api(tmp_path):
    settings = Settings(home=tmp_path, max_body_bytes=20_000)
    app = create_app(settings, screen=screen_by_value)
    tokens = add_users(app.state.sessions, USERS)
    client = TestClient(app)
    client.auth_headers = {n: {"Authorization": f"Bearer {t}"} for n, t in tokens.items()}
    return client


def test_lodge_screen_queue_inspect_and_audit(api, example):
    headers = api.auth_headers
    lodged = api.post("/api/v1/declarations", json=example, headers=headers["broker"])
    assert lodged.status_code == 201, lodged.text
    body = lodged.json()
    assert body["declaration_id"] == "DEC-2026-000123"
    assert (body["status"], body["channel"]) == ("inspection", "red")

    queue = api.get("/api/v1/queue", headers=headers["officer"]).json()
    assert [d["declaration_id"] for d in queue] == ["DEC-2026-000123"]
    assert queue[0]["duty"]["duty"] == "1800.00"

    inspected = api.post(
        "/api/v1/declarations/DEC-2026-000123/inspection",
        json={"outcome": "compliant"},
        headers=headers["officer"],
    )
    assert inspected.status_code == 200 and inspected.json()["status"] == "released"

    url = "/api/v1/declarations/DEC-2026-000123/audit"
    trail = api.get(url, headers=headers["officer"]).json()
    assert [e["to_status"] for e in trail] == ["lodged", "screened", "inspection", "released"]
    assert trail[1]["details"]["reasons"] == [{"rule": "test-value"}]
    own_trail = api.get(url, headers=headers["broker"]).json()
    assert [e["to_status"] for e in own_trail] == [e["to_status"] for e in trail]
    assert all(e["details"] == {} for e in own_trail)


def test_a_trader_never_sees_how_its_declaration_was_targeted(api, example):
    broker, officer = api.auth_headers["broker"], api.auth_headers["officer"]
    lodged = api.post("/api/v1/declarations", json=example, headers=broker).json()
    assert lodged["channel"] == "red" and "risk_score" not in lodged
    url = f"/api/v1/declarations/{lodged['declaration_id']}"
    own = api.get(url, headers=broker).json()
    listed = api.get("/api/v1/declarations", headers=broker).json()["items"]
    for answer in (own, *listed):
        assert not {"risk_score", "reasons"} & answer.keys()
        assert "test-value" not in json.dumps(answer)
    staff = api.get(url, headers=officer).json()
    assert staff["risk_score"] == 0.8 and staff["reasons"] == [{"rule": "test-value"}]


def test_idempotent_retry_returns_the_same_declaration(api, example):
    del example["declaration_id"]
    headers = {**api.auth_headers["broker"], "Idempotency-Key": "retry-1"}
    first = api.post("/api/v1/declarations", json=example, headers=headers)
    second = api.post("/api/v1/declarations", json=example, headers=headers)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["declaration_id"] == second.json()["declaration_id"]
    listing = api.get("/api/v1/declarations", headers=api.auth_headers["officer"]).json()
    assert listing["total"] == 1
    example["goods_items"][0]["value"] = "1.00"
    clash = api.post("/api/v1/declarations", json=example, headers=headers)
    assert clash.status_code == 409


def test_invalid_declaration_lists_every_error_as_problem_json(api, example):
    example["goods_items"][0].update(hs_code="999999", net_mass_kg=-1)
    response = api.post("/api/v1/declarations", json=example, headers=api.auth_headers["broker"])
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["pointer"] for e in response.json()["errors"]] == [
        "goods_items[0].hs_code",
        "goods_items[0].net_mass_kg",
    ]


def test_malformed_and_oversized_bodies_are_refused_cleanly(api, example):
    headers = {**api.auth_headers["broker"], "Content-Type": "application/json"}
    broken = api.post("/api/v1/declarations", content=b'{"type": "imp', headers=headers)
    assert broken.status_code == 422 and broken.json()["errors"][0]["pointer"] == "(body)"
    example["goods_items"][0]["description"] = "x" * 30_000
    huge = api.post("/api/v1/declarations", content=json.dumps(example), headers=headers)
    assert huge.status_code == 413
    assert huge.headers["content-type"] == "application/problem+json"


def test_tokens_are_required_and_traders_see_only_their_own(api, example):
    assert api.post("/api/v1/declarations", json=example).status_code == 401
    bad_token = {"Authorization": "Bearer not-a-token"}
    assert api.get("/api/v1/declarations", headers=bad_token).status_code == 401
    example["goods_items"][0]["value"] = "50.00"
    api.post("/api/v1/declarations", json=example, headers=api.auth_headers["broker"])
    stranger = api.auth_headers["stranger"]
    assert api.get("/api/v1/declarations/DEC-2026-000123", headers=stranger).status_code == 404
    assert api.get("/api/v1/declarations", headers=stranger).json()["total"] == 0
    lodged_for_other = api.post("/api/v1/declarations", json=example, headers=stranger)
    assert lodged_for_other.status_code == 403
    assert api.get("/api/v1/queue", headers=stranger).status_code == 403
    decision = {"decision": "release", "reason": "mine"}
    url = "/api/v1/declarations/DEC-2026-000123/decision"
    assert api.post(url, json=decision, headers=api.auth_headers["broker"]).status_code == 403


def test_lodging_authenticates_before_it_reads_the_declaration(api, example):
    broken = {"Content-Type": "application/json", "Authorization": "Bearer not-a-token"}
    refused = api.post("/api/v1/declarations", content=b'{"type": "imp', headers=broken)
    assert refused.status_code == 401 and "errors" not in refused.json()
    del example["declarant"]
    invalid = api.post("/api/v1/declarations", json=example)
    assert invalid.status_code == 401


def test_a_lodgement_answers_201_with_its_location_and_routing(api, example):
    example["goods_items"][0]["value"] = "50.00"
    lodged = api.post("/api/v1/declarations", json=example, headers=api.auth_headers["broker"])
    body = lodged.json()
    assert lodged.status_code == 201 and lodged.headers["content-type"] == "application/json"
    assert lodged.headers["location"] == f"/api/v1/declarations/{body['declaration_id']}"
    assert body == {
        "declaration_id": example["declaration_id"],
        "status": "released",
        "channel": "green",
    }


def test_invalid_transition_is_a_conflict(api, example):
    example["goods_items"][0]["value"] = "50.00"  # green: released at lodging
    api.post("/api/v1/declarations", json=example, headers=api.auth_headers["broker"])
    response = api.post(
        "/api/v1/declarations/DEC-2026-000123/decision",
        json={"decision": "hold", "reason": "late"},
        headers=api.auth_headers["officer"],
    )
    assert response.status_code == 409 and "final state" in response.json()["detail"]


def test_openapi_describes_the_canonical_declaration(api):
    schema = api.get("/openapi.json").json()
    body = schema["paths"]["/api/v1/declarations"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["$ref"].endswith("/Declaration")
    assert "goods_items" in schema["components"]["schemas"]["Declaration"]["properties"]
    assert api.get("/healthz").json() == {"status": "ok"}


def test_documents_are_sniffed_limited_and_private(api, example):
    api.post("/api/v1/declarations", json=example, headers=api.auth_headers["broker"])
    url = "/api/v1/declarations/DEC-2026-000123/documents"
    broker = api.auth_headers["broker"]
    pdf = b"%PDF-1.7\n" + b"0" * 100
    stored = api.post(url, files={"file": ("invoice.png", pdf)}, headers=broker)
    assert stored.status_code == 201, stored.text
    assert stored.json()["media_type"] == "application/pdf"  # content, not the name, decides
    script = api.post(url, files={"file": ("invoice.pdf", b"#!/bin/sh\nrm -rf /")}, headers=broker)
    assert script.status_code == 415
    big = api.post(url, files={"file": ("scan.pdf", b"%PDF-" + b"0" * 20_000_000)}, headers=broker)
    assert big.status_code == 413
    stranger = api.auth_headers["stranger"]
    assert api.post(url, files={"file": ("x.pdf", pdf)}, headers=stranger).status_code == 404
    listed = api.get(url, headers=api.auth_headers["officer"]).json()
    assert [d["filename"] for d in listed] == ["invoice.png"]


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])
def test_logistics_findings_refuse_times_off_the_calendar(api, at):
    response = api.get(
        "/api/v1/logistics/findings", params={"at": at}, headers=api.auth_headers["officer"]
    )
    assert response.status_code == 422 and "1900" in response.text, response.text
    fine = api.get(
        "/api/v1/logistics/findings",
        params={"at": "2026-01-01T00:00:00Z"},
        headers=api.auth_headers["officer"],
    )
    assert fine.status_code == 200, fine.text


def test_monitor_refuses_times_off_the_calendar(api):
    for path, name in (("/api/v1/monitor/kpis", "to"), ("/api/v1/monitor/alarms", "at")):
        response = api.get(
            path, params={name: "0001-01-01T00:00:00Z"}, headers=api.auth_headers["officer"]
        )
        assert response.status_code == 422 and "1900" in response.text, (path, response.text)
