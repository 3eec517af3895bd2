"""Near-duplicate tables: block keys, fingerprints, clusters, passage links and stated sources.

Fingerprints are 64-bit simhashes stored as *signed* 64-bit integers (SQLite and PostgreSQL have
no unsigned BIGINT); ``storage.neardup`` converts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, Integer, SmallInteger, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.timeutil import utcnow

# SQLite only auto-increments an INTEGER PRIMARY KEY (its rowid); PostgreSQL gets BIGINT.
_BIGID = BigInteger().with_variant(Integer, "sqlite")


class NearDupKeyRow(SQLModel, table=True):
    """One permuted-block key of one fingerprint: ``bkey = block_no << 32 | block_value``.

    The primary key ``(space, bkey, fp, item_id)`` is the lookup index and covers the candidate
    query, so a lookup reads the index only; on SQLite the table is ``WITHOUT ROWID`` (the rows
    live in that index, nothing is stored twice). ``space`` lets several independent indexes
    share the table.
    """

    __tablename__ = "neardup_key"
    __table_args__ = (
        Index("ix_neardup_key_item", "item_id", "space"),
        {"sqlite_with_rowid": False},
    )

    space: int = Field(sa_column=Column(SmallInteger, primary_key=True, autoincrement=False))
    bkey: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    fp: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    item_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))


class FingerprintRow(SQLModel, table=True):
    """The simhash of one article version's clean text."""

    __tablename__ = "dedup_fingerprint"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    version_id: int = Field(foreign_key="article_version.id", unique=True)
    simhash: int = Field(sa_column=Column(BigInteger, nullable=False))
    words: int = 0
    created: datetime = Field(default_factory=utcnow)


class ClusterRow(SQLModel, table=True):
    """A set of near-copies; its original is the earliest published member."""

    __tablename__ = "dedup_cluster"

    id: int | None = Field(default=None, primary_key=True)
    original_article_id: int = Field(foreign_key="article.id", index=True)
    size: int = Field(default=1, index=True)
    created: datetime = Field(default_factory=utcnow)
    updated: datetime = Field(default_factory=utcnow, index=True)


class ClusterMemberRow(SQLModel, table=True):
    """An article's place in its cluster (one cluster per article, for its newest version)."""

    __tablename__ = "dedup_member"

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    cluster_id: int = Field(foreign_key="dedup_cluster.id", index=True)
    version_id: int = Field(foreign_key="article_version.id")
    simhash: int = Field(sa_column=Column(BigInteger, nullable=False))
    joined: datetime = Field(default_factory=utcnow)


class ShingleRow(SQLModel, table=True):
    """A sampled word-shingle hash of one article's current version (passage-reuse lookup)."""

    __tablename__ = "dedup_shingle"
    __table_args__ = (Index("ix_dedup_shingle_h", "h", "article_id"),)

    id: int | None = Field(default=None, sa_column=Column(_BIGID, primary_key=True))
    h: int = Field(sa_column=Column(BigInteger, nullable=False))
    article_id: int = Field(foreign_key="article.id", index=True)


class DerivativeRow(SQLModel, table=True):
    """``article_id`` re-uses passages of the earlier ``source_article_id`` (not a whole copy)."""

    __tablename__ = "dedup_derivative"
    __table_args__ = (UniqueConstraint("article_id", "source_article_id", name="uq_derivative"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    source_article_id: int = Field(foreign_key="article.id", index=True)
    version_id: int = Field(foreign_key="article_version.id")
    source_version_id: int = Field(foreign_key="article_version.id")
    shared_words: int = 0
    passages: int = 0
    coverage: float = 0.0
    detail: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    created: datetime = Field(default_factory=utcnow)


class StatedSourceRow(SQLModel, table=True):
    """A syndication marker found in an article's text ("AFP contributed reporting", "(AP)")."""

    __tablename__ = "dedup_stated_source"
    __table_args__ = (UniqueConstraint("version_id", "source", "kind", name="uq_stated_source"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    version_id: int = Field(foreign_key="article_version.id", index=True)
    source: str = Field(index=True, max_length=128)
    kind: str = Field(max_length=32)
    marker: str = Field(sa_column=Column(Text, nullable=False))
