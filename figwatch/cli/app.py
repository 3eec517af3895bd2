"""The typer app, its global options, and the one-line error handling every command shares."""

from __future__ import annotations

import json
import logging
import os
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

from crawler.logs import quiet_libraries
from monitor.config import CRAWL_LOG_ENV, Config, env_crawl_log_level, load_config
from monitor.errors import FigwatchError
from monitor.secrets import install_log_redaction, redact
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


@dataclass
class State:
    """Options shared by every command."""

    config_path: Path | None = None
    database_url: str | None = None
    crawl_log_level: str | None = None
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
        return self.config.database_url()

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
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose",
            "-v",
            count=True,
            help="-v: info logging (crawl children too); -vv: debug, with library detail "
            "and tracebacks",
        ),
    ] = 0,
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
    # crawl children (separate processes) read their log level from the environment
    if verbose:
        os.environ[CRAWL_LOG_ENV] = state.crawl_log_level = logging.getLevelName(level)
    elif state.crawl_log_level and env_crawl_log_level(None) == state.crawl_log_level:
        del os.environ[CRAWL_LOG_ENV]  # set by an earlier -v in this process, not by the user
        state.crawl_log_level = None
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


#: cells up to this many characters (ids, states, counts, dates) are never wrapped or cut
SHORT_CELL = 19  # a whole "YYYY-MM-DD HH:MM:SS" timestamp
#: a long column is never narrower than its longest word, up to this many characters
WORD_CAP = 30


def fit_table(table: Table, width: int, drop: tuple[str, ...] = ()) -> Table:
    """``table`` made to fit ``width`` columns on a terminal: short columns (statuses, counts)
    keep their full width, long text folds onto more lines instead of ending in ``…``, and the
    columns named in ``drop`` (least useful first) are left out while the rest would not fit."""
    for column in table.columns:
        cells = [_plain(c) for c in column.cells]
        longest = max(map(len, cells), default=0)
        header = max((len(w) for w in _plain(column.header).split()), default=0)
        if longest <= SHORT_CELL:  # no_wrap holds the header on one line too
            column.no_wrap = True
            column.min_width = max(longest, len(_plain(column.header)))
        else:  # wrapped at spaces; a word wider than the column folds, never ends in "…"
            word = max((len(w) for c in cells for w in c.split()), default=0)
            column.overflow = "fold"
            column.min_width = max(header, min(word, WORD_CAP), 8)
    pending = [d for d in drop if any(_plain(c.header) == d for c in table.columns)]

    def needed() -> int:
        return sum((c.min_width or 1) + 3 for c in table.columns) + 1

    while pending and needed() > width:
        name = pending.pop(0)
        table.columns = [c for c in table.columns if _plain(c.header) != name]
    if needed() > width:  # still too wide: let short columns wrap rather than be cropped
        for column in table.columns:
            column.no_wrap, column.overflow = False, "fold"
            column.min_width = None
    return table


def print_table(table: Table, drop: tuple[str, ...] = ()) -> None:
    """``table`` drawn on a terminal, fitted to its width (``fit_table``; ``drop`` names the
    columns that may be left out, least useful first); piped, tab-separated lines with every
    column and every cell in full."""
    if console.is_terminal:
        console.print(fit_table(table, console.width, drop))
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
    try:
        app()
    except (FigwatchError, DatabaseError) as exc:
        err_console.print(
            f"[red]error:[/red] {escape(redact(exc))}", highlight=False, soft_wrap=True
        )
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
