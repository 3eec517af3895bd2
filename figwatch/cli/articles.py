"""Commands about stored articles and the database: init, db upgrade, ingest, articles, diff."""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlmodel import Session, col, select

from figwatch.cli.app import app, console, print_json, print_table, safe_text, state
from monitor.errors import UserError
from storage.db import upgrade
from storage.models import ArticleRow, ArticleVersionRow

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


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@app.command("diff")
def diff(
    url: Annotated[
        str, typer.Argument(help="the article's URL as stored (see `figwatch articles`)")
    ],
    from_: Annotated[
        int | None,
        typer.Option("--from", help="older version number (default: the one before --to)"),
    ] = None,
    to: Annotated[
        int | None, typer.Option("--to", help="newer version number (default: the last)")
    ] = None,
    context: Annotated[int, typer.Option(help="unchanged sentences shown around each change")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Show what the outlet changed in an article: the unified diff, sentence by sentence, of its
    last two stored versions (or --from N --to M)."""
    with Session(state.engine) as session:
        row = session.exec(select(ArticleRow).where(ArticleRow.url == url)).first()
        if row is None:
            raise UserError(f"no stored article with URL {url!r} (see `figwatch articles`)")
        if row.version_count < 2:
            raise UserError(f"{url} has one stored version; nothing to compare")
        new_n = to if to is not None else row.version_count
        old_n = from_ if from_ is not None else new_n - 1
        versions = {
            v.number: v
            for v in session.exec(
                select(ArticleVersionRow).where(
                    ArticleVersionRow.article_id == row.id,
                    col(ArticleVersionRow.number).in_([old_n, new_n]),
                )
            ).all()
        }
    missing = " or ".join(str(n) for n in sorted({old_n, new_n}) if n not in versions)
    if missing:
        raise UserError(f"{url} has no version {missing} (it has 1–{row.version_count})")
    from monitor.alerts.revisions import version_diff

    old, new = versions[old_n], versions[new_n]
    lines = version_diff(
        old.text,
        new.text,
        old_label=f"{url} (version {old_n}, fetched {old.fetched_at:%Y-%m-%d %H:%M})",
        new_label=f"{url} (version {new_n}, fetched {new.fetched_at:%Y-%m-%d %H:%M})",
        context=max(context, 0),
    )
    if as_json:
        print_json(
            {
                "url": url,
                "from": {"number": old_n, "fetched_at": old.fetched_at, "title": old.title},
                "to": {"number": new_n, "fetched_at": new.fetched_at, "title": new.title},
                "changed": bool(lines),
                "diff": lines,
            }
        )
        return
    if not lines:
        console.print(f"versions {old_n} and {new_n} of {url} have the same text", highlight=False)
        return
    out = "".join(_CONTROL.sub("", ln) + "\n" for ln in lines)
    if console.is_terminal:
        for ln in out.splitlines():
            style = "green" if ln.startswith("+") else "red" if ln.startswith("-") else None
            console.print(safe_text(ln), style=style, highlight=False, soft_wrap=True)
    else:
        sys.stdout.write(out)
        sys.stdout.flush()
