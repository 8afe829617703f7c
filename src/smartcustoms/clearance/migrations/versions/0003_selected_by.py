"""Record what chose each declaration's channel (rule, model, exploration, none).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.add_column("declarations", sa.Column("selected_by", sa.String(16)))


def downgrade() -> None:
    op.drop_column("declarations", "selected_by")
