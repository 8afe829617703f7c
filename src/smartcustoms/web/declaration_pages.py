"""One declaration: its risk and reasons, duty, documents and timeline, and the officer's
actions on it. Traders see their own declarations here too, without the actions."""

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from smartcustoms.api import services
from smartcustoms.api.deps import SessionDep
from smartcustoms.clearance import service, uploads
from smartcustoms.clearance.states import TransitionError
from smartcustoms.clearance.tables import User
from smartcustoms.clearance.users import Role
from smartcustoms.errors import ForbiddenError
from smartcustoms.logistics.events import events_for
from smartcustoms.logistics.matching import findings_for_declaration, references
from smartcustoms.web.auth import CheckedForm, PortalUser
from smartcustoms.web.render import page

router = APIRouter(include_in_schema=False)
DONE = {
    "lodged": "Declaration lodged and screened.",
    "release": "Released.",
    "hold": "Held.",
    "inspect": "Sent to physical inspection.",
    "inspection": "Inspection outcome recorded.",
    "document": "Document uploaded.",
}
FRAUD_TYPES = ("undervaluation", "misclassification", "origin", "quantity", "prohibited", "other")


def declaration_view(
    request: Request,
    session: Session,
    user: User,
    declaration_id: str,
    *,
    message: str = "",
    problem: str = "",
    **extra: object,
) -> Response:
    """The declaration page; ``extra`` adds results shown once, such as a scan check."""
    record = service.get(session=session, declaration_id=declaration_id, actor=user)
    officer = user.role != Role.TRADER
    # targeting (scores, rule hits, model factors, selection) is never shown to traders
    reasons = (record.reasons or []) if officer else []
    now = datetime.now(UTC)
    return page(
        request,
        "declaration.html",
        user,
        record=record,
        document=record.document,
        rule_reasons=_rules_fired([r for r in reasons if r.get("source") == "rule"]),
        model_reasons=_model_factors([r for r in reasons if r.get("source") == "model"]),
        trail=service.audit_trail(session=session, declaration_id=declaration_id, actor=user),
        files=uploads.list_files(session=session, declaration_id=declaration_id, actor=user),
        shipment=events_for(session, references(record.document)),
        logistics_findings=(
            findings_for_declaration(session=session, record=record, now=now) if officer else []
        ),
        fraud_types=FRAUD_TYPES,
        message=message,
        problem=problem,
        **extra,
    )


MODEL_FACTOR_FLOOR = 0.1
"""Items whose fraud probability is below this are not listed with their model factors (the
three likeliest always are): an officer reads the items that drove the selection first."""


def _rules_fired(reasons: list[dict]) -> list[dict]:
    """One line per rule, naming every item it fired on, in the order rules first fired."""
    fired: dict[tuple, dict] = {}
    for r in reasons:
        key = (r.get("rule"), r.get("pack"), r.get("explanation"))
        fired.setdefault(key, {**r, "sequences": []})["sequences"].append(r.get("sequence"))
    return list(fired.values())


def _model_factors(reasons: list[dict]) -> list[dict]:
    """The items' model factors, likeliest fraud first, without the unlikely ones."""
    ranked = sorted(reasons, key=lambda r: -(r.get("fraud_probability") or 0.0))
    return [
        r
        for position, r in enumerate(ranked)
        if position < 3 or (r.get("fraud_probability") or 0.0) >= MODEL_FACTOR_FLOOR
    ]


@router.get("/declarations/{declaration_id}")
def declaration_page(
    declaration_id: str, request: Request, session: SessionDep, user: PortalUser, done: str = ""
) -> Response:
    return declaration_view(request, session, user, declaration_id, message=DONE.get(done, ""))


def _text(form, name: str, limit: int) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


@router.post("/declarations/{declaration_id}/decision")
def decide(
    declaration_id: str, request: Request, session: SessionDep, user: PortalUser, form: CheckedForm
) -> Response:
    """Release, hold or inspect; a refused move comes back on the page with the reason."""
    decision = _text(form, "decision", 16)
    reason = _text(form, "reason", 1000)
    if decision not in ("release", "hold", "inspect") or not reason:
        problem = "choose release, hold or inspect and give a reason"
        return declaration_view(request, session, user, declaration_id, problem=problem)
    try:
        service.decide(
            session=session,
            declaration_id=declaration_id,
            actor=user,
            decision=decision,
            reason=reason,
        )
    except (TransitionError, ForbiddenError) as exc:
        session.rollback()
        return declaration_view(request, session, user, declaration_id, problem=str(exc))
    return RedirectResponse(f"/declarations/{declaration_id}?done={decision}", status_code=303)


@router.post("/declarations/{declaration_id}/inspection")
def record_inspection(
    declaration_id: str, request: Request, session: SessionDep, user: PortalUser, form: CheckedForm
) -> Response:
    """Records what the inspection found; a discrepancy names its kind and the duty recovered."""
    outcome = _text(form, "outcome", 16)
    fraud_type = _text(form, "fraud_type", 64) or None
    try:
        recovered = Decimal(_text(form, "duty_recovered", 24) or "0")
    except InvalidOperation:
        recovered = Decimal(-1)
    problem = ""
    if outcome not in ("compliant", "discrepancy"):
        problem = "choose the outcome: compliant or discrepancy"
    elif not recovered.is_finite() or recovered < 0 or recovered.as_tuple().exponent < -2:
        problem = "duty recovered must be an amount such as 1250.00, zero or more"
    elif outcome == "discrepancy" and not fraud_type:
        problem = "a discrepancy needs its kind (undervaluation, misclassification, ...)"
    if problem:
        return declaration_view(request, session, user, declaration_id, problem=problem)
    try:
        service.record_inspection(
            session=session,
            declaration_id=declaration_id,
            actor=user,
            outcome=outcome,
            fraud_type=fraud_type if outcome == "discrepancy" else None,
            duty_recovered=recovered,
            notes=_text(form, "notes", 2000),
        )
    except (TransitionError, ForbiddenError) as exc:
        session.rollback()
        return declaration_view(request, session, user, declaration_id, problem=str(exc))
    return RedirectResponse(f"/declarations/{declaration_id}?done=inspection", status_code=303)


@router.post("/declarations/{declaration_id}/documents")
async def upload_document(
    declaration_id: str, request: Request, session: SessionDep, user: PortalUser, form: CheckedForm
) -> Response:
    """Attaches a PDF or image; refused uploads come back on the page with the reason."""
    upload = form.get("file")
    if upload is None or not hasattr(upload, "read"):
        return declaration_view(request, session, user, declaration_id, problem="choose a file")
    try:
        await services.attach(
            request, session=session, declaration_id=declaration_id, actor=user, upload=upload
        )
    except uploads.UploadError as exc:
        session.rollback()
        return declaration_view(request, session, user, declaration_id, problem=str(exc))
    return RedirectResponse(f"/declarations/{declaration_id}?done=document", status_code=303)
