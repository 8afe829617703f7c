"""The officer workbench: open document checks, inspections and holds, highest risk first."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from smartcustoms.api.deps import SessionDep
from smartcustoms.clearance import service
from smartcustoms.clearance.states import OPEN_FOR_OFFICERS
from smartcustoms.rules.channel import Channel
from smartcustoms.web.auth import Officer
from smartcustoms.web.render import page

router = APIRouter(include_in_schema=False)
QUEUE_LENGTH = 200


@router.get("/queue")
def queue_page(
    request: Request,
    session: SessionDep,
    user: Officer,
    office: str = "",
    channel: str = "",
    status: str = "",
) -> Response:
    records = service.queue(
        session=session,
        actor=user,
        limit=QUEUE_LENGTH,
        office=office or None,
        channel=channel or None,
        status=status or None,
    )
    return page(
        request,
        "queue.html",
        user,
        records=records,
        offices=service.offices(session=session),
        channels=[c.value for c in Channel],
        statuses=[s.value for s in OPEN_FOR_OFFICERS],
        office=office,
        channel=channel,
        status=status,
    )
