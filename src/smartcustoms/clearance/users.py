"""Users, roles and bearer tokens; only a hash of each token is stored."""

import hashlib
import hmac
import secrets
import time
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.clearance.tables import User
from smartcustoms.errors import SmartCustomsError


class Role(StrEnum):
    TRADER = "trader"
    OFFICER = "officer"
    ADMIN = "admin"


class UserError(SmartCustomsError):
    """A user cannot be created as asked."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(
    *, session: Session, name: str, role: Role, party_id: str | None = None
) -> tuple[User, str]:
    """Creates a user and returns it with its bearer token, which is shown only this once."""
    if role is Role.TRADER and not party_id:
        raise UserError("a trader needs --party: the party id it declares or imports for")
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise UserError(f"user {name!r} exists already")
    token = secrets.token_urlsafe(32)
    user = User(
        name=name,
        role=str(role),
        party_id=party_id,
        token_hash=_hash(token),
        created_at=datetime.now(UTC),
    )
    session.add(user)
    session.commit()
    return user, token


RECENT_SECONDS = 30.0
"""How long a signed-in user is remembered by its token hash. Every API request authenticates,
and the lookup is a database round trip; users are only ever added, so a remembered user cannot
be stale."""

_recent: dict[tuple[str, str], tuple[float, User]] = {}


def authenticate(*, session: Session, token: str) -> User | None:
    """The user holding ``token``, or None. The lookup is by hash and the final comparison is in
    constant time, so response timing does not reveal how much of a token was right. Only
    successful sign-ins are remembered (per store), so wrong tokens always reach the store."""
    digest = _hash(token)
    key = (str(session.get_bind().url), digest)
    remembered = _recent.get(key)
    if remembered is not None and remembered[0] > time.monotonic():
        return remembered[1]
    user = session.scalar(select(User).where(User.token_hash == digest))
    if user is None or not hmac.compare_digest(user.token_hash, digest):
        return None
    session.expunge(user)  # shared with other requests' sessions: bound to none of them
    if len(_recent) > 1024:  # a bound, not an eviction policy: it refills at once
        _recent.clear()
    _recent[key] = (time.monotonic() + RECENT_SECONDS, user)
    return user
