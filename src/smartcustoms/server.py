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
    """Moves everything loaded so far (libraries, models, rule packs, tariff: hundreds of
    thousands of objects) out of the garbage collector's sight. They live as long as the
    server, and otherwise each full collection walks them all, pausing every request in
    flight."""
    gc.collect()
    gc.freeze()
