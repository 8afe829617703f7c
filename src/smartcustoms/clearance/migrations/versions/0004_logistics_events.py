"""Logistics events: manifests, arrivals, discharges and terminal gate moves.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"

_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "logistics_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("transport_document", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("at", _TIMESTAMP, nullable=False),
        sa.Column("office", sa.String(10)),
        sa.Column("packages", sa.Integer),
        sa.Column("quantity", sa.Float),
        sa.Column("gross_mass_kg", sa.Float),
        sa.Column("reported_by", sa.String(64), nullable=False),
        sa.Column("received_at", _TIMESTAMP, nullable=False),
        sa.UniqueConstraint("transport_document", "kind", "at"),
    )
    op.create_index(
        "ix_logistics_events_transport_document", "logistics_events", ["transport_document"]
    )
    op.create_index("ix_logistics_events_kind", "logistics_events", ["kind"])


def downgrade() -> None:
    op.drop_table("logistics_events")
