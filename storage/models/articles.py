"""Articles and their versions: an article is a canonical URL, a version is one text of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.timeutil import utcnow


class ArticleRow(SQLModel, table=True):
    """One article, identified by its canonical URL."""

    __tablename__ = "article"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(index=True, unique=True, max_length=2048)
    site: str = Field(index=True, max_length=255)
    source: str | None = Field(default=None, index=True, max_length=255)
    title: str | None = Field(default=None, sa_column=Column(Text))
    published: datetime | None = Field(default=None, index=True)
    first_seen: datetime = Field(default_factory=utcnow)
    last_changed: datetime = Field(default_factory=utcnow)
    version_count: int = 0
    current_version_id: int | None = None


class ArticleVersionRow(SQLModel, table=True):
    """One distinct text of an article; a changed re-fetch adds a version."""

    __tablename__ = "article_version"
    __table_args__ = (UniqueConstraint("article_id", "number", name="uq_version_number"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    number: int = 1
    content_hash: str = Field(index=True, max_length=64)
    raw_hash: str | None = Field(default=None, max_length=64)
    raw_size: int = 0
    raw_html: str | None = Field(default=None, sa_column=Column(Text))
    text: str = Field(sa_column=Column(Text, nullable=False))
    title: str | None = Field(default=None, sa_column=Column(Text))
    author: str | None = Field(default=None, max_length=512)
    site_name: str | None = Field(default=None, max_length=255)
    language: str | None = Field(default=None, max_length=16)
    published: datetime | None = None
    fetched_url: str | None = Field(default=None, max_length=2048)
    fetched_at: datetime = Field(default_factory=utcnow)
