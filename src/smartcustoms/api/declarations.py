"""Routes for lodging, reading and deciding on declarations; each maps HTTP to one service call."""

import json
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials

from smartcustoms.api import services
from smartcustoms.api.deps import (
    BearerCredentials,
    CurrentUser,
    RequestTime,
    SessionDep,
    caller,
)
from smartcustoms.api.schemas import (
    TARGETING,
    AuditEventOut,
    DecisionIn,
    DeclarationOut,
    DeclarationPage,
    DocumentFileOut,
    InspectionIn,
    LodgementOut,
    for_viewer,
)
from smartcustoms.clearance import service, uploads
from smartcustoms.clearance.tables import User
from smartcustoms.clearance.users import Role
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.errors import FieldError, InvalidDeclarationError

router = APIRouter(prefix="/api/v1")


async def _declaration_body(request: Request) -> bytes:
    """The raw body, refused with 413 over the size limit; decoded later, after authentication."""
    limit = request.app.state.settings.max_body_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"body over {limit:,} bytes; lodge large batches as files")
    body = await request.body()
    if len(body) > limit:
        raise HTTPException(413, f"body over {limit:,} bytes; lodge large batches as files")
    return body


def _json(body: bytes) -> object:
    """JSON with decimals kept exact (money), or a 422 pointing at the body."""
    try:
        return json.loads(body.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidDeclarationError([FieldError("(body)", f"not valid JSON: {exc}")]) from exc


@router.post(
    "/declarations",
    status_code=201,
    response_model=LodgementOut,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Declaration"}}
            },
        }
    },
)
async def lodge_declaration(
    request: Request,
    credentials: BearerCredentials,
    now: RequestTime,
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
) -> Response:
    """Lodges a canonical declaration; it is screened and routed before the response."""
    body = await _declaration_body(request)
    # one trip off the event loop for all the blocking work (each sync dependency would be one
    # more), so that concurrent lodgements can also share a screening batch
    lodged, trader = await run_in_threadpool(
        _lodge_blocking, request, credentials, body, idempotency_key=idempotency_key, now=now
    )
    record = lodged.record
    out = LodgementOut(
        declaration_id=record.id,
        status=record.status,
        channel=record.channel,
        risk_score=record.risk_score,
    )
    # serialised here, by the model the route declares: FastAPI would validate it once more
    return Response(
        out.model_dump_json(exclude=set(TARGETING) if trader else None),
        status_code=200 if lodged.replayed else 201,
        media_type="application/json",
        headers={"Location": f"/api/v1/declarations/{record.id}"},
    )


def _lodge_blocking(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None,
    body: bytes,
    *,
    idempotency_key: str | None,
    now: datetime,
) -> tuple[service.Lodgement, bool]:
    """Authenticates (401 before any validation error), validates, lodges and commits; says
    whether the caller is a trader."""
    with request.app.state.sessions() as session:
        user = caller(session, credentials)
        lodged = services.lodge(
            request,
            session=session,
            declaration=parse_declaration(_json(body)),
            actor=user,
            idempotency_key=idempotency_key,
            now=now,
        )
        return lodged, _is_trader(user)


@router.get("/declarations/{declaration_id}", response_model=DeclarationOut)
def read_declaration(declaration_id: str, session: SessionDep, user: CurrentUser) -> Response:
    """One declaration with its status, channel, duty and, for customs staff, its risk score
    and reasons."""
    record = service.get(session=session, declaration_id=declaration_id, actor=user)
    return JSONResponse(for_viewer(DeclarationOut.of(record), trader=_is_trader(user)))


@router.get("/declarations", response_model=DeclarationPage)
def list_declarations(
    session: SessionDep,
    user: CurrentUser,
    status: str | None = None,
    channel: str | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """The declarations the caller may see, newest first (for a trader without targeting)."""
    records, total = service.search(
        session=session, actor=user, status=status, channel=channel, page=page, page_size=page_size
    )
    trader = _is_trader(user)
    items = [for_viewer(DeclarationOut.of(r), trader=trader) for r in records]
    return JSONResponse({"items": items, "page": page, "page_size": page_size, "total": total})


@router.get("/queue", response_model=list[DeclarationOut])
def officer_queue(session: SessionDep, user: CurrentUser) -> list[DeclarationOut]:
    """Open document checks, inspections and holds, highest risk first (officers only)."""
    return [DeclarationOut.of(r) for r in service.queue(session=session, actor=user)]


@router.post("/declarations/{declaration_id}/decision", response_model=DeclarationOut)
def decide(
    declaration_id: str, body: DecisionIn, session: SessionDep, user: CurrentUser, now: RequestTime
) -> DeclarationOut:
    """Release, hold or inspect, with the officer's reason in the audit trail."""
    record = service.decide(
        session=session,
        declaration_id=declaration_id,
        actor=user,
        decision=body.decision,
        reason=body.reason,
        now=now,
    )
    return DeclarationOut.of(record)


@router.post("/declarations/{declaration_id}/inspection", response_model=DeclarationOut)
def record_inspection(
    declaration_id: str,
    body: InspectionIn,
    session: SessionDep,
    user: CurrentUser,
    now: RequestTime,
) -> DeclarationOut:
    """Records an inspection outcome; it feeds the risk cluster's training history."""
    service.record_inspection(
        session=session,
        declaration_id=declaration_id,
        actor=user,
        outcome=body.outcome,
        fraud_type=body.fraud_type,
        duty_recovered=body.duty_recovered,
        notes=body.notes,
        now=now,
    )
    return DeclarationOut.of(
        service.get(session=session, declaration_id=declaration_id, actor=user)
    )


@router.get("/declarations/{declaration_id}/audit", response_model=list[AuditEventOut])
def audit_trail(declaration_id: str, session: SessionDep, user: CurrentUser) -> list[AuditEventOut]:
    """Every state change of the declaration, oldest first, with its hash."""
    events = service.audit_trail(session=session, declaration_id=declaration_id, actor=user)
    return [AuditEventOut.of(e, trader=_is_trader(user)) for e in events]


@router.post(
    "/declarations/{declaration_id}/documents", status_code=201, response_model=DocumentFileOut
)
async def upload_document(
    declaration_id: str, file: UploadFile, request: Request, session: SessionDep, user: CurrentUser
) -> DocumentFileOut:
    """Attaches a PDF or image; its type is read from its content, never from its name, and it
    is read and checked against the declaration (``report``)."""
    stored = await services.attach(
        request, session=session, declaration_id=declaration_id, actor=user, upload=file
    )
    return DocumentFileOut.of(stored)


@router.get("/declarations/{declaration_id}/documents", response_model=list[DocumentFileOut])
def list_documents(
    declaration_id: str, session: SessionDep, user: CurrentUser
) -> list[DocumentFileOut]:
    """The documents uploaded for a declaration."""
    files = uploads.list_files(session=session, declaration_id=declaration_id, actor=user)
    return [DocumentFileOut.of(f) for f in files]


def _is_trader(user: User) -> bool:
    """Traders see their own declarations and never how they were targeted."""
    return user.role == Role.TRADER
