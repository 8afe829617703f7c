"""Monitoring commands: release times per office, channel or mode."""

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from smartcustoms.clearance.db import open_store
from smartcustoms.cli.shared import as_utc, console, fail
from smartcustoms.config import get_settings
from smartcustoms.errors import SmartCustomsError
from smartcustoms.monitor.release_times import GroupBy, release_time_stats

monitor_app = typer.Typer(help="Release times, KPIs and alarms.", no_args_is_help=True)


@monitor_app.command("release-times")
def monitor_release_times(
    start: Annotated[datetime, typer.Option("--from", help="Start (UTC unless a zone is given)")],
    end: Annotated[datetime | None, typer.Option("--to", help="End (default: now)")] = None,
    by: Annotated[str, typer.Option(help="office, channel, mode or all")] = "office",
) -> None:
    """Median and p90 lodgement-to-release hours of declarations lodged in the period."""
    if by not in ("office", "channel", "mode", "all"):
        raise fail(f"--by is {by!r}; use office, channel, mode or all")
    grouping: GroupBy = by  # type: ignore[assignment]
    start, end = as_utc(start), as_utc(end) if end else datetime.now(UTC)
    with open_store(get_settings())() as session:
        try:
            groups = release_time_stats(session=session, start=start, end=end, by=grouping)
        except SmartCustomsError as exc:
            raise fail(exc) from exc
    table = Table(title=f"release times, lodged {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}")
    for column in (by, "declarations", "released", "median h", "p90 h"):
        table.add_column(column, justify="left" if column == by else "right")
    for g in groups:
        table.add_row(
            g.group,
            f"{g.declarations:,}",
            f"{g.released:,}",
            _hours(g.median_hours),
            _hours(g.p90_hours),
        )
    console.print(table)


def _hours(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
