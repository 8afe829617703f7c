"""SQLAlchemy tables of the clearance store; the schema itself is created by Alembic migrations."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator):
    """Timezone-aware UTC on the way in and out, also on SQLite, which stores no zone: audit
    hashes cover timestamps, so a value must read back exactly as it was written."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused by the clearance store")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime(), dict[str, Any]: JSON}


class User(Base):
    """A person or system calling the platform; only the hash of its bearer token is kept."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    party_id: Mapped[str | None] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]


class DeclarationRecord(Base):
    """A lodged declaration: the canonical document plus where it stands in the workflow."""

    __tablename__ = "declarations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    declarant_id: Mapped[str] = mapped_column(String(64), index=True)
    importer_id: Mapped[str | None] = mapped_column(String(64), index=True)
    office: Mapped[str] = mapped_column(String(10), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    channel: Mapped[str | None] = mapped_column(String(8), index=True)
    risk_score: Mapped[float | None] = mapped_column(Float)
    selected_by: Mapped[str | None] = mapped_column(String(16))
    """What chose the channel (rule, model, exploration, none): random picks measure precision
    without selection bias."""
    reasons: Mapped[list[Any]] = mapped_column(JSON)
    document: Mapped[dict[str, Any]]
    duty: Mapped[dict[str, Any]]
    lodged_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    lodged_by: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    body_hash: Mapped[str] = mapped_column(String(64))


class AuditEvent(Base):
    """One state change, hash-chained to the previous event of the same declaration.

    Rows are only ever inserted: database triggers refuse UPDATE and DELETE.
    """

    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("declaration_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    declaration_id: Mapped[str] = mapped_column(ForeignKey("declarations.id"), index=True)
    seq: Mapped[int]
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(1000))
    details: Mapped[dict[str, Any]]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Inspection(Base):
    """The outcome an officer recorded; the training history of the risk cluster."""

    __tablename__ = "inspections"
    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[str] = mapped_column(ForeignKey("declarations.id"), index=True)
    officer: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    outcome: Mapped[str] = mapped_column(String(16))
    fraud_type: Mapped[str | None] = mapped_column(String(64))
    duty_recovered: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    notes: Mapped[str] = mapped_column(String(2000))


class DocumentFile(Base):
    """A supporting document uploaded for a declaration; the bytes live in the file store."""

    __tablename__ = "document_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[str] = mapped_column(ForeignKey("declarations.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    report: Mapped[dict[str, Any] | None]
    """The document as read (type, fields with confidences) and its discrepancies with the
    declaration; ``{"error": ...}`` when it could not be read."""
