"""The typer app, its global options, and the one-line error handling every command shares."""

from __future__ import annotations

import json
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.errors import MarkupError
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from sqlalchemy.engine import Engine

from monitor.config import Config, ConfigError, load_config
from monitor.extras import MissingExtra
from monitor.logs import quiet_libraries
from monitor.secrets import SecretError, install_log_redaction, redact
from storage.db import DatabaseError, choose_url, connect

app = typer.Typer(
    name="figwatch",
    help="Watch the news for figures and tell editors when one changes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)


class UserError(Exception):
    """An error the user can fix; shown as one line, exit code 2."""


@dataclass
class State:
    """Options shared by every command."""

    config_path: Path | None = None
    database_url: str | None = None
    _config: Config | None = None
    _engine: Engine | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @property
    def db_url(self) -> str:
        """``--db``, else ``$FIGWATCH_DATABASE_URL``, else the config's, else the default."""
        if self.database_url:  # an explicit --db needs no config file
            return choose_url(self.database_url, None)
        return choose_url(None, self.config.storage.database_url)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = connect(self.db_url)
        return self._engine


state = State()


@app.callback()
def _global(
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="figwatch.toml to use (default: $FIGWATCH_CONFIG or ./figwatch.toml)",
        ),
    ] = None,
    database: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="SQLAlchemy database URL "
            "(default: $FIGWATCH_DATABASE_URL, the config, or sqlite:///figwatch.db)",
        ),
    ] = None,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="more logging")] = 0,
) -> None:
    """figwatch: crawl news, extract figures, alert on updates and contradictions."""
    state.config_path = config
    state.database_url = database
    state._config = None
    state._engine = None
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level)
    quiet_libraries(show=level <= logging.DEBUG)
    install_log_redaction()
    console.soft_wrap = not console.is_terminal  # piped output: lines as they are, never wrapped


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(value: Any) -> Text:
    """Scraped text for a terminal: no markup, no control or escape sequences."""
    return Text(_CONTROL.sub("", "" if value is None else str(value)))


def _plain(cell: Any) -> str:
    if isinstance(cell, Text):
        text = cell.plain
    else:
        try:
            text = Text.from_markup(str(cell)).plain
        except MarkupError:
            text = str(cell)
    return " ".join(text.split())  # no tab or line break inside a cell


def print_table(table: Table) -> None:
    """``table`` drawn on a terminal; piped, tab-separated lines with every cell in full."""
    if console.is_terminal:
        console.print(table)
        return
    lines = []
    if table.title:
        lines.append(f"# {_plain(table.title)}")
    if table.show_header:
        lines.append("\t".join(_plain(c.header) for c in table.columns))
    for row in zip(*(list(c.cells) for c in table.columns), strict=True):
        lines.append("\t".join(_plain(cell) for cell in row))
    sys.stdout.write("".join(line + "\n" for line in lines))
    sys.stdout.flush()


def print_json(data: Any) -> None:
    """Print ``data`` as JSON on stdout (datetimes as ISO strings)."""
    sys.stdout.write(json.dumps(data, default=str, ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    """Console-script entry point: run the app, turning user errors into one clear line."""
    import monitor.cli  # noqa: F401  (registers every command)

    try:
        app()
    except (ConfigError, DatabaseError, MissingExtra, SecretError, UserError) as exc:
        err_console.print(
            f"[red]error:[/red] {escape(redact(exc))}", highlight=False, soft_wrap=True
        )
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
