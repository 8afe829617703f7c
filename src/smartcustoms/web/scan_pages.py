"""Cargo scans on the officer's declaration page: the scan checked against what is declared,
with its findings and the marked image of regions that do not fit the declared goods."""

import re

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from smartcustoms.api.deps import SessionDep
from smartcustoms.clearance import service
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.errors import NotFoundError
from smartcustoms.images import service as images
from smartcustoms.images.intake import ImageRejectedError
from smartcustoms.web.auth import CheckedForm, Officer
from smartcustoms.web.declaration_pages import declaration_view

router = APIRouter(include_in_schema=False)
_SHA256 = re.compile(r"[0-9a-f]{64}")


@router.post("/declarations/{declaration_id}/scan")
async def check_scan(
    declaration_id: str, request: Request, session: SessionDep, user: Officer, form: CheckedForm
) -> Response:
    """Checks an uploaded scan against the declaration and shows the result on its page."""
    record = service.get(session=session, declaration_id=declaration_id, actor=user)
    upload = form.get("scan")
    settings = request.app.state.settings
    if upload is None or not hasattr(upload, "read"):
        return declaration_view(request, session, user, declaration_id, problem="choose a scan")
    content = await upload.read(settings.max_upload_bytes + 1)
    try:
        if len(content) > settings.max_upload_bytes:
            raise ImageRejectedError(f"over the limit of {settings.max_upload_bytes:,} bytes")
        outcome, digest, _ = images.check(
            content=content,
            name=upload.filename or "scan",
            declaration=parse_declaration(record.document),
            home=settings.home,
            keep=True,
        )
    except ImageRejectedError as exc:
        return declaration_view(request, session, user, declaration_id, problem=str(exc))
    return declaration_view(
        request,
        session,
        user,
        declaration_id,
        scan=outcome.as_dict(),
        scan_image=f"/scans/{digest}.png",
    )


@router.get("/scans/{digest}.png")
def marked_scan(digest: str, request: Request, _user: Officer) -> FileResponse:
    """A checked scan with the regions that do not fit the declared goods boxed."""
    path = images.marked_store(request.app.state.settings.home) / digest[:2]
    path = path / f"{digest}.marked.png"
    if not _SHA256.fullmatch(digest) or not path.exists():
        raise NotFoundError("no checked scan with that hash")
    return FileResponse(path, media_type="image/png")
