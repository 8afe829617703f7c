"""The trader's single window: my declarations, and lodging by form or by file."""

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from smartcustoms.api import services
from smartcustoms.api.deps import SessionDep
from smartcustoms.clearance import bulk, service
from smartcustoms.clearance.tables import User
from smartcustoms.declarations.io import read_documents
from smartcustoms.declarations.schema import DocumentType, Incoterm, TransportMode
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.errors import (
    ConflictError,
    FieldError,
    ForbiddenError,
    InvalidDeclarationError,
    ReadError,
)
from smartcustoms.reference.iso_codes import country_codes, currency_codes
from smartcustoms.reference.units import QUANTITY_UNITS
from smartcustoms.rules.channel import Channel
from smartcustoms.web.auth import CheckedForm, PortalUser
from smartcustoms.web.forms import errors_by_field, form_to_document
from smartcustoms.web.render import page

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
CHOICES = {
    "modes": [m.value for m in TransportMode],
    "incoterms": [i.value for i in Incoterm],
    "document_types": [d.value for d in DocumentType],
    "countries": sorted(country_codes()),
    "currencies": sorted(currency_codes()),
    "units": QUANTITY_UNITS,
}


@router.get("/my")
def my_declarations(
    request: Request,
    session: SessionDep,
    user: PortalUser,
    status: str | None = None,
    channel: str | None = None,
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    """The declarations the user may see, newest first (a trader: only their own)."""
    records, total = service.search(
        session=session,
        actor=user,
        status=status or None,
        channel=channel or None,
        page=page_number,
        page_size=PAGE_SIZE,
    )
    return page(
        request,
        "declarations.html",
        user,
        records=records,
        total=total,
        page_number=page_number,
        pages=max(1, -(-total // PAGE_SIZE)),
        status=status or "",
        channels=[c.value for c in Channel],
        channel=channel or "",
    )


def _lodge_form(
    request: Request,
    user: User,
    values: dict[str, str],
    errors: dict[str, list[str]] | None = None,
    *,
    file_results: list[bulk.FileLodgement] | None = None,
) -> Response:
    rows = 1 + max(
        (int(k.split("[")[1].split("]")[0]) for k in values if k.startswith("goods_items[")),
        default=0,
    )
    return page(
        request,
        "lodge.html",
        user,
        values=values,
        errors=errors or {},
        rows=rows,
        file_results=file_results,
        **CHOICES,
    )


@router.get("/lodge")
def lodge_form(request: Request, user: PortalUser) -> Response:
    defaults = {"type": "import", "incoterm": "CIF", "currency": "USD", "transport.mode": "sea"}
    if user.party_id:
        defaults["declarant.id"] = user.party_id
    return _lodge_form(request, user, defaults)


@router.post("/lodge")
def lodge(request: Request, session: SessionDep, user: PortalUser, form: CheckedForm) -> Response:
    """Lodges the form; on errors the form comes back filled in, each message by its field."""
    fields = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    values = {k: v for k, v in fields if k != "csrf"}
    try:
        declaration = parse_declaration(form_to_document(fields))
        lodged = services.lodge(request, session=session, declaration=declaration, actor=user)
        declaration_id = lodged.record.id
    except InvalidDeclarationError as exc:
        return _lodge_form(request, user, values, errors_by_field(exc.errors))
    except (ForbiddenError, ConflictError) as exc:
        return _lodge_form(request, user, values, {"": [str(exc)]})
    return RedirectResponse(f"/declarations/{declaration_id}?done=lodged", status_code=303)


def _suffix(content: bytes) -> str:
    """JSON or CSV, from the first bytes of the content rather than the file name."""
    head = content.lstrip()[:1]
    return ".json" if head in (b"{", b"[") else ".csv"


@router.post("/lodge/file")
async def lodge_file(
    request: Request, session: SessionDep, user: PortalUser, form: CheckedForm
) -> Response:
    """Lodges every declaration in an uploaded JSON or CSV file and lists what became of each."""
    upload = form.get("file")
    limit = request.app.state.settings.max_upload_bytes
    content = (
        await upload.read(limit + 1) if upload is not None and hasattr(upload, "read") else b""
    )
    problem = None
    if not content:
        problem = "choose a JSON or CSV file of declarations"
    elif len(content) > limit:
        problem = f"the file is over {limit:,} bytes; send large batches through the API"
    if problem:
        errors = {"file": [problem]}
        return _lodge_form(request, user, {}, errors)
    results = await run_in_threadpool(_lodge_content, request, session, user, content)
    return _lodge_form(request, user, {}, file_results=results)


def _lodge_content(
    request: Request, session: Session, user: User, content: bytes
) -> list[bulk.FileLodgement]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{_suffix(content)}"
        path.write_bytes(content)
        settings = request.app.state.settings
        try:
            return bulk.lodge_documents(
                session=session,
                sources=list(
                    read_documents(
                        path,
                        batch_size=settings.batch_size,
                        max_json_bytes=settings.max_json_bytes,
                    )
                ),
                lodge=lambda d: services.lodge(request, session=session, declaration=d, actor=user),
            )
        except ReadError as exc:
            where = f"{exc.position}: " if exc.position else ""
            return [bulk.FileLodgement("file", errors=[FieldError("(file)", where + exc.problem)])]
