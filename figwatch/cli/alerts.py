"""``figwatch alerts``: the outbox; retry, test, mark (the desk's judgement) and export."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlmodel import Session, col, select

from figwatch.cli.app import app, console, print_json, print_table, safe_text, state
from monitor.errors import ConfigError, MarkError, UserError
from storage.db import session_scope
from storage.models import OutboxRow
from storage.models.alerts import MARKS, OUTBOX_STATES

alerts_app = typer.Typer(help="The alert outbox.", invoke_without_command=True)
app.add_typer(alerts_app, name="alerts")


@alerts_app.callback()
def list_alerts(
    ctx: typer.Context,
    state_: Annotated[
        str | None, typer.Option("--state", help=f"only this state: {', '.join(OUTBOX_STATES)}")
    ] = None,
    limit: Annotated[int, typer.Option(help="how many, newest first")] = 50,
    as_json: Annotated[
        bool, typer.Option("--json", help="print JSON (same as --format json)")
    ] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="table, json, or atom: an Atom feed of the latest alerts, one entry per alert",
        ),
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="with --format atom: write to this file")
    ] = None,
) -> None:
    """List outbox rows (newest first), or print the alerts as an Atom feed."""
    if ctx.invoked_subcommand is not None:
        return
    if state_ is not None and state_ not in OUTBOX_STATES:
        raise UserError(f"--state: expected one of {', '.join(OUTBOX_STATES)}, got {state_!r}")
    if fmt not in {"table", "json", "atom"}:
        raise UserError(f"--format: expected table, json or atom, got {fmt!r}")
    if output is not None and fmt != "atom":
        raise UserError("--output only applies with --format atom")
    if fmt == "atom":
        _print_feed(limit, state_, output)
        return
    as_json = as_json or fmt == "json"
    with Session(state.engine) as session:
        query = select(OutboxRow).order_by(col(OutboxRow.id).desc()).limit(limit)
        if state_:
            query = query.where(OutboxRow.state == state_)
        rows = session.exec(query).all()
    if as_json:
        print_json([r.model_dump(exclude={"payload"}) for r in rows])
        return
    subjects = _subjects(rows)
    table = Table(
        "id", "state", "channel", "kind", "verdict", "subject", "tries", "next try", "last error"
    )
    for r in rows:
        table.add_row(
            str(r.id),
            r.state,
            r.channel,
            r.kind,
            str(r.verdict_id),
            safe_text(subjects[r.id]),
            str(r.attempts),
            r.next_attempt_at.strftime("%Y-%m-%d %H:%M:%S") if r.state == "pending" else "",
            safe_text(r.last_error or ""),
        )
    print_table(table, drop=ALERTS_DROP)


#: alert table columns that may be left out on a narrow terminal, least useful first
ALERTS_DROP = ("verdict", "tries", "next try", "kind", "channel")


def _subjects(rows: list[OutboxRow]) -> dict[int | None, str]:
    """Each row's subject line as its channel renders it (the built-in one if the channel is
    gone or the config cannot be read)."""
    from monitor.alerts.event import AlertEvent
    from monitor.alerts.policy import effective_channels
    from monitor.alerts.templating import channel_subject

    try:
        channels = {c.name: c for c in effective_channels(state.config.alerts)}
    except ConfigError:
        channels = {}
    out: dict[int | None, str] = {}
    for r in rows:
        try:
            event = AlertEvent.from_dict(json.loads(r.payload))
        except (ValueError, TypeError, KeyError):
            out[r.id] = "(unreadable alert payload)"
            continue
        out[r.id] = channel_subject(channels.get(r.channel), [event])
    return out


def _print_feed(limit: int, state_: str | None, output: Path | None) -> None:
    from monitor.alerts.feed import atom_feed, latest_alerts, write_atomic

    if output is not None and (output.is_dir() or not output.parent.is_dir()):
        raise UserError(f"-o {output}: expected a file in an existing folder")
    rc = state.config.reports
    alerts = latest_alerts(state.engine, limit, state_)
    data = atom_feed(alerts, title=rc.feed_title, feed_id=rc.feed_id, feed_url=rc.feed_url)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        write_atomic(output, data)
    except OSError as exc:
        raise UserError(f"cannot write {output}: {exc.strerror or exc}") from None
    console.print(f"wrote {output}: {len(alerts)} alerts", highlight=False)


@alerts_app.command("retry")
def retry_cmd(outbox_id: Annotated[int, typer.Argument(help="outbox row id")]) -> None:
    """Queue a dead (or pending) alert again, due now, with its attempt count reset."""
    from monitor.alerts import retry

    if not retry(state.engine, outbox_id):
        raise UserError(f"no dead or pending alert with id {outbox_id}")
    console.print(f"alert {outbox_id} queued again")


@alerts_app.command("test")
def test_cmd(channel: Annotated[str, typer.Argument(help="channel name from [alerts]")]) -> None:
    """Send a sample alert on CHANNEL right now (not through the outbox)."""
    from monitor.alerts import Delivery, DeliveryFailed, send
    from monitor.alerts.policy import effective_channels
    from monitor.alerts.preflight import check_channels
    from monitor.alerts.templating import sample_events

    policy = state.config.alerts
    channels = {c.name: c for c in effective_channels(policy)}
    if channel not in channels:
        raise UserError(f"unknown channel {channel!r} (configured: {', '.join(channels)})")
    check_channels(policy, [channel])
    delivery = Delivery(
        channels[channel],
        policy,
        f"fw-test-{uuid.uuid4().hex[:16]}",
        [("test", sample_events()[0])],
        state.db_url,
    )
    try:
        send(delivery)
    except DeliveryFailed as exc:
        kind = "permanent" if exc.permanent else "temporary"
        raise UserError(f"test alert on {channel!r} failed ({kind}): {exc}") from None
    console.print(f"test alert sent on {channel!r} (delivery {delivery.delivery_id})")


@alerts_app.command("mark")
def mark_cmd(
    outbox_id: Annotated[int, typer.Argument(help="alert id, as `figwatch alerts` lists it")],
    mark: Annotated[str, typer.Argument(help="right or wrong", metavar="right|wrong")],
    why: Annotated[str | None, typer.Option("--why", help="why (kept with the mark)")] = None,
) -> None:
    """Record the desk's judgement on an alert. A claim marked wrong is not alerted again."""
    from monitor.alerts.feedback import mark_alert

    if mark not in MARKS:
        raise UserError(f"mark: expected one of {', '.join(MARKS)}, got {mark!r}")
    try:
        with session_scope(state.engine) as session:
            row = mark_alert(session, outbox_id, mark, why)
            verdict = row.verdict_id
    except MarkError as exc:
        raise UserError(str(exc)) from None
    tail = "; its claim will not alert again" if mark == "wrong" else ""
    console.print(f"alert {outbox_id} (verdict {verdict}) marked {mark}{tail}")


@alerts_app.command("export")
def export_cmd(
    marked: Annotated[
        bool, typer.Option("--marked", help="only the alerts the desk marked (a labelled set)")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write here instead of stdout")
    ] = None,
) -> None:
    """Write alerts as JSON lines: both sides' sentences, URLs and values, with the desk's mark."""
    from monitor.alerts.feedback import labelled

    with Session(state.engine) as session:
        lines = [
            json.dumps(r, ensure_ascii=False) + "\n" for r in labelled(session, marked_only=marked)
        ]
    if output is None:
        sys.stdout.write("".join(lines))
        return
    try:
        output.write_text("".join(lines), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {output}: {exc.strerror or exc}") from None
    console.print(f"{len(lines)} alerts written to {output}")
