"""Logistics commands: import carrier and terminal events from a file."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from smartcustoms.clearance.db import open_store
from smartcustoms.cli.shared import console, errors_out, fail
from smartcustoms.config import get_settings
from smartcustoms.errors import ReadError
from smartcustoms.logistics.events import InvalidEventsError, record_events
from smartcustoms.logistics.files import read_event_file

logistics_app = typer.Typer(help="Carrier and terminal events.", no_args_is_help=True)


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
        raise fail(exc) from exc
    with open_store(get_settings())() as session:
        recorded = record_events(
            session=session, events=events, reported_by=f"file:{file.name}", now=datetime.now(UTC)
        )
    console.print(f"{recorded.accepted:,} events imported, {recorded.duplicates:,} already known")
