"""Crawl bookkeeping: per-URL fetch state (conditional GET, raw hash), crawl runs and their events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from storage.timeutil import utcnow


class FetchStateRow(SQLModel, table=True):
    """What we last saw at one URL: validators for conditional GET and the hash of the raw bytes."""

    __tablename__ = "fetch_state"

    url: str = Field(primary_key=True, max_length=2048)
    etag: str | None = Field(default=None, max_length=512)
    last_modified: str | None = Field(default=None, max_length=128)
    raw_hash: str | None = Field(default=None, max_length=64)
    status: int | None = None
    fetched_at: datetime = Field(default_factory=utcnow)
    changed_at: datetime | None = None


class CrawlRunRow(SQLModel, table=True):
    """One crawl of one source, with its counters."""

    __tablename__ = "crawl_run"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True, max_length=255)
    kind: str | None = Field(default=None, max_length=32)
    started: datetime = Field(default_factory=utcnow, index=True)
    finished: datetime | None = None
    status: str = Field(default="running", max_length=32)
    fetched: int = 0
    stored_new: int = 0
    stored_changed: int = 0
    unchanged: int = 0
    not_modified: int = 0
    skipped: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    errors: int = 0
    detail: str | None = Field(default=None, sa_column=Column(Text))


class CrawlEventRow(SQLModel, table=True):
    """One skipped or failed request of a crawl run, and why."""

    __tablename__ = "crawl_event"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="crawl_run.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    kind: str = Field(default="skip", max_length=16)
    url: str = Field(max_length=2048)
    reason: str = Field(index=True, max_length=64)
    detail: str | None = Field(default=None, sa_column=Column(Text))
