import json

from tests.web.conftest import csrf_of


def _form_of(example: dict) -> dict[str, str]:
    """The example declaration as the lodge form would post it."""
    fields = {
        "type": example["type"],
        "office": example["office"],
        "currency": example["currency"],
        "incoterm": example["incoterm"],
        "transport.mode": example["transport"]["mode"],
        "transport.bill_of_lading": example["transport"]["bill_of_lading"],
    }
    for party in ("declarant", "importer", "exporter"):
        for key, value in example[party].items():
            fields[f"{party}.{key}"] = value
    for index, item in enumerate(example["goods_items"]):
        for key, value in item.items():
            fields[f"goods_items[{index}].{key}"] = str(value)
    return fields


def _lodge(client, example: dict) -> str:
    """Lodges through the form; returns the id the declaration page was reached at."""
    csrf = csrf_of(client.get("/lodge").text)
    response = client.post("/lodge", data={**_form_of(example), "csrf": csrf})
    assert response.status_code == 200, response.text
    return response.url.path.rsplit("/", 1)[1]


def test_pages_need_a_login_and_send_each_role_to_its_start_page(portal):
    anonymous = portal.client()
    response = anonymous.get("/my", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/my"
    assert portal.client("broker").get("/").url.path == "/my"
    assert portal.client("officer").get("/").url.path == "/queue"


def test_wrong_token_is_refused_with_a_message(portal):
    client = portal.client()
    response = client.post("/login", data={"name": "broker", "token": portal.tokens["officer"]})
    assert "do not match" in response.text
    assert "smartcustoms_token" not in client.cookies


def test_login_never_redirects_to_another_site(portal):
    client = portal.client()
    form = {"name": "broker", "token": portal.tokens["broker"], "next": "//evil.example/x"}
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.headers["location"] == "/my"


def test_trader_lodges_through_the_form_and_sees_the_declaration(portal, example):
    broker = portal.client("broker")
    declaration_id = _lodge(broker, example)
    assert declaration_id.startswith("DEC-")
    response = broker.get(f"/declarations/{declaration_id}?done=lodged")
    assert "Declaration lodged and screened." in response.text
    assert "TEST-VALUE" not in response.text  # the rule that sent it to red is for staff
    assert "1,800.00" in response.text  # the duty at 12 % on 15,000
    assert "<td>0901.21</td>" in response.text  # HS codes as officers write them
    assert declaration_id in broker.get("/my").text


def test_form_errors_come_back_next_to_their_fields(portal, example):
    broker = portal.client("broker")
    form = _form_of(example)
    form.update({"goods_items[0].hs_code": "999999", "goods_items[0].net_mass_kg": "-1"})
    response = broker.post("/lodge", data={**form, "csrf": csrf_of(broker.get("/lodge").text)})
    for pointer in ("goods_items[0].hs_code", "goods_items[0].net_mass_kg"):
        assert f'<span class="error" data-pointer="{pointer}">' in response.text
    assert 'value="Roasted coffee beans, not decaffeinated"' in response.text  # nothing lost
    assert "No declarations yet" in broker.get("/my").text


def test_a_form_without_its_anti_forgery_value_is_refused(portal, example):
    broker = portal.client("broker")
    response = broker.post("/lodge", data={**_form_of(example), "csrf": "0" * 64})
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "reload the page" in response.text


def test_traders_see_only_their_own_declarations(portal, example):
    declaration_id = _lodge(portal.client("broker"), example)
    stranger = portal.client("stranger")
    assert declaration_id not in stranger.get("/my").text
    response = stranger.get(f"/declarations/{declaration_id}")
    assert response.status_code == 404 and "not found" in response.text
    assert stranger.get("/queue").url.path == "/login"


def test_officer_works_the_queue_from_decision_to_inspection(portal, example):
    example["goods_items"][0]["value"] = "6000.00"  # yellow: a document check
    declaration_id = _lodge(portal.client("broker"), example)
    officer = portal.client("officer")
    queue = officer.get("/queue?status=document_check").text
    assert declaration_id in queue
    assert declaration_id not in officer.get("/queue?status=inspection").text
    page = officer.get(f"/declarations/{declaration_id}").text
    csrf = csrf_of(page)
    inspected = officer.post(
        f"/declarations/{declaration_id}/decision",
        data={"csrf": csrf, "decision": "inspect", "reason": "invoice looks altered"},
    )
    assert "Sent to physical inspection." in inspected.text
    outcome = {"csrf": csrf, "outcome": "discrepancy", "fraud_type": "undervaluation",
               "duty_recovered": "420.50", "notes": "second invoice found"}  # fmt: skip
    recorded = officer.post(f"/declarations/{declaration_id}/inspection", data=outcome)
    assert "Inspection outcome recorded." in recorded.text
    timeline = recorded.text.split('id="timeline"')[1].split("</ol>")[0]
    assert [s in timeline for s in ("inspection", "held", "invoice looks altered")] == [True] * 3
    dashboard = officer.get("/dashboard").text
    assert 'id="kpi-inspections">1<' in dashboard and 'id="kpi-hit-rate">100%<' in dashboard
    assert 'id="kpi-duty-recovered">420.50<' in dashboard


def test_refused_moves_and_bad_amounts_are_explained_on_the_page(portal, example):
    declaration_id = _lodge(portal.client("broker"), example)
    officer = portal.client("officer")
    url = f"/declarations/{declaration_id}"
    csrf = csrf_of(officer.get(url).text)
    bad = {"csrf": csrf, "outcome": "discrepancy", "fraud_type": "origin", "duty_recovered": "1e9x"}
    response = officer.post(f"{url}/inspection", data=bad)
    assert "duty recovered must be an amount" in response.text
    officer.post(f"{url}/inspection", data={"csrf": csrf, "outcome": "compliant"})
    again = officer.post(
        f"{url}/decision",
        data={"csrf": csrf, "decision": "hold", "reason": "late doubt"},
    )
    assert "cannot become held" in again.text


def test_traders_cannot_decide(portal, example):
    broker = portal.client("broker")
    declaration_id = _lodge(broker, example)
    csrf = csrf_of(broker.get("/lodge").text)
    response = broker.post(
        f"/declarations/{declaration_id}/decision",
        data={"csrf": csrf, "decision": "release", "reason": "mine"},
    )
    assert "only customs officers" in response.text


def test_file_upload_lodges_the_good_and_reports_the_bad(portal, example):
    broker = portal.client("broker")
    csrf = csrf_of(broker.get("/lodge").text)
    second = json.loads(json.dumps(example))
    second["declaration_id"] = "DEC-2026-000124"
    second["goods_items"][0]["hs_code"] = "12"
    third = {**example, "declaration_id": "DEC-2026-000125"}
    body = json.dumps([example, second, third]).encode()
    response = broker.post(
        "/lodge/file", data={"csrf": csrf}, files={"file": ("batch.txt", body, "text/plain")}
    )
    assert "2 of 3 declarations" in response.text
    assert "goods_items[0].hs_code" in response.text
    listing = broker.get("/my").text
    assert "DEC-2026-000123" in listing and "DEC-2026-000125" in listing


def test_corrupt_and_oversized_files_are_refused_with_a_reason(portal):
    broker = portal.client("broker")
    csrf = csrf_of(broker.get("/lodge").text)
    corrupt = broker.post(
        "/lodge/file", data={"csrf": csrf}, files={"file": ("a.json", b'{"office": ', "x")}
    )
    assert "malformed JSON" in corrupt.text
    big = broker.post(
        "/lodge/file", data={"csrf": csrf}, files={"file": ("a.csv", b"x" * 1_000_001, "text/csv")}
    )
    assert "over 1,000,000 bytes" in big.text


def test_documents_are_sniffed_on_upload(portal, example):
    broker = portal.client("broker")
    url = f"/declarations/{_lodge(broker, example)}/documents"
    csrf = csrf_of(broker.get("/lodge").text)
    fake = broker.post(url, data={"csrf": csrf}, files={"file": ("x.pdf", b"MZ\x90\x00", "a/b")})
    assert "unsupported content: send a PDF" in fake.text
    pdf = broker.post(url, data={"csrf": csrf}, files={"file": ("co.pdf", b"%PDF-1.7\n", "x")})
    assert "Document uploaded." in pdf.text and "co.pdf" in pdf.text


def test_hs_suggestions_say_when_no_classifier_is_built(portal):
    answer = portal.client("broker").get("/hs-suggestions", params={"q": "roasted coffee"}).json()
    assert answer["available"] is False and "train-hs" in answer["message"]


def test_unknown_pages_get_a_page_and_api_paths_problem_json(portal):
    client = portal.client("broker")
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    api = client.get("/api/v1/no-such-thing")
    assert api.headers["content-type"] == "application/problem+json"


def test_officers_see_logistics_findings_traders_see_only_the_shipment(portal, example):
    from datetime import UTC, datetime, timedelta

    from smartcustoms.logistics.events import LogisticsEventIn, record_events

    declaration_id = _lodge(portal.client("broker"), example)
    manifest = LogisticsEventIn(
        transport_document="MSKU123", kind="manifest_filed",
        at=datetime.now(UTC) - timedelta(hours=1), gross_mass_kg=9000.0,
    )  # fmt: skip
    with portal.app.state.sessions() as session:
        record_events(session=session, events=[manifest], reported_by="carrier",
                      now=datetime.now(UTC))  # fmt: skip
    officer_page = portal.client("officer").get(f"/declarations/{declaration_id}").text
    trader_page = portal.client("broker").get(f"/declarations/{declaration_id}").text
    assert "manifest filed" in officer_page and "9000.0 kg gross" in trader_page
    assert 'id="logistics-findings"' in officer_page  # 9,000 kg manifested, 1,200.5 declared
    assert 'id="logistics-findings"' not in trader_page


def test_hs_suggestions_come_from_the_built_classifier(portal):
    from smartcustoms.models.hs_classifier import HSClassifier
    from smartcustoms.models.hs_classifier.store import default_model_path

    HSClassifier(dense=False).fit().save(default_model_path(portal.app.state.settings))
    broker = portal.client("broker")
    answer = broker.get("/hs-suggestions", params={"q": "roasted coffee beans"}).json()
    assert answer["available"] is True and len(answer["candidates"]) == 5
    assert answer["candidates"][0]["hs6"].startswith("0901")
    first = answer["candidates"][0]
    assert first["code"] == f"{first['hs6'][:4]}.{first['hs6'][4:]}"
    assert broker.get("/hs-suggestions", params={"q": "ab"}).json()["candidates"] == []


def test_dashboard_ends_at_the_latest_activity_of_a_replayed_store(portal, example):
    from datetime import UTC, datetime
    from decimal import Decimal

    from smartcustoms.clearance import service
    from smartcustoms.clearance.tables import User
    from smartcustoms.declarations.validation import parse_declaration

    with portal.app.state.sessions() as session:
        officer = session.query(User).filter_by(name="officer").one()
        service.lodge(
            session=session, declaration=parse_declaration(example), actor=officer,
            screen=portal.app.state.screen, tariff=portal.app.state.tariff,
            vat_percent=Decimal(13), now=datetime(2025, 1, 10, 9, tzinfo=UTC),
        )  # fmt: skip
    client = portal.client("officer")
    assert 'id="kpi-lodgements">1<' in client.get("/dashboard?days=7").text
    later = client.get("/dashboard", params={"days": 7, "until": "2025-03-01T00:00:00Z"}).text
    assert 'id="kpi-lodgements">0<' in later


def test_a_trader_never_sees_how_its_declaration_was_targeted(portal, example):
    declaration_id = _lodge(portal.client("broker"), example)
    own = portal.client("broker").get(f"/declarations/{declaration_id}").text
    for targeting in ("risk-score", "TEST-VALUE", "value of 10,000 or more", "selected by"):
        assert targeting not in own
    staff = portal.client("officer").get(f"/declarations/{declaration_id}").text
    assert "risk-score" in staff and "TEST-VALUE" in staff and "selected by" in staff
