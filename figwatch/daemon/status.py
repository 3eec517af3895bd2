"""The daemon's part of ``figwatch status``: heartbeat, leader, scheduled jobs, outbox depth."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from figwatch.daemon.heartbeat import daemon_state, file_lock_holder
from figwatch.daemon.scheduler import JOBS_TABLE
from monitor.alerts import status_section as alerts_status
from storage.leader import current_leader, leader_lock_file


def status_section(session: Session) -> dict[str, Any]:
    """Is the daemon running (heartbeat), who holds the leader lock, the scheduled jobs and
    their next runs (from the persisted job store), outbox depth, dead letters."""
    jobs: list[dict[str, Any]] = []
    bind = session.get_bind()
    if inspect(bind).has_table(JOBS_TABLE):
        for job_id, next_run in session.execute(  # type: ignore[call-overload]
            text(f"SELECT id, next_run_time FROM {JOBS_TABLE} ORDER BY next_run_time")
        ).all():
            when = datetime.fromtimestamp(next_run, UTC).isoformat() if next_run else None
            jobs.append({"id": job_id, "next_run": when})
    alerts = alerts_status(session)
    state = daemon_state(session)
    leader = None
    if isinstance(bind, Engine):
        if bind.dialect.name == "postgresql":
            leader = current_leader(bind)  # application name "figwatch-scheduler host:pid"
        else:
            lock = leader_lock_file(bind.url.render_as_string(hide_password=False))
            leader = file_lock_holder(lock) if lock is not None else None
    return {
        "daemon": state["summary"],
        "state": state["state"],
        "leader": leader,  # host:pid holding the leader lock (None: free)
        "jobs": jobs
        if state["state"] == "running"
        else [{**j, "note": "not running"} for j in jobs],
        "daemons": [
            {k: d[k] for k in ("id", "role", "state", "started", "last_beat", "stopped")}
            for d in state["daemons"][:5]
        ],
        "outbox": alerts["outbox"],
        "dead_letters": len(alerts["dead_letters"]),
    }
