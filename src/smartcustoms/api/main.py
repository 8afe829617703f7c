"""ASGI entry point: ``uvicorn --factory smartcustoms.api.main:build_app`` (what ``serve`` runs)."""

from fastapi import FastAPI

from smartcustoms.api.app import create_app
from smartcustoms.config import get_settings
from smartcustoms.risk.configured import screener_from_settings


def build_app() -> FastAPI:
    """The app on the configured store, screening with the configured rule packs."""
    settings = get_settings()
    return create_app(settings, screen=screener_from_settings(settings))
