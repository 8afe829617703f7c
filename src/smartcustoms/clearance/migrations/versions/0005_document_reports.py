"""What reading each uploaded document found: its type, fields and discrepancies.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.add_column("document_files", sa.Column("report", sa.JSON()))


def downgrade() -> None:
    op.drop_column("document_files", "report")
