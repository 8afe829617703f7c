"""Lodging every declaration of an uploaded file: each is validated and lodged on its own, so one
bad declaration is reported by position and never stops or loses the others."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from smartcustoms.clearance.service import Lodgement
from smartcustoms.declarations.io import SourceDocument
from smartcustoms.declarations.schema import Declaration
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.errors import FieldError, InvalidDeclarationError, SmartCustomsError

MAX_DECLARATIONS_PER_FILE = 500
"""An upload is a trader's day of work; larger batches go through the API or the bulk CLI."""


@dataclass(slots=True)
class FileLodgement:
    """What happened to one declaration of the file: lodged (id, status, channel) or why not."""

    position: str
    declaration_id: str | None = None
    status: str | None = None
    channel: str | None = None
    errors: list[FieldError] = field(default_factory=list)


def lodge_documents(
    *,
    session: Session,
    sources: Iterable[SourceDocument],
    lodge: Callable[[Declaration], Lodgement],
) -> list[FileLodgement]:
    """Lodges each readable, valid declaration with ``lodge`` (the clearance service's lodge
    with the caller's actor and services bound); the rest come back with their errors. A
    refused one is rolled back on ``session`` so the next starts clean."""
    results = []
    for number, source in enumerate(sources, start=1):
        position = source.position or "declaration"
        if number > MAX_DECLARATIONS_PER_FILE:
            message = f"only the first {MAX_DECLARATIONS_PER_FILE} declarations of a file are read"
            results.append(FileLodgement(position, errors=[FieldError("(file)", message)]))
            break
        if source.problems:
            results.append(FileLodgement(position, errors=source.problems))
            continue
        try:
            record = lodge(parse_declaration(source.document)).record
        except InvalidDeclarationError as exc:
            session.rollback()
            results.append(FileLodgement(position, errors=exc.errors))
            continue
        except SmartCustomsError as exc:
            session.rollback()
            results.append(FileLodgement(position, errors=[FieldError("(declaration)", str(exc))]))
            continue
        results.append(FileLodgement(position, record.id, record.status, record.channel))
    return results
