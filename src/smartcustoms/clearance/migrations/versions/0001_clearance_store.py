"""Clearance store: users, declarations, append-only audit events, inspections.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("party_id", sa.String(64)),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
    )
    op.create_table(
        "declarations",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("declarant_id", sa.String(64), nullable=False, index=True),
        sa.Column("importer_id", sa.String(64), index=True),
        sa.Column("office", sa.String(10), nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("channel", sa.String(8), index=True),
        sa.Column("risk_score", sa.Float),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("duty", sa.JSON, nullable=False),
        sa.Column("lodged_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.Column("lodged_by", sa.String(64), nullable=False),
        sa.Column("idempotency_key", sa.String(128), unique=True),
        sa.Column("body_hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "declaration_id", sa.String(64), sa.ForeignKey("declarations.id"), nullable=False
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("at", _TIMESTAMP, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("from_status", sa.String(16)),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(1000), nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("declaration_id", "seq"),
    )
    op.create_index("ix_audit_events_declaration_id", "audit_events", ["declaration_id"])
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "declaration_id", sa.String(64), sa.ForeignKey("declarations.id"), nullable=False
        ),
        sa.Column("officer", sa.String(64), nullable=False),
        sa.Column("at", _TIMESTAMP, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("fraud_type", sa.String(64)),
        sa.Column("duty_recovered", sa.Numeric(18, 2), nullable=False),
        sa.Column("notes", sa.String(2000), nullable=False),
    )
    op.create_index("ix_inspections_declaration_id", "inspections", ["declaration_id"])
    _make_audit_append_only()


def _make_audit_append_only() -> None:
    """The audit trail must not be rewritten, even by the application's own database user."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'audit_events is append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
            )


def downgrade() -> None:
    for table in ("inspections", "audit_events", "declarations", "users"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
