"""Supporting documents attached to declarations: sniffed, size-limited, stored by content hash."""

import hashlib
from datetime import UTC, datetime
from pathlib import Path, PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.clearance.service import get
from smartcustoms.clearance.tables import DocumentFile, User
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.documents.check import check_document_bytes
from smartcustoms.errors import ReadError, SmartCustomsError

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


class UploadError(SmartCustomsError):
    """An upload was refused: empty, or not a document type the platform reads."""


class UploadTooLargeError(UploadError):
    """An upload is over the size limit."""


def sniff_media_type(content: bytes) -> str | None:
    """The media type from the file's first bytes; names and declared types are not trusted."""
    for signature, media_type in _SIGNATURES:
        if content.startswith(signature):
            return media_type
    return None


def attach(
    *,
    session: Session,
    store: Path,
    declaration_id: str,
    actor: User,
    filename: str,
    content: bytes,
    max_bytes: int,
    read: bool = True,
) -> DocumentFile:
    """Stores an uploaded document under its SHA-256 and records it on the declaration, with
    what reading it found (OCR, type, fields, discrepancies with the declaration) unless
    ``read`` is off. A document that cannot be read is kept all the same, with the reason."""
    declared = get(session=session, declaration_id=declaration_id, actor=actor)
    if not content:
        raise UploadError("the file is empty")
    if len(content) > max_bytes:
        raise UploadTooLargeError(f"the file is over the limit of {max_bytes:,} bytes")
    media_type = sniff_media_type(content)
    if media_type is None:
        raise UploadError("unsupported content: send a PDF, PNG, JPEG or TIFF file")
    digest = hashlib.sha256(content).hexdigest()
    path = store / digest[:2] / digest
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_bytes(content)
        partial.replace(path)
    record = DocumentFile(
        declaration_id=declaration_id,
        filename=PurePath(filename).name[:255] or "upload",
        media_type=media_type,
        size=len(content),
        sha256=digest,
        uploaded_by=actor.name,
        at=datetime.now(UTC),
        report=_report(content, declared.document, filename) if read else None,
    )
    session.add(record)
    session.commit()
    return record


def _report(content: bytes, document: dict, filename: str) -> dict:
    try:
        report = check_document_bytes(content, parse_declaration(document), source=filename)
    except ReadError as exc:
        return {"error": exc.problem}
    return report.as_dict()


def list_files(*, session: Session, declaration_id: str, actor: User) -> list[DocumentFile]:
    """The documents uploaded for a declaration the actor may see."""
    get(session=session, declaration_id=declaration_id, actor=actor)
    query = select(DocumentFile).where(DocumentFile.declaration_id == declaration_id)
    return list(session.scalars(query.order_by(DocumentFile.id)))
