"""The daemon's heartbeat: one row per ``figwatch run`` process, so ``status`` can tell running
from stopped from stale (killed or hung)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.timeutil import utcnow


class DaemonHeartbeatRow(SQLModel, table=True):
    """One daemon process: its role, when it started, last beat and (if it stopped) when."""

    __tablename__ = "daemon_heartbeat"

    id: str = Field(primary_key=True, max_length=128)  # host:pid
    host: str = Field(max_length=255)
    pid: int
    role: str = Field(default="standby", max_length=16)  # leader | standby
    state: str = Field(default="running", max_length=16)  # running | stopped
    started: datetime = Field(default_factory=utcnow)
    beat_at: datetime = Field(default_factory=utcnow, index=True)
    stopped_at: datetime | None = None
    every: float = 10.0  # seconds between beats; stale after STALE_BEATS of them
