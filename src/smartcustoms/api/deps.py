"""Typed request dependencies: the database session, the calling user, the app's services."""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from smartcustoms.clearance.tables import User
from smartcustoms.clearance.users import authenticate

_bearer = HTTPBearer(auto_error=False)


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def caller(session: Session, credentials: HTTPAuthorizationCredentials | None) -> User:
    """The user the bearer token belongs to; 401 without a valid one."""
    user = authenticate(session=session, token=credentials.credentials) if credentials else None
    if user is None:
        raise HTTPException(
            401,
            "a valid bearer token is required (Authorization: Bearer TOKEN)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


def get_current_user(session: SessionDep, credentials: BearerCredentials) -> User:
    return caller(session, credentials)


CurrentUser = Annotated[User, Depends(get_current_user)]


REPLAY_TIME_HEADER = "Smartcustoms-Replay-Time"


async def request_time(request: Request) -> datetime:
    """Now, or the simulated time a replay sends when the store was configured to accept it
    (async only so that it runs on the event loop, not in a worker thread: it does no I/O)."""
    sent = request.headers.get(REPLAY_TIME_HEADER)
    if sent is None or not request.app.state.settings.replay_clock:
        return datetime.now(UTC)
    try:
        at = datetime.fromisoformat(sent)
    except ValueError as exc:
        raise HTTPException(400, f"{REPLAY_TIME_HEADER} is not an ISO 8601 time") from exc
    if at.tzinfo is None:
        raise HTTPException(400, f"{REPLAY_TIME_HEADER} needs a zone, e.g. 2025-01-01T08:00Z")
    return at.astimezone(UTC)


RequestTime = Annotated[datetime, Depends(request_time)]
