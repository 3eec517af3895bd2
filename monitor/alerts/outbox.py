"""The outbox: enqueue inside the ingest transaction, deliver after commit.

Enqueue is ``INSERT ... ON CONFLICT (key) DO NOTHING`` on SQLite and PostgreSQL alike, so a verdict
alerts each channel once, ever. Delivery claims rows with an UPDATE that takes a lease
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so deliverers on several hosts never wait for or share
a row): several deliverers may run at once, and a deliverer killed mid-send leaves a lease that
runs out, after which the row is claimed and sent again (at-least-once; receivers dedupe on the delivery id).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, col
from sqlmodel import select as sm_select

from monitor.alerts.channels import Delivery, DeliveryFailed, send
from monitor.alerts.event import AlertEvent
from monitor.alerts.feedback import drop_wrong_claims
from monitor.alerts.policy import (
    after_quiet_hours,
    backoff_delay,
    channel_wants,
    due_at,
    effective_channels,
    should_alert,
)
from monitor.config import AlertsConfig, ChannelConfig, Config
from storage.models import DeliveryAttemptRow, OutboxRow
from storage.timeutil import as_utc, utcnow

log = logging.getLogger(__name__)
T = OutboxRow.__table__  # type: ignore[attr-defined]


def idempotency_key(verdict_id: int, channel: str) -> str:
    """The outbox key: one verdict, one channel, one alert."""
    return f"verdict:{verdict_id}:{channel}"


def _insert(session: Session):  # type: ignore[no-untyped-def]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(T)
    if dialect == "sqlite":
        return sqlite.insert(T)
    raise NotImplementedError(f"the outbox supports SQLite and PostgreSQL, not {dialect}")


def enqueue(
    session: Session,
    events: list[AlertEvent],
    policy: AlertsConfig,
    *,
    now: datetime | None = None,
) -> list[OutboxRow]:
    """Write an outbox row per (alerting event, channel); return the rows newly written.

    Runs inside the caller's transaction and does not commit. Events already enqueued are skipped,
    and so are events repeating a claim the desk marked wrong (``monitor.alerts.feedback``).
    """
    now = as_utc(now) or utcnow()
    keys: list[str] = []
    alerting = drop_wrong_claims(session, [e for e in events if should_alert(e, policy)])
    for event in alerting:
        payload = json.dumps(event.to_dict(), ensure_ascii=False)
        for ch in effective_channels(policy):
            if not channel_wants(ch, event):
                continue
            mode = ch.mode or policy.mode
            key = idempotency_key(event.verdict_id, ch.name)
            if _insert_pending(session, key, event, ch.name, mode, payload, policy, now):
                keys.append(key)
    if not keys:
        return []
    rows = session.exec(sm_select(OutboxRow).where(col(OutboxRow.key).in_(keys))).all()
    return sorted(rows, key=lambda r: r.id or 0)


def _insert_pending(
    session: Session,
    key: str,
    event: AlertEvent,
    channel: str,
    mode: str,
    payload: str,
    policy: AlertsConfig,
    now: datetime,
) -> bool:
    """Insert one pending outbox row unless ``key`` is already there; True if it was new."""
    stmt = (
        _insert(session)
        .values(
            key=key,
            verdict_id=event.verdict_id,
            channel=channel,
            kind=event.kind,
            mode=mode,
            payload=payload,
            state="pending",
            attempts=0,
            next_attempt_at=due_at(now, policy, mode),
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(T.c.key)
    )
    return session.execute(stmt).first() is not None  # type: ignore[call-overload]


def enqueue_notice(
    session: Session,
    event: AlertEvent,
    policy: AlertsConfig,
    key: str,
    *,
    now: datetime | None = None,
) -> int:
    """Write an outbox row per channel for an alert that is not a verdict (a source broken or
    recovered), keyed ``<key>:<channel>`` so it is sent once; return how many rows were new.

    The verdict policy (kinds, measures, sources) does not apply; a channel's own ``kinds``
    does. Runs inside the caller's transaction.
    """
    now = as_utc(now) or utcnow()
    payload = json.dumps(event.to_dict(), ensure_ascii=False)
    written = 0
    for ch in effective_channels(policy):
        if not channel_wants(ch, event):
            continue
        mode = ch.mode or policy.mode
        if _insert_pending(session, f"{key}:{ch.name}", event, ch.name, mode, payload, policy, now):
            written += 1
    return written


@dataclass(slots=True)
class DeliveryStats:
    """What one ``deliver_due`` call did."""

    claimed: int = 0
    delivered: int = 0  # deliveries: one per alert and channel
    retried: int = 0
    dead: int = 0
    released: int = 0
    messages: int = 0
    errors: list[str] = field(default_factory=list)
    alert_ids: set[int] = field(default_factory=set)  # verdicts with a delivery

    @property
    def alerts(self) -> int:
        """Distinct alerts (verdicts) delivered on at least one channel."""
        return len(self.alert_ids)

    def as_dict(self) -> dict[str, Any]:
        return {
            "claimed": self.claimed,
            "alerts": self.alerts,
            "delivered": self.delivered,
            "retried": self.retried,
            "dead": self.dead,
            "released": self.released,
            "messages": self.messages,
        }


def supersede(session: Session, verdict_ids: list[int]) -> int:
    """Withdraw the undelivered alerts of verdicts a late arrival revised (state ``superseded``):
    an alert not yet sent whose relation no longer holds is not sent. Returns how many."""
    if not verdict_ids:
        return 0
    res = session.execute(
        update(OutboxRow)
        .where(col(OutboxRow.verdict_id).in_(verdict_ids), OutboxRow.state == "pending")
        .values(state="superseded")
    )
    return res.rowcount or 0


def new_owner() -> str:
    """A lease-owner id unique to this deliverer."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _claimable(now: datetime):  # type: ignore[no-untyped-def]
    return or_(
        and_(T.c.state == "pending", T.c.next_attempt_at <= now),
        and_(T.c.state == "sending", T.c.lease_until < now),
    )


