"""Commands about figures and verdicts: figures, verdicts, explain."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text
from sqlmodel import Session

from figwatch.cli.app import app, console, print_json, print_table, safe_text, state
from figwatch.cli.articles import parse_when
from monitor.errors import UserError
from monitor.kinds import VERDICT_KINDS

KINDS = tuple(k for k in VERDICT_KINDS if k != "stale")


@app.command("figures")
def figures(
    article: Annotated[str | None, typer.Option("--article", help="only this article URL")] = None,
    measure: Annotated[str | None, typer.Option("--measure", help="only this measure")] = None,
    limit: Annotated[int, typer.Option(help="how many, newest first")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List stored figures."""
    from monitor.figures.model import fmt_value
    from monitor.verdicts import list_figures

    with Session(state.engine) as session:
        rows = list_figures(session, article_url=article, measure=measure, limit=limit)
    if as_json:
        print_json(rows)
        return
    table = Table(
        "id", "date", "value", "measure", "group", "place", "scope", "claimant", "site", "sentence"
    )
    for f in rows:
        scope = f["scope"]
        claimant = f["claimant"]
        table.add_row(
            str(f["id"]),
            (f.get("published") or "")[:10],
            safe_text(fmt_value(f["low"], f["high"], f.get("text"))),
            safe_text(f["measure"]),
            safe_text(f.get("group") or ""),
            safe_text(f.get("place") or ""),
            safe_text(scope.get("label") or scope.get("kind") or ""),
            safe_text(claimant.get("person") or claimant.get("org") or ""),
            safe_text(f.get("site") or ""),
            safe_text(f.get("sentence") or ""),
        )
    print_table(table, drop=FIGURES_DROP)


#: figure table columns that may be left out on a narrow terminal, least useful first
FIGURES_DROP = ("scope", "group", "claimant", "site", "place")


@app.command("verdicts")
def verdicts(
    kind: Annotated[str | None, typer.Option("--kind", help=f"one of {', '.join(KINDS)}")] = None,
    limit: Annotated[int, typer.Option(help="how many, newest first")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List verdicts: each new figure judged against what was stored."""
    from monitor.verdicts import list_verdicts

    if kind is not None and kind not in KINDS:
        raise UserError(f"--kind: expected one of {', '.join(KINDS)}, got {kind!r}")
    with Session(state.engine) as session:
        rows = list_verdicts(session, kind=kind, limit=limit)
    if as_json:
        print_json(rows)
        return
    table = Table("id", "kind", "sources", "reason", "article")
    for v in rows:
        table.add_row(
            str(v["id"]),
            v["kind"],
            str(v["independent_sources"]),
            safe_text(v["reason"] or ""),
            safe_text(v["new_url"] or ""),
        )
    print_table(table)


@app.command("explain")
def explain(
    text: Annotated[str, typer.Argument(help="a sentence, or a path to a text file")],
    published: Annotated[
        str | None, typer.Option(help="publication date the text is read against (ISO)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Show every number in TEXT, whether it became a figure, and the rules that decided it."""
    from monitor.figures import explain_arg

    rows = explain_arg(text, parse_when(published))
    _add_series(rows, text)
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("no numbers found")
    for r in rows:
        mark = "[green]figure[/green]" if r.get("figure") else "[dim]skipped[/dim]"
        line = Text.from_markup(f"{mark} ")
        line.append_text(safe_text(f"{r['number']} @{r['offset']}: {r.get('summary') or ''}"))
        console.print(line)
        console.print(safe_text(f"    rules: {', '.join(map(str, r['rules']))}"), highlight=False)
        if r.get("series_info"):
            si = r["series_info"]
            console.print(
                safe_text(
                    f"    area: {si['area_path'] or '-'} · story: {si['story']} · "
                    f"series: {si['series'] or si['why']} · modality: {si['modality']}"
                    f"{'' if si['event'] else ' · another event'}"
                ),
                highlight=False,
            )


def _add_series(rows: list[dict], arg: str) -> None:
    """Add each figure's area, story, series and modality (``series_info``) to explain rows."""
    from pathlib import Path

    from monitor.figures.model import Figure
    from monitor.verdicts import explain_series, text_context

    try:
        text = (
            Path(arg).read_text(encoding="utf-8", errors="replace")
            if (len(arg) < 4096 and "\n" not in arg and Path(arg).is_file())
            else arg
        )
    except OSError:
        text = arg
    ctx = text_context(text)
    for r in rows:
        if r.get("figure"):
            r["series_info"] = explain_series(Figure.from_dict(r["figure"]), ctx)
