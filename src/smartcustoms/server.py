"""ASGI entry point: ``uvicorn --factory smartcustoms.server:build_app`` (what ``serve`` runs).

The one place where the API and the portal are put together: the API knows nothing of pages,
and the portal is mounted on the API's app so both share the store, users and screening.
"""

from fastapi import FastAPI

from smartcustoms.api.app import create_app
from smartcustoms.config import get_settings
from smartcustoms.risk.configured import screener_from_settings
from smartcustoms.web.app import mount_portal


def build_app() -> FastAPI:
    """The API and the portal on the configured store, screening with the configured models
    and rule packs."""
    settings = get_settings()
    app = create_app(settings, screen=screener_from_settings(settings))
    mount_portal(app)
    return app
