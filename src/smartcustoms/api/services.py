"""The app's clearance calls with the app's own services filled in (screening, tariff, VAT,
file store, size limits), shared by the API routes and the portal's pages."""

from datetime import datetime

from fastapi import Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from smartcustoms.clearance import service, uploads
from smartcustoms.clearance.tables import DocumentFile, User
from smartcustoms.declarations.schema import Declaration


def lodge(
    request: Request,
    *,
    session: Session,
    declaration: Declaration,
    actor: User,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> service.Lodgement:
    """Lodges with the app's screening, tariff and VAT rate."""
    state = request.app.state
    return service.lodge(
        session=session,
        declaration=declaration,
        actor=actor,
        screen=state.screen,
        tariff=state.tariff,
        vat_percent=state.settings.vat_percent,
        idempotency_key=idempotency_key,
        now=now,
    )


async def attach(
    request: Request, *, session: Session, declaration_id: str, actor: User, upload: UploadFile
) -> DocumentFile:
    """Stores an uploaded document in the app's file store, within its size limit, and reads it
    (off the event loop: OCR takes a second or two per page)."""
    settings = request.app.state.settings
    content = await upload.read(settings.max_upload_bytes + 1)
    return await run_in_threadpool(
        uploads.attach,
        session=session,
        store=settings.home / "uploads",
        declaration_id=declaration_id,
        actor=actor,
        filename=upload.filename or "upload",
        content=content,
        max_bytes=settings.max_upload_bytes,
    )
