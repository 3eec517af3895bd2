"""Transaction-scoped locks that serialise writers deciding on the same key.

``advisory_xact_lock(session, key)`` makes "read what is stored, then decide and insert" safe when
several processes (on several hosts) ingest at once:

- PostgreSQL: ``pg_advisory_xact_lock`` on a stable signed 64-bit hash of ``key``. Only holders of
  the *same* key wait for each other; the lock is released by COMMIT or ROLLBACK. Take it before
  reading the rows the decision depends on (under READ COMMITTED every later statement then sees
  what the previous holder committed).
- SQLite: there is one writer per database at a time, so per-key locks add nothing. What matters is
  that the transaction holds SQLite's write lock *before* it reads: otherwise two processes can both
  read "nothing stored" and both insert. When no transaction is open yet, the call starts one with
  ``BEGIN IMMEDIATE`` (waiting up to the connection's busy timeout); when one is already open, the
  caller must already have written in it (which takes the write lock) — see ``sqlite_write_lock``.

Keys taken by one ingest transaction, always in this order (so two transactions cannot wait for
each other in a cycle): ``article:<url>`` (monitor.ingest), then ``neardup:<block key>`` for the
fingerprint's blocks (monitor.dedup), then ``figures:<comparison key>`` (monitor.verdicts); keys
of one family are taken together by ``advisory_xact_locks`` in sorted order.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

__all__ = [
    "advisory_xact_lock",
    "advisory_xact_locks",
    "lock_id",
    "sqlite_write_lock",
    "try_advisory_xact_lock",
]


def lock_id(key: str) -> int:
    """A stable signed 64-bit id for ``key`` (the same on every host and Python run)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8, person=b"figwatch").digest()
    return int.from_bytes(digest, "big", signed=True)


def _connection(bind: Session | Connection) -> Connection:
    return bind.connection() if isinstance(bind, Session) else bind


def sqlite_write_lock(conn: Connection) -> bool:
    """On SQLite, open the transaction as ``BEGIN IMMEDIATE`` if none is open; True if it did.

    Python's sqlite3 driver (legacy transaction control, which SQLAlchemy uses) only opens a
    transaction before the first INSERT/UPDATE/DELETE, so reads before that run outside any
    transaction; starting it here takes the database write lock before those reads.
    """
    raw = conn.connection.driver_connection
    if getattr(raw, "in_transaction", True):
        return False
    conn.exec_driver_sql("BEGIN IMMEDIATE")
    return True


def advisory_xact_lock(bind: Session | Connection, key: str) -> None:
    """Hold a lock on ``key`` until the current transaction ends (blocks while another holds it)."""
    conn = _connection(bind)
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_id(key)})
    elif dialect == "sqlite":
        sqlite_write_lock(conn)
    else:  # pragma: no cover - figwatch supports SQLite and PostgreSQL only
        raise NotImplementedError(f"advisory locks on {dialect} are not supported")


def advisory_xact_locks(bind: Session | Connection, keys: list[str] | set[str]) -> None:
    """Lock several keys in one canonical order (sorted ids), so two writers cannot deadlock."""
    for key in sorted(set(keys), key=lock_id):
        advisory_xact_lock(bind, key)


def try_advisory_xact_lock(bind: Session | Connection, key: str) -> bool:
    """Like ``advisory_xact_lock`` but never waits on PostgreSQL: False if another holds ``key``."""
    conn = _connection(bind)
    if conn.dialect.name == "postgresql":
        got = conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": lock_id(key)})
        return bool(got.scalar())
    advisory_xact_lock(conn, key)
    return True
