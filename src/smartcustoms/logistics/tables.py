"""The logistics events table; its schema is created by migration 0004."""

from datetime import datetime

from sqlalchemy import Float, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from smartcustoms.clearance.tables import Base


class LogisticsEvent(Base):
    """One carrier or terminal event about a consignment, keyed by its transport document."""

    __tablename__ = "logistics_events"
    __table_args__ = (UniqueConstraint("transport_document", "kind", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    transport_document: Mapped[str] = mapped_column(String(64), index=True)
    """Bill of lading, air waybill or container number, as the declaration states it."""
    kind: Mapped[str] = mapped_column(String(24), index=True)
    at: Mapped[datetime]
    office: Mapped[str | None] = mapped_column(String(10))
    packages: Mapped[int | None]
    quantity: Mapped[float | None] = mapped_column(Float)
    gross_mass_kg: Mapped[float | None] = mapped_column(Float)
    reported_by: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime]
