"""``python -m smartcustoms`` runs the command line."""

from smartcustoms.cli import app

app()
