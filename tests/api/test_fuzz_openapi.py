"""Property-based fuzzing of the API from its own OpenAPI schema: no input may cause a 500."""

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from smartcustoms.api.app import create_app
from smartcustoms.clearance.users import Role, add_user
from smartcustoms.config import Settings
from smartcustoms.lab.images.training import train_image_models
from smartcustoms.models.registry import ModelRegistry
from smartcustoms.risk.outcome import ScreeningOutcome
from smartcustoms.rules.channel import Channel


def _screen(declaration):
    """Test screening: alternate channels by item count so every route has work to find."""
    channel = [Channel.GREEN, Channel.YELLOW, Channel.RED][len(declaration.goods_items) % 3]
    return ScreeningOutcome(channel, 0.5)


_home = Path(tempfile.mkdtemp(prefix="fuzz-"))
# a provisioned server has its image models: without them the image routes answer 503 by design
train_image_models(ModelRegistry.for_home(_home), per_commodity=6, per_species=4)
_app = create_app(Settings(home=_home), screen=_screen)
with _app.state.sessions() as _session:
    _, _TOKEN = add_user(session=_session, name="fuzz-officer", role=Role.OFFICER)

schema = schemathesis.openapi.from_asgi("/openapi.json", _app)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_causes_a_server_error(case):
    response = case.call(headers={"Authorization": f"Bearer {_TOKEN}"})
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
