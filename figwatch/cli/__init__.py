"""The ``figwatch`` command. Each module registers its commands on the shared typer app."""

from figwatch.cli import alerts as _alerts  # noqa: F401
from figwatch.cli import articles as _articles  # noqa: F401
from figwatch.cli import crawl as _crawl  # noqa: F401
from figwatch.cli import figures as _figures  # noqa: F401
from figwatch.cli import report as _report  # noqa: F401
from figwatch.cli import run as _run  # noqa: F401
from figwatch.cli import status as _status  # noqa: F401
from figwatch.cli import worker as _worker  # noqa: F401
from figwatch.cli.app import app, main

__all__ = ["app", "main"]
