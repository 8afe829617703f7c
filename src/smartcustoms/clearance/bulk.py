"""Lodging every declaration of an uploaded file: each is validated and lodged on its own, so one
bad declaration is reported by position and never stops or loses the others."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from smartcustoms.clearance import service
from smartcustoms.clearance.tables import User
from smartcustoms.declarations.io import SourceDocument
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.errors import FieldError, InvalidDeclarationError, SmartCustomsError
from smartcustoms.reference.tariff import Tariff
from smartcustoms.risk.outcome import Screener

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
    actor: User,
    screen: Screener,
    tariff: Tariff,
    vat_percent: Decimal,
) -> list[FileLodgement]:
    """Lodges each readable, valid declaration; the rest come back with their errors."""
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
            declaration = parse_declaration(source.document)
            record = service.lodge(
                session=session,
                declaration=declaration,
                actor=actor,
                screen=screen,
                tariff=tariff,
                vat_percent=vat_percent,
            ).record
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
