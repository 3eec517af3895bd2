"""Commands about stored articles and the database: init, db upgrade, ingest, articles."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlmodel import Session, col, select

from monitor.cli.app import UserError, app, console, print_json, print_table, safe_text, state
from storage.db import upgrade
from storage.models import ArticleRow

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration (the app also does this on start)."""
    upgrade(state.engine)
    console.print("database is up to date")


@app.command("articles")
def articles(
    limit: Annotated[int, typer.Option(help="how many, newest first")] = 50,
    source: Annotated[str | None, typer.Option(help="only this source")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List stored articles."""
    with Session(state.engine) as session:
        query = select(ArticleRow).order_by(col(ArticleRow.id).desc()).limit(limit)
        if source:
            query = query.where(ArticleRow.source == source)
        rows = session.exec(query).all()
    if as_json:
        print_json([r.model_dump() for r in rows])
        return
    table = Table("id", "published", "site", "versions", "title")
    for r in rows:
        table.add_row(
            str(r.id),
            str(r.published or ""),
            safe_text(r.site),
            str(r.version_count),
            safe_text(r.title or ""),
        )
    print_table(table)


def parse_when(value: str | None) -> datetime | None:
    """Parse an ISO date/time given on the command line."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise UserError(
            f"--published: expected an ISO date like 2023-03-13, got {value!r}"
        ) from None


def existing_files(paths: list[Path]) -> list[Path]:
    """Expand directories into their .html/.htm/.txt files; error on a missing path."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.suffix.lower() in {".html", ".htm", ".txt"})
            )
        elif path.exists():
            files.append(path)
        else:
            raise UserError(f"no such file: {path}")
    return files
