"""Times that API queries name: zoned, and inside the years the product can compute with."""

from datetime import UTC, datetime

from fastapi import HTTPException

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def check_times(*times: datetime | None) -> None:
    """A 422 unless every given time carries a zone and lies between :data:`EARLIEST` and
    :data:`LATEST`: periods, lookbacks and alarm baselines reach weeks back from the times a
    query names, which from year 1 leaves the calendar (a 500 otherwise)."""
    given = [t for t in times if t is not None]
    if any(t.tzinfo is None for t in given):
        raise HTTPException(422, "times need a zone, e.g. 2025-01-01T00:00:00Z")
    if any(not EARLIEST <= t < LATEST for t in given):
        raise HTTPException(422, "times must lie between the years 1900 and 9000")
