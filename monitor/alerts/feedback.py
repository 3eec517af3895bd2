"""The desk's feedback on alerts: marks, precision, suppression of wrong claims, a labelled export.

An alert is one verdict (on one or more channels); the desk marks it ``right`` or ``wrong``. A
*claim* is a value in a series: the verdict's comparison key with the new figure's value
(``claim_key``). Once an alert is marked wrong, no later verdict on the same claim (a syndicated
copy, a new version of the article, a late verdict of another kind) is enqueued again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from monitor.alerts.event import AlertEvent
from monitor.errors import MarkError
from storage.models import AlertMarkRow, OutboxRow, VerdictRow
from storage.models.alerts import MARKS
from storage.timeutil import as_utc, utcnow

log = logging.getLogger(__name__)

#: the windows ``figwatch status`` reports precision over, in days
WINDOWS = (7, 30)


def _num(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def claim_key(series: str | None, low: float | None, high: float | None) -> str | None:
    """The claim an alert is about: its series and the new value. None without a series."""
    if not series:
        return None
    return f"{series}|{_num(low)}|{_num(high)}"[:512]


def event_claim(event: AlertEvent) -> str | None:
    """The claim key of an alert event."""
    return claim_key(event.series, event.new_low, event.new_high)


def _verdict_claim(verdict: VerdictRow | None) -> str | None:
    if verdict is None:
        return None
    new = json.loads(verdict.data or "{}").get("new") or {}
    return claim_key(verdict.comparison_key, new.get("low"), new.get("high"))


def wrong_claims(session: Session, keys: set[str]) -> set[str]:
    """Which of ``keys`` the desk has marked wrong."""
    if not keys:
        return set()
    return set(
        session.exec(
            select(AlertMarkRow.claim_key).where(
                AlertMarkRow.mark == "wrong", col(AlertMarkRow.claim_key).in_(sorted(keys))
            )
        ).all()
    )  # type: ignore[arg-type]


def drop_wrong_claims(session: Session, events: list[AlertEvent]) -> list[AlertEvent]:
    """``events`` without those whose claim was marked wrong (each dropped one is logged)."""
    claims = {e.verdict_id: event_claim(e) for e in events}
    wrong = wrong_claims(session, {k for k in claims.values() if k})
    if not wrong:
        return events
    kept = []
    for event in events:
        if claims[event.verdict_id] in wrong:
            log.info(
                "alert suppressed: verdict %s (%s %s %s) repeats a claim the desk marked wrong",
                event.verdict_id,
                event.kind,
                event.measure,
                event.new_value_text,
            )
            continue
        kept.append(event)
    return kept


def mark_alert(session: Session, outbox_id: int, mark: str, why: str | None = None) -> AlertMarkRow:
    """Record the desk's judgement on the alert behind outbox row ``outbox_id`` (not committed).

    The mark applies to the verdict, so every channel's copy of the alert shares it; marking
    again replaces the earlier judgement.
    """
    if mark not in MARKS:
        raise MarkError(f"mark must be one of {', '.join(MARKS)}, got {mark!r}")
    row = session.get(OutboxRow, outbox_id)
    if row is None:
        raise MarkError(f"no alert with id {outbox_id} (see `figwatch alerts`)")
    if row.verdict_id <= 0:
        raise MarkError(f"alert {outbox_id} is not about a stored verdict")
    first = session.exec(
        select(func.min(OutboxRow.created_at)).where(OutboxRow.verdict_id == row.verdict_id)
    ).one()
    claim = _verdict_claim(session.get(VerdictRow, row.verdict_id))
    if claim is None:  # the verdict is gone: the payload still names the claim
        claim = event_claim(AlertEvent.from_dict(json.loads(row.payload)))
    why = " ".join(why.split())[:2000] if why else None
    existing = session.exec(
        select(AlertMarkRow).where(AlertMarkRow.verdict_id == row.verdict_id)
    ).first()
    target = existing or AlertMarkRow(
        verdict_id=row.verdict_id, outbox_id=outbox_id, mark=mark, alerted_at=first
    )
    target.outbox_id, target.mark, target.why = outbox_id, mark, why
    target.claim_key, target.marked_at = claim, utcnow()
    session.add(target)
    session.flush()
    return target


def precision(session: Session, days: int, *, now: datetime | None = None) -> dict[str, Any]:
    """Alerts queued in the last ``days`` days, how many the desk marked, and right / marked."""
    since = (as_utc(now) or utcnow()) - timedelta(days=days)
    alerts = session.exec(
        select(func.count(func.distinct(OutboxRow.verdict_id))).where(
            OutboxRow.created_at >= since, OutboxRow.verdict_id > 0
        )
    ).one()
    counts = dict.fromkeys(MARKS, 0)
    for mark, n in session.exec(
        select(AlertMarkRow.mark, func.count())
        .where(AlertMarkRow.alerted_at >= since)
        .group_by(AlertMarkRow.mark)
    ).all():
        counts[mark] = n
    marked = counts["right"] + counts["wrong"]
    return {
        "alerts": alerts,
        "marked": marked,
        "right": counts["right"],
        "wrong": counts["wrong"],
        "precision": round(counts["right"] / marked, 3) if marked else None,
    }


def status_section(session: Session) -> dict[str, Any]:
    """Alert precision from the desk's marks, for ``figwatch status``."""
    return {f"last_{d}_days": precision(session, d) for d in WINDOWS}


def labelled(session: Session, *, marked_only: bool = True) -> Iterator[dict[str, Any]]:
    """One record per alerted verdict, oldest first: the alert payload (both sides' sentences,
    URLs, values) with its mark, the reason given and when it was marked."""
    marks = {m.verdict_id: m for m in session.exec(select(AlertMarkRow)).all()}
    first_ids = (
        select(func.min(OutboxRow.id))
        .where(OutboxRow.verdict_id > 0)
        .group_by(OutboxRow.verdict_id)
    )
    if marked_only:
        first_ids = first_ids.where(col(OutboxRow.verdict_id).in_(sorted(marks) or [-1]))
    query = select(OutboxRow).where(col(OutboxRow.id).in_(first_ids)).order_by(OutboxRow.id)
    for row in session.exec(query):
        mark = marks.get(row.verdict_id)
        payload = json.loads(row.payload)
        record = {"alert_id": row.id, "alerted_at": as_utc(row.created_at).isoformat()}
        record |= payload
        record["claim"] = mark.claim_key if mark else event_claim(AlertEvent.from_dict(payload))
        record["mark"] = mark.mark if mark else None
        record["why"] = mark.why if mark else None
        record["marked_at"] = as_utc(mark.marked_at).isoformat() if mark else None
        yield record
