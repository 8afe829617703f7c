"""Portal sign-in with the API's users and tokens: the bearer token is kept in an HttpOnly,
SameSite=Strict cookie, and every form carries a token derived from it against cross-site posts."""

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import FormData

from smartcustoms.api.deps import SessionDep
from smartcustoms.clearance.tables import User
from smartcustoms.clearance.users import Role, authenticate

COOKIE = "smartcustoms_token"


class LoginRequired(Exception):
    """The page needs a signed-in user (or one of another role); the portal sends them to login."""

    def __init__(self, next_path: str, why: str = ""):
        self.next_path = next_path
        self.why = why
        super().__init__(why or "sign in to continue")


def form_token(token: str) -> str:
    """The anti-forgery value of a session: another site can make a browser send the cookie but
    cannot read it, so it cannot compute this."""
    return hmac.new(token.encode(), b"smartcustoms portal form", hashlib.sha256).hexdigest()


def portal_user(request: Request, session: SessionDep) -> User:
    token = request.cookies.get(COOKIE)
    user = authenticate(session=session, token=token) if token else None
    if user is None:
        raise LoginRequired(request.url.path)
    return user


PortalUser = Annotated[User, Depends(portal_user)]


def officer(user: PortalUser, request: Request) -> User:
    """Officers and administrators work the queue and see the dashboard; traders may not."""
    if user.role == Role.TRADER:
        raise LoginRequired(request.url.path, "officers")
    return user


Officer = Annotated[User, Depends(officer)]


async def checked_form(request: Request) -> FormData:
    """The posted form, once its anti-forgery field matches the session cookie."""
    form = await request.form(max_files=5, max_fields=4100)
    token = request.cookies.get(COOKIE, "")
    sent = form.get("csrf")
    if not token or not isinstance(sent, str) or not hmac.compare_digest(sent, form_token(token)):
        raise HTTPException(403, "this form has expired or came from another site; reload the page")
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]
