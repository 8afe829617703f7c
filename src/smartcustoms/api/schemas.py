"""Request and response bodies of the API that are not the canonical declaration itself."""

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from smartcustoms.clearance.tables import AuditEvent, DeclarationRecord, DocumentFile

TARGETING = frozenset({"risk_score", "reasons"})
"""Fields that say how a declaration was targeted: left out of every answer to a trader (as
absent keys, not nulls), since criteria disclosed to those targeted stop working."""


class LodgementOut(BaseModel):
    declaration_id: str
    status: str
    channel: str | None
    risk_score: float | None = Field(
        default=None, description="Customs staff only: absent in answers to traders"
    )


class DeclarationOut(LodgementOut):
    lodged_at: datetime
    updated_at: datetime
    reasons: list[Any] = Field(
        default_factory=list, description="Customs staff only: absent in answers to traders"
    )
    duty: dict[str, Any]
    declaration: dict[str, Any]

    @classmethod
    def of(cls, record: DeclarationRecord) -> "DeclarationOut":
        return cls(
            declaration_id=record.id,
            status=record.status,
            channel=record.channel,
            risk_score=record.risk_score,
            lodged_at=record.lodged_at,
            updated_at=record.updated_at,
            reasons=record.reasons,
            duty=record.duty,
            declaration=record.document,
        )


def for_viewer(out: BaseModel, *, trader: bool) -> dict[str, Any]:
    """The answer as JSON data for its viewer: without :data:`TARGETING` for a trader."""
    return out.model_dump(mode="json", exclude=set(TARGETING) if trader else None)


class DeclarationPage(BaseModel):
    items: list[DeclarationOut]
    page: int
    page_size: int
    total: int


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: Literal["release", "hold", "inspect"]
    reason: str = Field(min_length=1, max_length=1000)


class InspectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["compliant", "discrepancy"]
    fraud_type: str | None = Field(default=None, max_length=64)
    duty_recovered: Decimal = Field(default=Decimal(0), ge=0, max_digits=18, decimal_places=2)
    notes: str = Field(default="", max_length=2000)


class AuditEventOut(BaseModel):
    seq: int
    at: datetime
    actor: str
    from_status: str | None
    to_status: str
    reason: str
    details: dict[str, Any]
    hash: str

    @classmethod
    def of(cls, event: AuditEvent, *, trader: bool = False) -> "AuditEventOut":
        """The event; for a trader without its details, which hold the screening's scores and
        reasons."""
        return cls(
            seq=event.seq,
            at=event.at,
            actor=event.actor,
            from_status=event.from_status,
            to_status=event.to_status,
            reason=event.reason,
            details={} if trader else event.details,
            hash=event.hash,
        )


class DocumentFileOut(BaseModel):
    id: int
    filename: str
    media_type: str
    size: int
    sha256: str
    uploaded_by: str
    at: datetime
    report: dict[str, Any] | None = None
    """The document as read (type, fields, confidences) and its discrepancies with the
    declaration, or ``{"error": ...}`` when it could not be read."""

    @classmethod
    def of(cls, document: DocumentFile) -> "DocumentFileOut":
        return cls(
            id=document.id,
            filename=document.filename,
            media_type=document.media_type,
            size=document.size,
            sha256=document.sha256,
            uploaded_by=document.uploaded_by,
            at=document.at,
            report=document.report,
        )
