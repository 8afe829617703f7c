"""Commands for logistics events, monitoring figures and the traffic replay; thin."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.table import Table

from smartcustoms.clearance.db import open_store
from smartcustoms.clearance.users import Role, add_user
from smartcustoms.config import get_settings
from smartcustoms.errors import ReadError, SmartCustomsError
from smartcustoms.lab.replay import Incidents, Replay, generated_traffic
from smartcustoms.lab.trade.params import GenerationParams
from smartcustoms.logistics.events import InvalidEventsError, record_events
from smartcustoms.logistics.files import read_event_file
from smartcustoms.monitor.release_times import GroupBy, release_time_stats

logistics_app = typer.Typer(help="Carrier and terminal events.", no_args_is_help=True)
monitor_app = typer.Typer(help="Release times, KPIs and alarms.", no_args_is_help=True)
console = Console()
errors_out = Console(stderr=True)


def _fail(exc: Exception) -> typer.Exit:
    errors_out.print(f"[red]error:[/] {exc}", highlight=False)
    return typer.Exit(1)


@logistics_app.command("import")
def logistics_import(
    file: Annotated[Path, typer.Argument(help="Events as .jsonl or .csv")],
) -> None:
    """Imports events; nothing is stored unless every line is valid; resent events kept once."""
    try:
        events = read_event_file(file)
    except InvalidEventsError as exc:
        for error in exc.errors:
            errors_out.print(f"{error.pointer}: {error.message}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    except ReadError as exc:
        raise _fail(exc) from exc
    with open_store(get_settings())() as session:
        recorded = record_events(
            session=session, events=events, reported_by=f"file:{file.name}", now=datetime.now(UTC)
        )
    console.print(f"{recorded.accepted:,} events imported, {recorded.duplicates:,} already known")


@monitor_app.command("release-times")
def monitor_release_times(
    start: Annotated[datetime, typer.Option("--from", help="Start (UTC unless a zone is given)")],
    end: Annotated[datetime | None, typer.Option("--to", help="End (default: now)")] = None,
    by: Annotated[str, typer.Option(help="office, channel, mode or all")] = "office",
) -> None:
    """Median and p90 lodgement-to-release hours of declarations lodged in the period."""
    if by not in ("office", "channel", "mode", "all"):
        raise _fail(ValueError(f"--by is {by!r}; use office, channel, mode or all"))
    grouping: GroupBy = by  # type: ignore[assignment]
    start, end = _utc(start), _utc(end) if end else datetime.now(UTC)
    with open_store(get_settings())() as session:
        try:
            groups = release_time_stats(session=session, start=start, end=end, by=grouping)
        except SmartCustomsError as exc:
            raise _fail(exc) from exc
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


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def replay(
    speedup: Annotated[float, typer.Option(min=1e-3, help="Simulated seconds per second")] = 3600,
    declarations: Annotated[int, typer.Option(min=1, help="Generated declarations")] = 2000,
    seed: Annotated[int, typer.Option(help="Generator and officer-delay seed")] = 0,
    start: Annotated[datetime, typer.Option(help="First month of traffic")] = datetime(2025, 1, 1),
    months: Annotated[int, typer.Option(min=1, help="Months of traffic")] = 1,
    url: Annotated[str | None, typer.Option(help="Running server (default: in-process)")] = None,
    token: Annotated[str | None, typer.Option(help="Admin or officer token for --url")] = None,
    stop_inspections_at: Annotated[
        str | None, typer.Option(help="Plant: this office's inspections stop")
    ] = None,
    jump_importer: Annotated[
        str | None, typer.Option(help="Plant: this importer's volume jumps tenfold")
    ] = None,
    incidents_from: Annotated[
        datetime | None, typer.Option(help="When incidents start (default: 2 days before the end)")
    ] = None,
) -> None:
    """Feeds generated declarations, logistics events and officer work through the API."""
    params = GenerationParams(
        declarations=declarations, seed=seed, start=date(start.year, start.month, 1), months=months
    )
    try:
        shipments = generated_traffic(params)
    except SmartCustomsError as exc:
        raise _fail(exc) from exc
    end = datetime(params.end.year, params.end.month, 1, tzinfo=UTC)
    schedule = Replay(shipments, seed=seed)
    if stop_inspections_at or jump_importer:
        begins = _utc(incidents_from) if incidents_from else end - timedelta(days=2)
        schedule.plant(Incidents(begins, stop_inspections_at, jump_importer))
    client, token = _client(url, token)
    console.print(f"replaying {len(shipments):,} declarations until {end:%Y-%m-%d} at {speedup:g}x")
    with client:
        stats = schedule.run(client, until=end, token=token, speedup=speedup)
    channels = ", ".join(f"{c} {n:,}" for c, n in sorted(stats.lodged.items()))
    console.print(
        f"lodged {sum(stats.lodged.values()):,} ({channels}); {stats.events:,} logistics events; "
        f"{stats.officer_actions:,} officer actions; {stats.inspections_withheld:,} inspections "
        f"withheld; clock {stats.clock:%Y-%m-%d %H:%M}",
        highlight=False,
    )


def _client(url: str | None, token: str | None) -> tuple[httpx.Client, str]:
    """A client on the running server, or on the app in-process over the configured store
    (which then accepts the replay's simulated times)."""
    if url:
        if not token:
            raise _fail(ValueError("--url needs --token (an officer or admin)"))
        return httpx.Client(base_url=url, timeout=60), token
    from fastapi.testclient import TestClient

    from smartcustoms.api.app import create_app
    from smartcustoms.risk.from_settings import screener_from_settings

    settings = get_settings().model_copy(update={"replay_clock": True})
    app = create_app(settings, screen=screener_from_settings(settings))
    with app.state.sessions() as session:
        name = f"replay-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        _, token = add_user(session=session, name=name, role=Role.ADMIN)
    return TestClient(app), token
