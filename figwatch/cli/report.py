"""``figwatch report …``: reports for editors. Other areas add their commands to ``report_app``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from figwatch.cli.app import app, console, state
from monitor.errors import UserError
from storage.timeutil import as_utc

report_app = typer.Typer(help="Reports for editors (HTML, CSV, JSON).", no_args_is_help=True)
app.add_typer(report_app, name="report")

FORMATS = ("html", "csv", "json")


def parse_since(value: str | None) -> datetime | None:
    """``--since`` as an aware UTC datetime (ISO date or date-time)."""
    if value is None:
        return None
    try:
        return as_utc(datetime.fromisoformat(value))
    except ValueError:
        raise UserError(f"--since: expected an ISO date like 2023-03-13, got {value!r}") from None


def output_path(output: Path, fmt: str | None) -> tuple[Path, str]:
    """Check the output file and pick the format (explicit, else from the suffix, else html)."""
    chosen = fmt or (output.suffix.lstrip(".").lower() if output.suffix else "html")
    if chosen == "htm":
        chosen = "html"
    if chosen not in FORMATS:
        raise UserError(f"--format: expected one of {', '.join(FORMATS)}, got {chosen!r}")
    if output.is_dir():
        raise UserError(f"-o {output}: is a directory, give a file name")
    if not output.parent.exists():
        raise UserError(f"-o {output}: folder {output.parent} does not exist")
    return output, chosen


@report_app.command("dedup")
def report_dedup(
    output: Annotated[Path, typer.Option("-o", "--output", help="file to write")],
    since: Annotated[
        str | None, typer.Option(help="only clusters/links with articles since this date")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="html, csv or json (default: from -o)")
    ] = None,
) -> None:
    """Near-copy clusters (original first) and derivative links: who copied what."""
    from monitor.report.dedup import build, write

    path, chosen = output_path(output, fmt)
    report = build(state.engine, parse_since(since))
    try:
        write(report, path, chosen)  # type: ignore[arg-type]
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    console.print(
        f"wrote {path} ({chosen}): {len(report.clusters)} clusters, "
        f"{len(report.derivatives)} derivative links",
        highlight=False,
    )


@report_app.command("figures")
def report_figures(
    output: Annotated[Path, typer.Option("-o", "--output", help="file to write")],
    since: Annotated[
        str | None, typer.Option(help="only figures published since this date")
    ] = None,
    measure: Annotated[str | None, typer.Option(help="only this measure (e.g. killed)")] = None,
    limit: Annotated[int, typer.Option(help="how many tracked measures, busiest first")] = 20,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="html, csv or json (default: from -o)")
    ] = None,
) -> None:
    """Each tracked measure over time by claimant: a chart and a table, alerts marked."""
    from monitor.report.figures import build, write

    path, chosen = output_path(output, fmt)
    report = build(state.engine, parse_since(since), measure=measure, limit=limit)
    try:
        write(report, path, chosen)  # type: ignore[arg-type]
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    console.print(
        f"wrote {path} ({chosen}): {len(report.timelines)} tracked measures, "
        f"{sum(len(t.rows) for t in report.timelines)} figures",
        highlight=False,
    )