def claim(engine: Engine, policy: AlertsConfig, owner: str, now: datetime, limit: int) -> list[int]:
    """Lease up to ``limit`` due rows to ``owner``.

    PostgreSQL: one ``UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING id``, so
    concurrent deliverers take disjoint rows without waiting on each other. SQLite (one writer at a
    time): a conditional UPDATE per candidate row.
    """
    lease_until = now + timedelta(seconds=policy.lease)
    lease = {
        "state": "sending",
        "lease_owner": owner,
        "lease_until": lease_until,
        "attempts": T.c.attempts + 1,
    }
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            due = (
                select(T.c.id)
                .where(_claimable(now))
                .order_by(T.c.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            stmt = update(T).where(T.c.id.in_(due.scalar_subquery())).values(**lease)
            return sorted(conn.execute(stmt.returning(T.c.id)).scalars().all())
        ids = list(
            conn.execute(select(T.c.id).where(_claimable(now)).order_by(T.c.id).limit(limit))
            .scalars()
            .all()
        )
        claimed: list[int] = []
        for row_id in ids:
            result = conn.execute(
                update(T).where(T.c.id == row_id, _claimable(now)).values(**lease)
            )
            if result.rowcount == 1:
                claimed.append(row_id)
    return claimed


def _delivery_id(keys: list[str]) -> str:
    digest = hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:32]
    return f"fw-{digest}"


def _channel(policy: AlertsConfig, name: str) -> ChannelConfig | None:
    for ch in effective_channels(policy):
        if ch.name == name:
            return ch
    return None


def _finish(
    engine: Engine,
    rows: list[OutboxRow],
    owner: str,
    policy: AlertsConfig,
    error: DeliveryFailed | None,
    started: float,
    stats: DeliveryStats,
) -> None:
    now = utcnow()
    ms = int((time.monotonic() - started) * 1000)
    with engine.begin() as conn:
        for row in rows:
            if error is None:
                outcome, values = "delivered", {"state": "delivered", "delivered_at": now}
            elif error.permanent or row.attempts >= policy.max_attempts:
                outcome, values = "dead", {"state": "dead"}
            else:
                retry_at = now + timedelta(seconds=backoff_delay(row.attempts, policy))
                outcome = "retry"
                values = {
                    "state": "pending",
                    "next_attempt_at": after_quiet_hours(retry_at, policy),
                }
            values |= {
                "lease_owner": None,
                "lease_until": None,
                "last_error": str(error)[:2000] if error else None,
            }
            result = conn.execute(
                update(T).where(T.c.id == row.id, T.c.lease_owner == owner).values(**values)
            )
            if result.rowcount != 1:  # our lease ran out and another deliverer took the row
                log.warning("outbox row %s: lease lost before recording %s", row.id, outcome)
                continue
            conn.execute(
                DeliveryAttemptRow.__table__.insert().values(  # type: ignore[attr-defined]
                    outbox_id=row.id,
                    number=row.attempts,
                    at=now,
                    outcome=outcome,
                    error=str(error)[:2000] if error else None,
                    duration_ms=ms,
                )
            )
            name = {"delivered": "delivered", "dead": "dead", "retry": "retried"}[outcome]
            setattr(stats, name, getattr(stats, name) + 1)
            if outcome == "delivered":
                stats.alert_ids.add(row.verdict_id)


def _release(engine: Engine, ids: list[int], owner: str) -> int:
    """Give back rows claimed but not sent (a stop request), undoing the attempt count."""
    if not ids:
        return 0
    with engine.begin() as conn:
        result = conn.execute(
            update(T)
            .where(T.c.id.in_(ids), T.c.lease_owner == owner, T.c.state == "sending")
            .values(state="pending", lease_owner=None, lease_until=None, attempts=T.c.attempts - 1)
        )
    return result.rowcount


def deliver_due(
    engine: Engine,
    config: Config | AlertsConfig,
    *,
    now: datetime | None = None,
    limit: int | None = None,
    owner: str | None = None,
    stop: threading.Event | None = None,
    database_url: str | None = None,
) -> DeliveryStats:
    """Claim the due outbox rows, send them, and record delivered / retry (with backoff) / dead.

    Immediate rows are sent one message each; digest rows due together go out as one message per
    channel. ``stop`` is checked between messages; unsent claims are released.
    """
    policy = config.alerts if isinstance(config, Config) else config
    now = as_utc(now) or utcnow()
    owner = owner or new_owner()
    stats = DeliveryStats()
    ids = claim(engine, policy, owner, now, limit or policy.batch)
    stats.claimed = len(ids)
    if not ids:
        return stats
    with Session(engine) as session:
        rows = list(
            session.exec(
                sm_select(OutboxRow).where(col(OutboxRow.id).in_(ids)).order_by(OutboxRow.id)
            ).all()
        )
        for row in rows:
            session.expunge(row)
    groups: list[list[OutboxRow]] = []
    digests: dict[str, list[OutboxRow]] = defaultdict(list)
    for row in rows:
        if row.mode == "digest":
            digests[row.channel].append(row)
        else:
            groups.append([row])
    groups.extend(digests.values())
    url = database_url or engine.url.render_as_string(hide_password=True)
    pending = list(ids)
    for group in groups:
        if stop is not None and stop.is_set():
            break
        started = time.monotonic()
        error: DeliveryFailed | None = None
        channel = _channel(policy, group[0].channel)
        if channel is None:
            error = DeliveryFailed(f"channel {group[0].channel!r} is no longer configured")
        else:
            try:
                pairs = [(r.key, AlertEvent.from_dict(json.loads(r.payload))) for r in group]
                delivery = Delivery(
                    channel, policy, _delivery_id([r.key for r in group]), pairs, url
                )
                send(delivery)
                stats.messages += 1
            except DeliveryFailed as exc:
                error = exc
            except Exception as exc:  # noqa: BLE001 - a bug in one channel must not stop the rest
                log.exception("outbox: channel %s crashed", group[0].channel)
                error = DeliveryFailed(f"{type(exc).__name__}: {exc}")
        if error is not None:
            stats.errors.append(f"{group[0].channel}: {error}")
            log.warning("alert delivery on %s failed: %s", group[0].channel, error)
        _finish(engine, group, owner, policy, error, started, stats)
        for r in group:
            pending.remove(r.id)  # type: ignore[arg-type]
    stats.released = _release(engine, pending, owner)
    return stats


def retry(engine: Engine, outbox_id: int) -> bool:
    """Put a dead (or pending) row back in the queue, due now. False if there is no such row."""
    with engine.begin() as conn:
        result = conn.execute(
            update(T)
            .where(T.c.id == outbox_id, T.c.state.in_(["dead", "pending"]))
            .values(state="pending", next_attempt_at=utcnow(), attempts=0, last_error=None)
        )
    return result.rowcount == 1
