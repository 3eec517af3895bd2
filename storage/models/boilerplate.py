"""Site memory table: how many articles of a site contained each short line."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


class BoilerplateLine(SQLModel, table=True):
    """One (site, line hash) pair and the number of distinct articles it appeared in."""

    __tablename__ = "boilerplate_line"
    __table_args__ = (UniqueConstraint("site", "line_hash", name="uq_boilerplate_site_line"),)

    id: int | None = Field(default=None, primary_key=True)
    site: str = Field(max_length=255, index=True)
    line_hash: str = Field(max_length=32)
    count: int = Field(default=0)
    first_seen: datetime = Field(default_factory=_now)
    last_seen: datetime = Field(default_factory=_now)
