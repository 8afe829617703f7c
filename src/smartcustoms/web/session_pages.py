"""Signing in and out, and the front door that sends each role to its own start page."""

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from smartcustoms.api.deps import SessionDep
from smartcustoms.clearance.users import Role, authenticate
from smartcustoms.web.auth import COOKIE, CheckedForm, PortalUser
from smartcustoms.web.render import page

router = APIRouter(include_in_schema=False)
WHY = {"officers": "That page is for customs officers: sign in as an officer to open it."}
"""Why the login page was shown, by code: a message is never taken from the address itself."""


def start_page(role: str) -> str:
    return "/my" if role == Role.TRADER else "/queue"


def _local(path: str | None) -> str | None:
    """Only same-site paths are followed after login, never another host."""
    if not path:
        return None
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/") or path.startswith("//"):
        return None
    return path


@router.get("/")
def home(user: PortalUser) -> RedirectResponse:
    return RedirectResponse(start_page(user.role), status_code=303)


@router.get("/login")
def login_form(request: Request, next: str | None = None, why: str = "") -> Response:
    return page(request, "login.html", None, next=_local(next) or "", message=WHY.get(why, ""))


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    name: Annotated[str, Form(max_length=64)],
    token: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Signs in with a user name and the token `smartcustoms users add` printed for it."""
    user = authenticate(session=session, token=token.strip())
    if user is None or user.name != name.strip():
        return page(
            request,
            "login.html",
            None,
            next=_local(next) or "",
            message="That user name and token do not match. Check both and try again.",
            name=name,
        )
    response = RedirectResponse(_local(next) or start_page(user.role), status_code=303)
    response.set_cookie(
        COOKIE, token.strip(), httponly=True, samesite="strict", max_age=12 * 3600, path="/"
    )
    return response


@router.post("/logout")
def logout(_form: CheckedForm, _user: PortalUser) -> RedirectResponse:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
