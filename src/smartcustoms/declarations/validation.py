"""Validation of a declaration document: every problem, each with a field pointer, at once.

Field-level checks live in the pydantic models; the checks here relate fields to each other
(unique sequences, item values against the invoice total, dates against the clock). They run on
the raw document too, so a trader sees the consistency problems in the same pass as type errors.
"""

import secrets
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from smartcustoms.declarations.schema import Declaration
from smartcustoms.errors import FieldError, InvalidDeclarationError

CLOCK_SKEW = timedelta(minutes=5)
"""Lodgement times up to this far ahead of our clock are the sender's clock drift, not an error."""

INVOICE_TOLERANCE = Decimal("0.01")
"""Relative gap allowed between the invoice total and the sum of item values (rounding)."""

_FRIENDLY = {
    "missing": "is required",
    "extra_forbidden": "is not a field of the declaration schema; check the spelling",
}


def pointer(location: tuple[Any, ...]) -> str:
    """Turns a pydantic location ('goods_items', 0, 'hs_code') into goods_items[0].hs_code."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(declaration)"


def _message(error: Mapping[str, Any]) -> str:
    if error["type"] in _FRIENDLY:
        return _FRIENDLY[error["type"]]
    message = str(error["msg"]).removeprefix("Value error, ")
    return message.replace("Input should be", "must be")


def validate_declaration(
    document: Any, *, now: datetime | None = None
) -> tuple[Declaration | None, list[FieldError]]:
    """Validates one raw document (parsed JSON); returns the declaration or every error found."""
    if not isinstance(document, Mapping):
        kind = type(document).__name__
        return None, [FieldError("(declaration)", f"must be a JSON object, not {kind}")]
    errors: list[FieldError] = []
    declaration = None
    try:
        declaration = Declaration.model_validate(document)
    except ValidationError as exc:
        errors += [FieldError(pointer(e["loc"]), _message(e)) for e in exc.errors()]
    errors += consistency_errors(document, now=now or datetime.now(UTC))
    return (None if errors else declaration), errors


def parse_declaration(document: Any, *, now: datetime | None = None) -> Declaration:
    """Like :func:`validate_declaration` but raises InvalidDeclarationError listing every error."""
    declaration, errors = validate_declaration(document, now=now)
    if errors:
        raise InvalidDeclarationError(errors)
    assert declaration is not None
    return declaration


def new_declaration_id(now: datetime) -> str:
    """A fresh identifier in the DEC-YYYY-XXXXXXXXXXXX shape, for documents lodged without one."""
    return f"DEC-{now.year}-{secrets.token_hex(6).upper()}"


def consistency_errors(document: Mapping[str, Any], *, now: datetime) -> list[FieldError]:
    """Cross-field checks over a raw document, skipping values that are malformed (those already
    have a field error of their own)."""
    items = document.get("goods_items")
    items = [i for i in items if isinstance(i, Mapping)] if isinstance(items, list) else []
    return [
        *_party_errors(document),
        *_sequence_errors(items),
        *_invoice_errors(document, items),
        *_mass_errors(items),
        *_date_errors(document, now),
    ]


def _party_errors(document: Mapping[str, Any]) -> list[FieldError]:
    required = {"import": "importer", "export": "exporter"}.get(str(document.get("type")))
    if required and document.get(required) is None:
        return [FieldError(required, f"is required on an {document['type']} declaration")]
    return []


def _sequence_errors(items: list[Mapping[str, Any]]) -> list[FieldError]:
    errors, first_seen = [], {}
    for index, item in enumerate(items):
        sequence = item.get("sequence")
        if not isinstance(sequence, int):
            continue
        if sequence in first_seen:
            errors.append(
                FieldError(
                    f"goods_items[{index}].sequence",
                    f"sequence {sequence} is already used by goods_items[{first_seen[sequence]}]",
                )
            )
        else:
            first_seen[sequence] = index
    return errors


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _invoice_errors(
    document: Mapping[str, Any], items: list[Mapping[str, Any]]
) -> list[FieldError]:
    total = _decimal(document.get("invoice_total"))
    values = [_decimal(item.get("value")) for item in items]
    if total is None or not values or any(v is None for v in values):
        return []
    item_sum = sum(values, Decimal(0))
    if abs(item_sum - total) > max(total * INVOICE_TOLERANCE, Decimal("1")):
        return [
            FieldError(
                "invoice_total",
                f"is {total} but the goods item values add up to {item_sum}; "
                "correct the item values or the total",
            )
        ]
    return []


def _mass_errors(items: list[Mapping[str, Any]]) -> list[FieldError]:
    errors = []
    for index, item in enumerate(items):
        net, gross = _decimal(item.get("net_mass_kg")), _decimal(item.get("gross_mass_kg"))
        if net is not None and gross is not None and gross < net:
            errors.append(
                FieldError(
                    f"goods_items[{index}].gross_mass_kg",
                    f"is {gross} kg, less than the net mass of {net} kg",
                )
            )
    return errors


def _parse_moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else None
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _parse_day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _date_errors(document: Mapping[str, Any], now: datetime) -> list[FieldError]:
    errors = []
    lodged_at = _parse_moment(document.get("lodged_at"))
    if lodged_at is not None and lodged_at > now + CLOCK_SKEW:
        errors.append(FieldError("lodged_at", f"{lodged_at.isoformat()} is in the future"))
    documents = document.get("documents")
    for index, entry in enumerate(documents if isinstance(documents, list) else []):
        if not isinstance(entry, Mapping):
            continue
        issued, expires = _parse_day(entry.get("issued_on")), _parse_day(entry.get("expires_on"))
        if issued is not None and issued > now.date():
            errors.append(FieldError(f"documents[{index}].issued_on", f"{issued} is in the future"))
        if issued is not None and expires is not None and expires < issued:
            errors.append(
                FieldError(f"documents[{index}].expires_on", f"{expires} is before the issue date")
            )
    return errors
