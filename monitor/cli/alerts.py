"""``figwatch alerts``: list the outbox, retry a dead letter, send a test alert."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlmodel import Session, col, select

from monitor.alerts import Delivery, DeliveryFailed, retry, send
from monitor.alerts.policy import effective_channels
from monitor.alerts.preflight import check_channels
from monitor.alerts.templating import sample_events
from monitor.cli.app import UserError, app, console, print_json, print_table, safe_text, state
from storage.models import OutboxRow
from storage.models.alerts import OUTBOX_STATES

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
    table = Table("id", "state", "channel", "kind", "verdict", "tries", "next try", "last error")
    for r in rows:
        table.add_row(
            str(r.id),
            r.state,
            r.channel,
            r.kind,
            str(r.verdict_id),
            str(r.attempts),
            r.next_attempt_at.strftime("%Y-%m-%d %H:%M:%S") if r.state == "pending" else "",
            safe_text(r.last_error or ""),
        )
    print_table(table)


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
    if not retry(state.engine, outbox_id):
        raise UserError(f"no dead or pending alert with id {outbox_id}")
    console.print(f"alert {outbox_id} queued again")


@alerts_app.command("test")
def test_cmd(channel: Annotated[str, typer.Argument(help="channel name from [alerts]")]) -> None:
    """Send a sample alert on CHANNEL right now (not through the outbox)."""
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
