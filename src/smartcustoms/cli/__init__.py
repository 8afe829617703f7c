"""The command line: one Typer module per domain, assembled in :mod:`smartcustoms.cli.app`."""

from smartcustoms.cli.app import app

__all__ = ["app"]
