"""Workflow states and channels of a declaration, and the transitions allowed between states."""

from enum import StrEnum

from smartcustoms.errors import SmartCustomsError
from smartcustoms.rules.channel import Channel


class Status(StrEnum):
    LODGED = "lodged"
    SCREENED = "screened"
    DOCUMENT_CHECK = "document_check"
    INSPECTION = "inspection"
    RELEASED = "released"
    HELD = "held"
    SEIZED = "seized"
    REJECTED = "rejected"


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.LODGED: frozenset({Status.SCREENED, Status.REJECTED}),
    Status.SCREENED: frozenset(
        {Status.RELEASED, Status.DOCUMENT_CHECK, Status.INSPECTION, Status.HELD}
    ),
    Status.DOCUMENT_CHECK: frozenset(
        {Status.RELEASED, Status.INSPECTION, Status.HELD, Status.REJECTED}
    ),
    Status.INSPECTION: frozenset({Status.RELEASED, Status.HELD, Status.SEIZED}),
    Status.HELD: frozenset({Status.RELEASED, Status.INSPECTION, Status.SEIZED, Status.REJECTED}),
    Status.RELEASED: frozenset(),
    Status.SEIZED: frozenset(),
    Status.REJECTED: frozenset(),
}
"""Released, seized and rejected are final: nothing moves a declaration out of them."""

OPEN_FOR_OFFICERS = (Status.DOCUMENT_CHECK, Status.INSPECTION, Status.HELD)

CHANNEL_STATUS = {
    Channel.GREEN: Status.RELEASED,
    Channel.YELLOW: Status.DOCUMENT_CHECK,
    Channel.RED: Status.INSPECTION,
}
"""Where screening sends a declaration: green channel releases automatically at lodging."""


class TransitionError(SmartCustomsError):
    """A declaration was asked to move in a way the workflow does not allow."""


def check_transition(current: Status, target: Status) -> None:
    """Raises TransitionError unless the workflow allows ``current`` -> ``target``."""
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "nothing (final state)"
        raise TransitionError(
            f"a declaration that is {current} cannot become {target}; allowed: {allowed}"
        )
