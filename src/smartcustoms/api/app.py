"""The FastAPI application: wiring of settings, store, screening and routes."""

from fastapi import FastAPI

from smartcustoms.api import declarations, images, logistics, monitor, problems
from smartcustoms.clearance.db import open_store
from smartcustoms.config import Settings
from smartcustoms.declarations.schema import Declaration
from smartcustoms.reference.tariff import Tariff, default_tariff
from smartcustoms.risk.outcome import Screener


def create_app(settings: Settings, *, screen: Screener, tariff: Tariff | None = None) -> FastAPI:
    """An app on the configured store (migrated at start) with the given screening function."""
    app = FastAPI(
        title="smartcustoms Single Window API",
        version="1",
        description="Lodge declarations, follow them through screening and controls.",
    )
    app.state.settings = settings
    app.state.sessions = open_store(settings)
    app.state.screen = screen
    app.state.tariff = tariff or default_tariff()
    problems.install(app)
    app.include_router(declarations.router)
    app.include_router(logistics.router)
    app.include_router(monitor.router)
    app.include_router(monitor.metrics_router)
    app.include_router(images.router)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    _publish_declaration_schema(app)
    return app


def _publish_declaration_schema(app: FastAPI) -> None:
    """The lodgement route parses its body itself (to report every error with a pointer), so the
    canonical declaration schema is added to the OpenAPI document by hand."""
    original = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        definitions = Declaration.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(definitions.pop("$defs", {}))
        components["Declaration"] = definitions
        return schema

    app.openapi = openapi
