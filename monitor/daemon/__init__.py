"""The figwatch daemon: scheduled crawls (one child process each), outbox delivery, reports.

Public API: ``Runtime``, ``Daemon`` (``run_once``, ``run_forever``), ``CrawlOutcome`` and
``status_section(session) -> dict`` for ``figwatch status``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from crawler.runner import CrawlOutcome
from monitor.alerts import status_section as alerts_status
from monitor.daemon.leader import current_leader
from monitor.daemon.runtime import Runtime
from monitor.daemon.scheduler import JOBS_TABLE, Daemon, RoundStats

__all__ = [
    "CrawlOutcome",
    "Daemon",
    "RoundStats",
    "Runtime",
    "status_section",
]


def status_section(session: Session) -> dict[str, Any]:
    """Scheduled jobs and their next runs (from the persisted job store), the leader scheduler
    (PostgreSQL), outbox depth, dead letters."""
    jobs: list[dict[str, Any]] = []
    bind = session.get_bind()
    if inspect(bind).has_table(JOBS_TABLE):
        for job_id, next_run in session.execute(  # type: ignore[call-overload]
            text(f"SELECT id, next_run_time FROM {JOBS_TABLE} ORDER BY next_run_time")
        ).all():
            when = datetime.fromtimestamp(next_run, UTC).isoformat() if next_run else None
            jobs.append({"id": job_id, "next_run": when})
    alerts = alerts_status(session)
    leader = None
    if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
        leader = current_leader(bind)  # application name "figwatch-scheduler host:pid"
    return {
        "scheduler": "configured" if jobs else "never started",
        "leader": leader,
        "jobs": jobs,
        "outbox": alerts["outbox"],
        "dead_letters": len(alerts["dead_letters"]),
    }
