"""The clearance store fixtures (SQLite, and PostgreSQL where configured) for logistics tests."""

from tests.clearance.conftest import (  # noqa: F401  (fixtures used by name)
    database_url,
    engine,
    lodge_kwargs,
    session,
    users,
)
