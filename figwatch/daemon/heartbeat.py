"""The daemon's heartbeat in the database, and what ``figwatch status`` makes of it.

Every ``figwatch run`` process (leader or standby) upserts its ``daemon_heartbeat`` row every
``every`` seconds and marks it ``stopped`` when it exits cleanly. A row still ``running`` whose
last beat is older than ``STALE_BEATS`` intervals belongs to a daemon that was killed, hung, or
lost its database: ``status`` calls it stale.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage.db import session_scope
from storage.models import DaemonHeartbeatRow
from storage.timeutil import as_utc, utcnow

log = logging.getLogger(__name__)

#: a running daemon whose last beat is older than this many intervals is stale
STALE_BEATS = 3
#: stopped daemons' rows are forgotten after this long
FORGET_AFTER = timedelta(days=7)


def identity() -> str:
    """``host:pid`` of this process."""
    return f"{socket.gethostname()[:100]}:{os.getpid()}"


class Heartbeat:
    """A thread that upserts this process's heartbeat row every ``every`` seconds."""

    def __init__(self, engine: Engine, every: float, role: Callable[[], str]) -> None:
        self.engine = engine
        self.every = every
        self.role = role
        self.id = identity()
        self.started = utcnow()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="figwatch-heartbeat", daemon=True)

    def start(self) -> Heartbeat:
        """Write the first beat now (and forget long-stopped daemons), then beat in a thread."""
        with contextlib.suppress(Exception), session_scope(self.engine) as session:
            session.exec(  # type: ignore[call-overload]
                delete(DaemonHeartbeatRow).where(
                    col(DaemonHeartbeatRow.state) == "stopped",
                    col(DaemonHeartbeatRow.stopped_at) < utcnow() - FORGET_AFTER,
                )
            )
        self.beat()
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.beat()

    def beat(self, state: str = "running") -> None:
        """Upsert the row; a database hiccup is logged and the next beat tries again."""
        now = utcnow()
        try:
            with session_scope(self.engine) as session:
                row = session.get(DaemonHeartbeatRow, self.id) or DaemonHeartbeatRow(
                    id=self.id,
                    host=socket.gethostname()[:255],
                    pid=os.getpid(),
                    started=self.started,
                )
                if state == "running" or row.role is None:  # a stopped daemon keeps its last role
                    row.role = self.role()
                row.state, row.beat_at, row.every = state, now, self.every
                row.stopped_at = now if state == "stopped" else None
                session.add(row)
        except Exception as exc:  # noqa: BLE001 - never take the daemon down for a heartbeat
            log.warning("heartbeat not written: %s", str(exc).strip().splitlines()[0][:200])

    def stop(self) -> None:
        """Stop beating and record a clean stop."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self.beat("stopped")


def _ago(delta: timedelta) -> str:
    s = int(delta.total_seconds())
    if s < 120:
        return f"{s}s ago"
    if s < 7200:
        return f"{s // 60}m ago"
    if s < 172800:
        return f"{s // 3600}h ago"
    return f"{s // 86400}d ago"


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "?"


def daemon_state(session: Session, now: datetime | None = None) -> dict[str, Any]:
    """``running`` / ``stale`` / ``stopped`` / ``never started``, with a one-line summary and the
    daemons seen in the last ``FORGET_AFTER``."""
    now = as_utc(now) or utcnow()
    rows = session.exec(
        select(DaemonHeartbeatRow).order_by(col(DaemonHeartbeatRow.beat_at).desc())
    ).all()
    daemons = []
    for r in rows:
        beat = as_utc(r.beat_at) or now
        stale = r.state == "running" and now - beat > timedelta(seconds=STALE_BEATS * r.every)
        state = "stale" if stale else r.state
        daemons.append(
            {
                "id": r.id,
                "role": r.role,
                "state": state,
                "started": as_utc(r.started),
                "last_beat": beat,
                "stopped": as_utc(r.stopped_at),
            }
        )
    running = [d for d in daemons if d["state"] == "running"]
    leader = next((d for d in running if d["role"] == "leader"), None)
    if running:
        head = leader or running[0]
        state = "running"
        summary = (
            f"running: {head['id']} ({head['role']}), heartbeat {_ago(now - head['last_beat'])}"
        )
        if len(running) > 1:
            summary += f"; {len(running) - 1} other daemon(s) running"
    elif any(d["state"] == "stale" for d in daemons):
        d = next(d for d in daemons if d["state"] == "stale")
        state = "stale"
        summary = (
            f"stale: last heartbeat from {d['id']} {_ago(now - d['last_beat'])} "
            f"({_when(d['last_beat'])}): the daemon was killed or is hung"
        )
    elif daemons:
        d = daemons[0]
        state = "stopped"
        summary = f"stopped since {_when(d['stopped'])} ({d['id']})"
    else:
        state, summary = "never started", "never started (figwatch run)"
    return {"state": state, "summary": summary, "daemons": daemons}


def file_lock_holder(path: Path) -> str | None:
    """Who holds the SQLite leader lock file: its ``host:pid``, or None when nobody does.

    Probing takes the lock for an instant when it is free; a standby daemon that tries at that
    very moment simply retries a second later.
    """
    if not path.exists():
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return fh.read().strip() or "(unknown)"
            fcntl.flock(fh, fcntl.LOCK_UN)
            return None
    except OSError:
        return None
