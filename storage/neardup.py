"""Persistent near-duplicate index for 64-bit fingerprints (permuted-block keys in a table).

A fingerprint is cut into blocks (default four 16-bit blocks). Two fingerprints within Hamming
distance ``k`` share at least one block exactly when there are more than ``k`` blocks
(pigeonhole), so a lookup fetches the rows whose ``(block_no, block_value)`` key equals one of
the query's keys and confirms each candidate by popcount. Keys live in the indexed table
``neardup_key``; nothing is held in memory between calls, nothing is rebuilt at start, and the
same SQL runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from sqlalchemy import delete, insert
from sqlalchemy.engine import Connection
from sqlmodel import Session

from storage.models.dedup import NearDupKeyRow

_TABLE = NearDupKeyRow.__table__  # type: ignore[attr-defined]
_C = _TABLE.c
_MASK64 = (1 << 64) - 1


def to_signed(value: int) -> int:
    """An unsigned 64-bit fingerprint as the signed integer the databases store."""
    value &= _MASK64
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    """The stored signed integer back to the unsigned 64-bit fingerprint."""
    return value & _MASK64


def hamming(a: int, b: int) -> int:
    """Hamming distance of two 64-bit fingerprints (signed or unsigned)."""
    return ((a ^ b) & _MASK64).bit_count()


@dataclass(frozen=True, slots=True)
class Layout:
    """Distance tolerance ``k`` and block widths (most significant first, summing to 64)."""

    k: int = 3
    widths: tuple[int, ...] = (16, 16, 16, 16)

    def __post_init__(self) -> None:
        if sum(self.widths) != 64 or any(not 1 <= w <= 32 for w in self.widths):
            raise ValueError(f"block widths must be 1..32 bits and sum to 64, got {self.widths}")
        if len(self.widths) <= self.k:
            raise ValueError(
                f"k={self.k} needs at least {self.k + 1} blocks for exact recall, "
                f"got {len(self.widths)}"
            )

    @classmethod
    def even(cls, k: int = 3, blocks: int | None = None) -> Layout:
        """``blocks`` (default ``k + 1``) blocks of near-equal width."""
        n = blocks or k + 1
        base, extra = divmod(64, n)
        return cls(k, tuple(base + (1 if i < extra else 0) for i in range(n)))

    def keys(self, fingerprint: int) -> list[int]:
        """The block keys of an (unsigned or signed) fingerprint: ``block_no << 32 | value``."""
        value = fingerprint & _MASK64
        out: list[int] = []
        shift = 64
        for i, width in enumerate(self.widths):
            shift -= width
            out.append((i << 32) | ((value >> shift) & ((1 << width) - 1)))
        return out


DEFAULT_LAYOUT = Layout()

Executor = Session | Connection


@dataclass(frozen=True, slots=True)
class Match:
    """An indexed item within distance of the query."""

    item_id: int
    fingerprint: int  # unsigned
    distance: int


class NearDupIndex:
    """The near-duplicate index over table ``neardup_key``, one ``space`` of it.

    ``space`` separates independent indexes sharing the table (articles, benchmarks, ...); the
    layout must stay the same for a space once it holds data.
    """

    def __init__(self, space: int = 0, layout: Layout = DEFAULT_LAYOUT) -> None:
        self.space = space
        self.layout = layout

    def rows(self, item_id: int, fingerprint: int) -> list[dict[str, int]]:
        """The key rows of one item (for bulk loading)."""
        fp = to_signed(fingerprint)
        return [
            {"space": self.space, "bkey": key, "fp": fp, "item_id": item_id}
            for key in self.layout.keys(fingerprint)
        ]

    def add(self, db: Executor, item_id: int, fingerprint: int) -> None:
        """Index one fingerprint under ``item_id`` (the caller commits).

        Re-adding the same item and fingerprint violates the primary key: ``remove`` it first.
        """
        db.execute(insert(_TABLE), self.rows(item_id, fingerprint))

    def add_many(self, db: Executor, items: Iterable[tuple[int, int]]) -> int:
        """Index many ``(item_id, fingerprint)`` pairs in one executemany; returns the count."""
        rows: list[dict[str, int]] = []
        n = 0
        for item_id, fingerprint in items:
            rows.extend(self.rows(item_id, fingerprint))
            n += 1
        if rows:
            db.execute(insert(_TABLE), rows)
        return n

    def remove(self, db: Executor, item_id: int) -> None:
        """Forget every key of ``item_id``."""
        db.execute(delete(_TABLE).where(_C.space == self.space, _C.item_id == item_id))

    def _key_rows(self, db: Executor, fingerprint: int) -> Sequence[Sequence[int]]:
        """``(item_id, signed fingerprint)`` rows sharing a block key (repeats included)."""
        conn = db.connection() if isinstance(db, Session) else db
        # Plain driver SQL: this is the hot path, and SQLAlchemy's statement layer costs more
        # than the indexed lookup itself. Same SQL on SQLite and PostgreSQL.
        keys = self.layout.keys(fingerprint)
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        sql = (
            f"SELECT item_id, fp FROM {_TABLE.name} WHERE space = {mark} "
            f"AND bkey IN ({', '.join([mark] * len(keys))})"
        )
        return conn.exec_driver_sql(sql, (self.space, *keys)).fetchall()

    def candidates(self, db: Executor, fingerprint: int) -> list[tuple[int, int]]:
        """Distinct ``(item_id, unsigned fingerprint)`` sharing at least one block key."""
        rows = self._key_rows(db, fingerprint)
        return [(item, to_unsigned(fp)) for item, fp in set(map(tuple, rows))]

    def query(
        self,
        db: Executor,
        fingerprint: int,
        *,
        k: int | None = None,
        exclude: Sequence[int] = (),
    ) -> list[Match]:
        """Items within Hamming distance ``k`` (default: the layout's) of ``fingerprint``."""
        limit = self.layout.k if k is None else min(k, self.layout.k)
        fp = fingerprint & _MASK64
        rows = self._key_rows(db, fp)
        if not rows:
            return []
        # distances in NumPy: a block shared by a story's copies can hold thousands of rows,
        # and a Python object per row made the lookup grow with the story
        flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=2 * len(rows))
        items, fps = flat[0::2], flat[1::2]
        dist = np.bitwise_count((fps ^ np.int64(to_signed(fp))).view(np.uint64))  # not abs()
        keep = dist <= limit
        skip = set(exclude)
        found = {
            Match(item, to_unsigned(other), d)
            for item, other, d in zip(
                items[keep].tolist(), fps[keep].tolist(), dist[keep].tolist(), strict=True
            )
            if item not in skip
        }
        return sorted(found, key=lambda m: (m.distance, m.item_id))
