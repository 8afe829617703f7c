"""What the command modules share: the two consoles, the progress display, the one way an
error is printed, the options several commands take alike, and the root group that turns any
error the product raises on purpose into that one line instead of a traceback."""

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from smartcustoms.config import get_settings
from smartcustoms.declarations.io import FORMATS
from smartcustoms.errors import SmartCustomsError

console = Console()
errors_out = Console(stderr=True)

FormatOption = Annotated[
    str | None,
    typer.Option("--format", help=f"File format: {', '.join(FORMATS)} (default: suffix)"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output")]


def fail(message: object, code: int = 1) -> typer.Exit:
    """Prints ``error: <message>`` on stderr, on one line; raise what it returns."""
    errors_out.print(f"[red]error:[/] {escape(str(message))}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def read_limits() -> dict[str, int]:
    """The settings' limits for reading files, as keywords of the declaration readers."""
    settings = get_settings()
    return {"batch_size": settings.batch_size, "max_json_bytes": settings.max_json_bytes}


def progress(unit: str = "declarations") -> Progress:
    """A spinner with a running count of ``unit`` on stderr, gone when done."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} " + unit),
        TimeElapsedColumn(),
        console=errors_out,
        transient=True,
    )


def as_utc(moment: datetime) -> datetime:
    """A time given on the command line without a zone, read as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ErrorsAsMessages(TyperGroup):
    """The root group: an error the product raises on purpose (a :class:`SmartCustomsError`,
    e.g. a model not trained yet) that no command handled ends the run as ``error: <message>``
    with exit code 1, never as a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SmartCustomsError as exc:
            raise fail(exc) from exc
