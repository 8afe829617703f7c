"""smartcustoms: lodge, screen, control and release customs declarations end to end."""

__version__ = "0.1.0"
