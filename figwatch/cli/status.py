"""``figwatch status``: a report built from section functions ``(session) -> dict``.

Other areas add their own section (outbox, jobs, ...) with ``register_section``; each section's
dict is printed as a small table (lists of dicts become tables of their own) or, with ``--json``,
as one JSON object keyed by section name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy import func
from sqlmodel import Session, col, select

from figwatch.cli.app import app, console, print_json, print_table, safe_text, state
from storage.models import ArticleRow, ArticleVersionRow, CrawlEventRow, CrawlRunRow

Section = Callable[[Session], dict[str, Any]]
SECTIONS: list[tuple[str, Section]] = []
RECENT_ERRORS = 10


def register_section(name: str, fn: Section) -> Section:
    """Add a section to ``figwatch status`` (replaces one of the same name)."""
    SECTIONS[:] = [(n, f) for n, f in SECTIONS if n != name]
    SECTIONS.append((name, fn))
    return fn


def articles_section(session: Session) -> dict[str, Any]:
    """How many articles and versions are stored."""
    articles = session.exec(select(func.count()).select_from(ArticleRow)).one()
    versions = session.exec(select(func.count()).select_from(ArticleVersionRow)).one()
    revised = session.exec(
        select(func.count()).select_from(ArticleRow).where(col(ArticleRow.version_count) > 1)
    ).one()
    return {"articles": articles, "versions": versions, "revised_articles": revised}


_RUN_FIELDS = (
    "source",
    "status",
    "started",
    "finished",
    "fetched",
    "stored_new",
    "stored_changed",
    "unchanged",
    "not_modified",
    "skipped",
    "errors",
    "detail",
)


def crawls_section(session: Session) -> dict[str, Any]:
    """The last crawl of each source, with its counters."""
    last = select(func.max(CrawlRunRow.id)).group_by(CrawlRunRow.source).scalar_subquery()
    runs = session.exec(
        select(CrawlRunRow).where(col(CrawlRunRow.id).in_(last)).order_by(CrawlRunRow.source)
    ).all()
    return {"last_crawls": [{k: getattr(r, k) for k in _RUN_FIELDS} for r in runs]}


def errors_section(session: Session) -> dict[str, Any]:
    """The most recent crawl errors."""
    rows = session.exec(
        select(CrawlEventRow, CrawlRunRow.source)
        .join(CrawlRunRow, col(CrawlRunRow.id) == CrawlEventRow.run_id)
        .where(CrawlEventRow.kind == "error")
        .order_by(col(CrawlEventRow.id).desc())
        .limit(RECENT_ERRORS)
    ).all()
    return {
        "recent_errors": [
            {"at": e.at, "source": src, "reason": e.reason, "url": e.url, "detail": e.detail}
            for e, src in rows
        ]
    }


register_section("articles", articles_section)
register_section("crawls", crawls_section)
register_section("errors", errors_section)


def alerts_status(session: Session) -> dict[str, Any]:
    """The outbox section (``monitor.alerts``, imported when ``status`` runs)."""
    from monitor.alerts import status_section

    return status_section(session)


def feedback_status(session: Session) -> dict[str, Any]:
    """The desk's marks (``monitor.alerts.feedback``, imported when ``status`` runs)."""
    from monitor.alerts.feedback import status_section

    return status_section(session)


def daemon_status(session: Session) -> dict[str, Any]:
    """The daemon's section (``figwatch.daemon``, imported when ``status`` runs)."""
    from figwatch.daemon import status_section

    return status_section(session)


register_section("alerts", alerts_status)
register_section("alert precision", feedback_status)
register_section("daemon", daemon_status)


def _cell(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items()) or "-"
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return "" if value is None else str(value)


def _render(name: str, data: dict[str, Any]) -> None:
    scalars = {k: v for k, v in data.items() if not isinstance(v, list)}
    if scalars:
        table = Table(title=name, show_header=False, title_justify="left")
        for key, value in scalars.items():
            table.add_row(key, safe_text(_cell(value)))
        print_table(table)
    for key, rows in data.items():
        if not isinstance(rows, list):
            continue
        if not rows:
            console.print(f"[bold]{key}[/bold]: none")
            continue
        table = Table(*rows[0].keys(), title=key, title_justify="left")
        for row in rows:
            table.add_row(*(safe_text(_cell(v)) for v in row.values()))
        print_table(table)


@app.command("status")
def status(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Article counts, the last crawl of each source, recent errors (and other areas' sections)."""
    with Session(state.engine) as session:
        report = {name: fn(session) for name, fn in SECTIONS}
    if as_json:
        print_json(report)
        return
    for name, data in report.items():
        _render(name, data)
