"""Rendering pages: one template environment, the context every page shares, and number and
time formats an officer reads at a glance."""

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from smartcustoms.clearance.tables import User
from smartcustoms.reference.hs import dotted
from smartcustoms.web.auth import COOKIE, form_token

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


def _when(value: datetime | str | None) -> str:
    if value is None:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _money(value: Any) -> str:
    return f"{Decimal(str(value)):,.2f}" if value not in (None, "") else ""


def _percent(value: float | None, digits: int = 0) -> str:
    return "" if value is None else f"{value:.{digits}%}"


def _hs(value: str | None) -> str:
    """An HS code as officers write it (``8518.30``); anything unreadable as it is."""
    try:
        return dotted(value or "")
    except ValueError:
        return value or ""


TEMPLATES.env.filters.update(when=_when, money=_money, percent=_percent, hs=_hs)


def page(
    request: Request,
    template: str,
    user: User | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A rendered page with the signed-in user and the anti-forgery value for its forms."""
    token = request.cookies.get(COOKIE)
    shared = {"user": user, "csrf": form_token(token) if token and user else ""}
    return TEMPLATES.TemplateResponse(
        request, template, {**shared, **context}, status_code=status_code
    )
