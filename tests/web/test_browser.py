"""End to end in a real headless Chromium: a trader lodges through the form, an officer finds the
declaration in the queue, inspects it and records the outcome, and the dashboard counts it.

Screenshots of every page land in ``var/test-artifacts/web`` (or ``$SMARTCUSTOMS_TEST_ARTIFACTS``).
"""

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from smartcustoms.api.app import create_app
from smartcustoms.clearance.users import Role, add_user
from smartcustoms.config import Settings
from smartcustoms.risk.from_settings import screener_from_settings
from smartcustoms.web.app import mount_portal

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = (
    Path(
        os.environ.get(
            "SMARTCUSTOMS_TEST_ARTIFACTS", Path(__file__).parents[2] / "var" / "test-artifacts"
        )
    )
    / "web"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; CI does)",
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """The real portal and API on a local port, screening with the shipped rule packs."""
    settings = Settings(home=tmp_path)
    app = create_app(settings, screen=screener_from_settings(settings))
    mount_portal(app)
    tokens = {}
    with app.state.sessions() as session:
        for name, role, party in [
            ("broker", Role.TRADER, "BRK-001"),
            ("officer", Role.OFFICER, None),
        ]:
            tokens[name] = add_user(session=session, name=name, role=role, party_id=party)[1]
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", tokens
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


class Session:
    """One user's tab, which fails the test on any console error or uncaught script error."""

    def __init__(self, browser, base: str, who: str):
        self.page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        self.base = base
        self.who = who
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))

    def shot(self, name: str) -> None:
        self.page.screenshot(path=ARTIFACTS / f"{self.who}-{name}.png", full_page=True)
        assert self.problems == [], f"console errors on {name}: {self.problems}"

    def login(self, name: str, token: str) -> None:
        self.page.goto(self.base + "/")
        self.page.fill("#name", name)
        self.page.fill("#token", token)
        self.shot("login")
        self.page.click("button[type=submit]")


def test_trader_lodges_officer_inspects_dashboard_counts(server, browser):
    base, tokens = server
    trader = Session(browser, base, "trader")
    trader.login("broker", tokens["broker"])
    page = trader.page
    assert page.url.endswith("/my")
    trader.shot("my-declarations-empty")

    page.click("text=Lodge")
    page.fill("[name=office]", "CNSHA")
    page.fill("[name='importer.id']", "IMP-123")
    page.select_option("[name='transport.mode']", "air")
    page.fill("[name='transport.departure_country']", "NL")
    page.fill("[name='transport.air_waybill']", "074-12345675")
    page.select_option("[name=currency]", "EUR")
    item = "[name='goods_items[0].{}']"
    page.fill(item.format("description"), "Tulip bulbs, dormant, for planting")
    page.fill(item.format("hs_code"), "999999")  # wrong on purpose: the error comes back
    page.fill(item.format("origin_country"), "NL")
    for field, value in [("net_mass_kg", "850"), ("quantity", "850"), ("value", "6400.00")]:
        page.fill(item.format(field), value)
    page.fill(item.format("quantity_unit"), "KGM")
    page.click("#add-item")  # a second row appears, renumbered, then goes again
    assert page.locator("[name='goods_items[1].description']").count() == 1
    page.locator("[data-remove-item]").nth(1).click()
    assert page.locator("[data-item]").count() == 1
    trader.shot("lodge-form")
    page.click("#lodge-submit")
    error = page.locator("span.error[data-pointer='goods_items[0].hs_code']")
    assert "not an HS2022 subheading" in error.inner_text()
    assert page.input_value(item.format("description")) == "Tulip bulbs, dormant, for planting"
    trader.shot("lodge-form-errors")

    page.fill(item.format("hs_code"), "060110")
    page.click("#lodge-submit")
    assert "Declaration lodged and screened." in page.inner_text("#notice")
    assert "LC-PHYTO" not in page.content()  # the rule that chose the check is for staff only
    declaration_id = page.url.rsplit("/", 1)[1].split("?")[0]
    trader.shot("declaration")

    officer = Session(browser, base, "officer")
    officer.login("officer", tokens["officer"])
    desk = officer.page
    assert desk.url.endswith("/queue")
    assert declaration_id in desk.inner_text("#queue")
    officer.shot("queue")
    desk.keyboard.press("j")
    desk.keyboard.press("Enter")
    desk.wait_for_url(f"**/declarations/{declaration_id}")
    assert "LC-PHYTO" in desk.content()  # the officer sees the rule that chose the check
    desk.fill("#reason", "no phytosanitary certificate presented")
    desk.click("button[value=inspect]")
    assert "Sent to physical inspection." in desk.inner_text("#notice")
    officer.shot("declaration-inspection")
    desk.check("input[value=discrepancy]")
    desk.select_option("#fraud_type", "prohibited")
    desk.fill("#duty_recovered", "512.00")
    desk.click("#record-inspection")
    assert "Inspection outcome recorded." in desk.inner_text("#notice")
    assert "held" in desk.inner_text("#timeline")
    officer.shot("declaration-held")

    desk.click("text=Dashboard")
    assert desk.inner_text("#kpi-inspections") == "1"
    assert desk.inner_text("#kpi-hit-rate") == "100%"
    assert "512.00" in desk.inner_text("#kpi-duty-recovered")
    desk.wait_for_selector("#chart-channels .main-svg")  # plotly.js, served locally, drew it
    officer.shot("dashboard")

    page.reload()
    assert "held" in page.inner_text("#timeline")
    trader.shot("declaration-after-inspection")
