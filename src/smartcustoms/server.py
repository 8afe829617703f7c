"""ASGI entry point: ``uvicorn --factory smartcustoms.server:build_app`` (what ``serve`` runs).

The one place where the API and the portal are put together: the API knows nothing of pages,
and the portal is mounted on the API's app so both share the store, users and screening.
"""

import gc

from fastapi import FastAPI

from smartcustoms.api.app import create_app
from smartcustoms.config import get_settings
from smartcustoms.risk.from_settings import screener_from_settings
from smartcustoms.web.app import mount_portal


def build_app() -> FastAPI:
    """The API and the portal on the configured store, screening with the configured models
    and rule packs."""
    settings = get_settings()
    app = create_app(settings, screen=screener_from_settings(settings))
    mount_portal(app)
    _freeze_startup_objects()
    return app


def _freeze_startup_objects() -> None:
    """Moves everything loaded so far (libraries, models, rule packs, tariff: some 300,000
    objects) out of the garbage collector's sight. They live as long as the server, yet each
    full collection walked them all: a pause of about 140 ms for every request in flight, which
    is what the slowest percent of lodgements waited for."""
    gc.collect()
    gc.freeze()
