"""Supporting documents uploaded for declarations.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "document_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "declaration_id", sa.String(64), sa.ForeignKey("declarations.id"), nullable=False
        ),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("uploaded_by", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_document_files_declaration_id", "document_files", ["declaration_id"])


def downgrade() -> None:
    op.drop_table("document_files")
