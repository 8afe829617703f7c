"""Alembic environment: runs on the connection handed over by ``smartcustoms.clearance.db``."""

from alembic import context

from smartcustoms.clearance.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
