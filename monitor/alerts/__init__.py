"""Alerts: policy, the outbox, and delivery by email, webhook, Apprise, console and JSON lines.

Public API (the verdict engine and the daemon call these):

- ``AlertEvent``: one verdict with both sides of the comparison.
- ``enqueue(session, events, policy) -> list[OutboxRow]``: inside the ingest transaction.
- ``deliver_due(engine, config, *, now=None, limit=None) -> DeliveryStats``: after commit.
- ``status_section(session) -> dict``: outbox depth by state, for ``figwatch status``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from monitor.alerts.channels import Delivery, DeliveryFailed, send
from monitor.alerts.event import AlertEvent
from monitor.alerts.outbox import (
    DeliveryStats,
    deliver_due,
    enqueue,
    idempotency_key,
    retry,
    supersede,
)
from monitor.alerts.policy import should_alert
from storage.models import OutboxRow
from storage.models.alerts import OUTBOX_STATES
from storage.timeutil import utcnow

__all__ = [
    "AlertEvent",
    "Delivery",
    "DeliveryFailed",
    "DeliveryStats",
    "deliver_due",
    "enqueue",
    "idempotency_key",
    "retry",
    "supersede",
    "send",
    "should_alert",
    "status_section",
]


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
