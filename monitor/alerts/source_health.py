"""Source health: a source failing N crawls in a row raises one "source broken" alert, and one
"recovered" alert when it next crawls ``ok`` or ``partial``.

Derived from ``crawl_run`` alone (no state of its own): a failure streak is the failed or timed-out
runs after the source's last good run. The alert's outbox key names the streak's first run, so
checking twice (the crawl child and its parent both check) still sends each alert once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from monitor.alerts import AlertEvent
from monitor.alerts.outbox import enqueue_notice
from monitor.config import AlertsConfig
from storage.db import session_scope
from storage.models import CrawlRunRow, OutboxRow

log = logging.getLogger(__name__)

GOOD = ("ok", "partial")
BAD = ("failed", "timeout")


@dataclass(frozen=True, slots=True)
class Streak:
    """The failed runs after the last good one: how many, the first's id, the latest run."""

    count: int
    first_id: int | None
    latest: CrawlRunRow | None


def _last(session: Session, source: str, statuses: tuple[str, ...], before: int | None = None):
    query = select(func.max(CrawlRunRow.id)).where(
        CrawlRunRow.source == source, col(CrawlRunRow.status).in_(statuses)
    )
    if before is not None:
        query = query.where(col(CrawlRunRow.id) < before)
    return session.exec(query).one()


def failure_streak(session: Session, source: str, before: int | None = None) -> Streak:
    """The current failure streak of ``source`` (only runs before ``before`` when given)."""
    good = _last(session, source, GOOD, before) or 0
    query = select(func.count(), func.min(CrawlRunRow.id)).where(
        CrawlRunRow.source == source, col(CrawlRunRow.status).in_(BAD), col(CrawlRunRow.id) > good
    )
    if before is not None:
        query = query.where(col(CrawlRunRow.id) < before)
    count, first = session.exec(query).one()
    latest_id = _last(session, source, GOOD + BAD, before)
    latest = session.get(CrawlRunRow, latest_id) if latest_id else None
    return Streak(count or 0, first, latest)


def _key(source: str, what: str, first_id: int) -> str:
    return f"source:{source}:{what}:{first_id}"


def check_source(
    session: Session, source: str, policy: AlertsConfig, *, url: str | None = None
) -> str | None:
    """Enqueue "broken" or "recovered" for ``source`` if its crawl history calls for it.

    Returns the alert kind enqueued (``source_broken`` / ``source_recovered``) or None.
    """
    n = policy.broken_after
    if n <= 0:
        return None
    streak = failure_streak(session, source)
    latest = streak.latest
    if latest is None:
        return None
    if latest.status in BAD and streak.count >= n and streak.first_id is not None:
        event = AlertEvent(
            verdict_id=0,
            kind="source_broken",  # type: ignore[arg-type]
            measure="source",
            story=f"source {source}",
            new_value_text=f"{streak.count} failed crawls in a row",
            new_sentence=latest.detail or f"crawl {latest.status}",
            new_url=url or "",
            reason=f"last crawl {latest.started:%Y-%m-%d %H:%M} UTC",
        )
        if enqueue_notice(session, event, policy, _key(source, "broken", streak.first_id)):
            log.warning("source %s broken: %d failed crawls in a row", source, streak.count)
            return "source_broken"
        return None
    if latest.status in GOOD:
        before = failure_streak(session, source, before=latest.id)
        if before.count < n or before.first_id is None:
            return None
        broken = _key(source, "broken", before.first_id)
        raised = session.exec(
            select(func.count())
            .select_from(OutboxRow)
            .where(col(OutboxRow.key).startswith(broken + ":"))
        ).one()
        if not raised:
            return None
        event = AlertEvent(
            verdict_id=0,
            kind="source_recovered",  # type: ignore[arg-type]
            measure="source",
            story=f"source {source}",
            new_value_text=f"crawling again ({latest.status}) after {before.count} failed crawls",
            new_sentence=(
                f"fetched {latest.fetched}, new {latest.stored_new}, "
                f"changed {latest.stored_changed}, errors {latest.errors}"
            ),
            new_url=url or "",
        )
        if enqueue_notice(session, event, policy, _key(source, "recovered", before.first_id)):
            log.warning("source %s recovered after %d failed crawls", source, before.count)
            return "source_recovered"
    return None


def check_source_in(
    engine: Engine, source: str, policy: AlertsConfig, *, url: str | None = None
) -> str | None:
    """``check_source`` in its own transaction; a database problem is logged, never raised."""
    try:
        with session_scope(engine) as session:
            return check_source(session, source, policy, url=url)
    except Exception as exc:  # noqa: BLE001 - health alerts must never break a crawl
        log.warning("source health check for %s failed: %s", source, exc)
        return None
