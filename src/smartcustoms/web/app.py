"""Mounting the portal on the API's app: its pages, its local assets and its error pages."""

from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from smartcustoms.web import (
    dashboard_pages,
    declaration_pages,
    hs_suggestions,
    officer_pages,
    scan_pages,
    session_pages,
    trader_pages,
)
from smartcustoms.web.auth import COOKIE, LoginRequired
from smartcustoms.web.render import page

STATIC = Path(__file__).parent / "static"
PLOTLY_JS = files("plotly") / "package_data" / "plotly.min.js"
"""plotly.js as bundled in the plotly wheel: charts work with no internet and no CDN."""


def _error_page(request: Request, status: int, title: str, detail: str, errors: list) -> Response:
    return page(
        request, "error.html", None, status_code=status, title=title, detail=detail, errors=errors
    )


def mount_portal(app: FastAPI) -> None:
    """Adds the portal's pages to ``app``; API errors stay problem+json, pages get pages."""
    app.state.error_page = _error_page
    for module in (
        session_pages,
        trader_pages,
        declaration_pages,
        officer_pages,
        dashboard_pages,
        scan_pages,
        hs_suggestions,
    ):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(
            str(PLOTLY_JS),
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        target = f"/login?next={quote(exc.next_path)}"
        if exc.why:
            target += f"&why={exc.why}"
        response = RedirectResponse(target, status_code=303)
        if not exc.why:  # a stale or revoked token: forget it
            response.delete_cookie(COOKIE, path="/")
        return response
