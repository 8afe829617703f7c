"""Clearance commands: users and their tokens, the audit trail, and serving the Single Window."""

from typing import Annotated

import typer

from smartcustoms.clearance import audit
from smartcustoms.clearance.db import open_store
from smartcustoms.clearance.users import Role, UserError, add_user
from smartcustoms.cli.shared import console, fail
from smartcustoms.config import get_settings

users_app = typer.Typer(help="Users of the API and portal, and their tokens.", no_args_is_help=True)
audit_app = typer.Typer(help="The append-only audit trail.", no_args_is_help=True)


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Login name")],
    role: Annotated[Role, typer.Option(help="trader, officer or admin")],
    party: Annotated[
        str | None, typer.Option(help="Party id a trader declares or imports for")
    ] = None,
) -> None:
    """Creates a user and prints its bearer token once; only its hash is stored."""
    with open_store(get_settings())() as session:
        try:
            _, token = add_user(session=session, name=name, role=role, party_id=party)
        except UserError as exc:
            raise fail(exc) from exc
    console.print(f"created {role} {name!r}; bearer token (shown once):", highlight=False)
    print(token)


@audit_app.command("verify")
def audit_verify() -> None:
    """Recomputes every hash chain of the audit trail; exits 1 if anything was altered."""
    with open_store(get_settings())() as session:
        problems = audit.verify(session)
    for problem in problems:
        console.print(f"[red]{problem}[/]", highlight=False)
    if problems:
        raise typer.Exit(1)
    console.print("[green]audit trail intact[/]")


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Server processes (one per core)")] = 1,
    access_log: Annotated[
        bool, typer.Option(help="Log every request (the audit trail records every lodgement)")
    ] = False,
) -> None:
    """Runs the Single Window: the portal at /, the API under /api/v1 (OpenAPI at /docs)."""
    import uvicorn

    open_store(get_settings())  # migrate once here, not in each worker at the same time
    console.print(f"serving on http://{host}:{port}: portal at /, API at /api/v1, docs at /docs")
    uvicorn.run(
        "smartcustoms.server:build_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
    )
