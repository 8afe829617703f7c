"""Routes for image analysis: a scan checked against a declaration, organisms identified and
confirmed; each maps HTTP to one call on the images service."""

import json
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from smartcustoms.api.deps import CurrentUser, SessionDep
from smartcustoms.clearance import service as clearance
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.errors import FieldError, InvalidDeclarationError, NotFoundError
from smartcustoms.images import service
from smartcustoms.images.intake import ImageRejectedError

router = APIRouter(prefix="/api/v1")


async def _content(request: Request, upload: UploadFile) -> bytes:
    limit = request.app.state.settings.max_upload_bytes
    content = await upload.read(limit + 1)
    if len(content) > limit:
        raise ImageRejectedError(f"{upload.filename}: over the limit of {limit:,} bytes")
    return content


@router.post("/images/check")
async def check_scan(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    scan: Annotated[UploadFile, File(description="X-ray scan: PNG, JPEG or TIFF")],
    declaration_id: Annotated[str | None, Form(description="A lodged declaration")] = None,
    declaration: Annotated[str | None, Form(description="Or the declaration as JSON")] = None,
) -> dict:
    """Findings for a scan of the goods of a lodged (or given) declaration."""
    if (declaration_id is None) == (declaration is None):
        raise InvalidDeclarationError(
            [FieldError("(form)", "give either declaration_id or declaration")]
        )
    if declaration_id is not None:
        record = clearance.get(session=session, declaration_id=declaration_id, actor=user)
        document = parse_declaration(record.document)
    else:
        try:
            document = parse_declaration(json.loads(declaration))
        except json.JSONDecodeError as exc:
            raise InvalidDeclarationError([FieldError("declaration", f"not JSON: {exc}")]) from exc
    home = request.app.state.settings.home
    outcome, digest, _ = service.check(
        content=await _content(request, scan),
        name=scan.filename or "scan",
        declaration=document,
        home=home,
        keep=True,
    )
    return {
        "sha256": digest,
        "marked_image": f"/api/v1/images/{digest}/marked.png",
        **outcome.as_dict(),
    }


@router.get("/images/{sha256}/marked.png", response_class=Response)
def marked_scan(request: Request, sha256: str, user: CurrentUser) -> Response:
    """The checked scan with its anomalous regions boxed, for the officer's page."""
    del user  # any signed-in user; the hash is only known to whoever sent the scan
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise NotFoundError("no marked scan with that hash")
    store = service.marked_store(request.app.state.settings.home)
    path = store / sha256[:2] / f"{sha256}.marked.png"
    if not path.exists():
        raise NotFoundError("no marked scan with that hash")
    return Response(path.read_bytes(), media_type="image/png")


@router.post("/organisms/identify")
async def identify(
    request: Request,
    user: CurrentUser,
    photos: Annotated[list[UploadFile], File(description="Macro and/or micro photos")],
) -> dict:
    """Top species with probabilities and the nearest confirmed specimens, for one specimen."""
    del user
    contents = [(p.filename or "photo", await _content(request, p)) for p in photos]
    home = request.app.state.settings.home
    return service.identify(photos=contents, home=home).as_dict()


@router.post("/organisms/{specimen_id}/confirm")
def confirm(request: Request, user: CurrentUser, specimen_id: str, species: str) -> dict:
    """An inspector confirms or corrects an identification; the specimen joins the gallery."""
    gallery = service.gallery(request.app.state.settings.home)
    return gallery.confirm(specimen_id, species, by=user.name)
