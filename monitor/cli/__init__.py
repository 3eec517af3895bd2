"""The ``figwatch`` command. Each module registers its commands on the shared typer app."""

from monitor.cli import articles as _articles  # noqa: F401
from monitor.cli import report as _report  # noqa: F401
from monitor.cli.app import app, main

__all__ = ["app", "main"]
