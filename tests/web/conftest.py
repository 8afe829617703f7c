import re

import pytest
from fastapi.testclient import TestClient

from smartcustoms.api.app import create_app
from smartcustoms.config import Settings
from smartcustoms.risk.outcome import ScreeningOutcome
from smartcustoms.rules.channel import Channel
from smartcustoms.web.app import mount_portal
from tests.factories import add_users

USERS = [
    ("broker", "trader", "BRK-001"),
    ("stranger", "trader", "BRK-999"),
    ("officer", "officer", None),
]


def screen_by_value(declaration):
    """Test screening: items worth 10,000 or more go to the red channel, 5,000 or more yellow."""
    top = max(item.value for item in declaration.goods_items)
    if top >= 10_000:
        reason = {"source": "rule", "sequence": 1, "rule": "TEST-VALUE", "pack": "test@1",
                  "explanation": "value of 10,000 or more"}  # fmt: skip
        return ScreeningOutcome(Channel.RED, 0.9, [reason], selected_by="rule")
    if top >= 5_000:
        return ScreeningOutcome(Channel.YELLOW, 0.5, selected_by="model")
    return ScreeningOutcome(Channel.GREEN, 0.05)


class Portal:
    """A browser-like client per user: each keeps its own cookie jar."""

    def __init__(self, app, tokens):
        self.app = app
        self.tokens = tokens

    def client(self, name: str | None = None) -> TestClient:
        client = TestClient(self.app)
        if name:
            response = client.post("/login", data={"name": name, "token": self.tokens[name]})
            assert response.status_code == 200, response.text
        return client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


@pytest.fixture
def portal(tmp_path):
    settings = Settings(home=tmp_path, max_upload_bytes=1_000_000)
    app = create_app(settings, screen=screen_by_value)
    mount_portal(app)
    tokens = add_users(app.state.sessions, USERS)
    return Portal(app, tokens)
