import json

import pytest
from fastapi.testclient import TestClient

from smartcustoms.api.app import create_app
from smartcustoms.clearance.users import Role, add_user
from smartcustoms.config import get_settings
from smartcustoms.lab.images.datasets import declaration_for, png_bytes
from smartcustoms.lab.images.specimens import SPECIES, specimen_rng, specimen_views
from smartcustoms.lab.images.synthetic_scans import generate_scan, scan_rng
from smartcustoms.risk.outcome import ScreeningOutcome
from smartcustoms.rules.channel import Channel


@pytest.fixture
def api(home_with_models):
    app = create_app(get_settings(), screen=lambda _: ScreeningOutcome(Channel.GREEN, 0.0))
    with app.state.sessions() as session:
        token = add_user(session=session, name="officer", role=Role.OFFICER, party_id=None)[1]
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def test_check_a_scan_and_fetch_it_marked(api):
    scan = generate_scan(scan_rng(31, 0), "electronics", "hidden_compartment")
    declaration = json.dumps(declaration_for("electronics", scan.net_mass_kg, 1))
    response = api.post(
        "/api/v1/images/check",
        data={"declaration": declaration},
        files={"scan": ("scan.png", png_bytes(scan.pixels), "image/png")},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["estimated_commodity"] == "electronics"
    assert "anomalous_region" in {f["code"] for f in body["findings"]}
    marked = api.get(body["marked_image"])
    assert marked.status_code == 200 and marked.content.startswith(b"\x89PNG")
    assert api.get("/api/v1/images/" + "0" * 64 + "/marked.png").status_code == 404


def test_unusable_images_and_missing_declarations_are_problems(api, example):
    declaration = json.dumps(example)
    fake = api.post(
        "/api/v1/images/check",
        data={"declaration": declaration},
        files={"scan": ("scan.png", b"plain text", "image/png")},
    )
    assert fake.status_code == 422
    assert fake.headers["content-type"] == "application/problem+json"
    assert "not a PNG, JPEG or TIFF" in fake.json()["detail"]
    neither = api.post("/api/v1/images/check", files={"scan": ("s.png", b"x", "image/png")})
    assert neither.status_code == 422
    unknown = api.post(
        "/api/v1/images/check",
        data={"declaration_id": "NOPE"},
        files={"scan": ("s.png", b"x", "image/png")},
    )
    assert unknown.status_code == 404
    anonymous = TestClient(api.app).post("/api/v1/organisms/identify")
    assert anonymous.status_code == 401


def test_identify_and_confirm_an_organism(api):
    macro, micro = specimen_views(SPECIES[6], specimen_rng(50, 0))
    files = [
        ("photos", ("a.png", png_bytes(macro), "image/png")),
        ("photos", ("b.png", png_bytes(micro), "image/png")),
    ]
    answer = api.post("/api/v1/organisms/identify", files=files)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["species"][0]["species"] == SPECIES[6].name
    confirmed = api.post(
        f"/api/v1/organisms/{body['specimen_id']}/confirm", params={"species": SPECIES[6].name}
    )
    assert confirmed.status_code == 200 and confirmed.json()["source"] == "confirmed by officer"
