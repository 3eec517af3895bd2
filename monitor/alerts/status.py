"""The outbox's state for ``figwatch status``: depth by state, overdue, oldest, dead letters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.models import OutboxRow
from storage.models.alerts import OUTBOX_STATES
from storage.timeutil import utcnow


def status_section(session: Session) -> dict[str, Any]:
    """Outbox depth by state, how many are overdue, the oldest pending, and recent dead letters."""
    counts = dict.fromkeys(OUTBOX_STATES, 0)
    for state, n in session.exec(
        select(OutboxRow.state, func.count()).group_by(OutboxRow.state)
    ).all():
        counts[state] = n
    now = utcnow()
    due = session.exec(
        select(func.count())
        .select_from(OutboxRow)
        .where(OutboxRow.state == "pending", OutboxRow.next_attempt_at <= now)
    ).one()
    oldest = session.exec(
        select(func.min(OutboxRow.created_at)).where(
            col(OutboxRow.state).in_(["pending", "sending"])
        )
    ).one()
    dead = session.exec(
        select(OutboxRow)
        .where(OutboxRow.state == "dead")
        .order_by(col(OutboxRow.id).desc())
        .limit(10)
    ).all()
    return {
        "outbox": counts,
        "due_now": due,
        "oldest_undelivered": oldest.isoformat() if oldest else None,
        "dead_letters": [
            {"id": r.id, "channel": r.channel, "kind": r.kind, "error": r.last_error} for r in dead
        ],
    }
