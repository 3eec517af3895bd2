"""Leader election: exactly one ``figwatch run`` schedules; the others stand by.

APScheduler 3 cannot share a job store between schedulers, so every daemon on a database competes
for one lock and only its holder starts the scheduler:

- PostgreSQL: a session-level ``pg_try_advisory_lock`` held on a dedicated connection (not from a
  pool). The lock lives exactly as long as that database session: when the leader process dies its
  connection closes and the server releases the lock at once; when the leader's *host* vanishes,
  TCP keepalives (set on both ends of the connection, about 10 s) end the session. A standby
  retries every ``retry`` seconds. The leader checks its connection every few seconds and steps
  down (stops scheduling) as soon as the check fails, so two leaders cannot run jobs for long.
- SQLite (one host): an exclusive ``flock`` on ``<database>.leader``, released by the kernel when
  the process dies.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import socket
from pathlib import Path
from typing import IO, Protocol

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

from storage.locks import lock_id

log = logging.getLogger(__name__)

DEFAULT_NAME = "figwatch-scheduler"
#: Server-side keepalives for the leader's session: a vanished host is noticed in ~5 + 2*3 s.
KEEPALIVE = {"tcp_keepalives_idle": 5, "tcp_keepalives_interval": 2, "tcp_keepalives_count": 3}


class Leadership(Protocol):
    """What the daemon needs from an election."""

    def try_acquire(self) -> bool: ...
    def check(self) -> bool: ...
    def release(self) -> None: ...


def identity() -> str:
    """``host:pid`` of this process, shown as the leader's application name."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


class PostgresLeader:
    """A session-level advisory lock on a dedicated PostgreSQL connection."""

    def __init__(self, url: str, name: str = DEFAULT_NAME) -> None:
        self.key = lock_id(f"leader:{name}")  # made per schema once connected
        self.name = name
        self._engine: Engine = create_engine(
            url,
            poolclass=NullPool,
            connect_args={
                "connect_timeout": 5,
                "keepalives": 1,
                "keepalives_idle": 5,
                "keepalives_interval": 2,
                "keepalives_count": 3,
                "application_name": f"{name} {identity()}"[:63],
            },
        )
        self._conn: Connection | None = None
        self.held = False

    def _connect(self) -> Connection:
        conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        for setting, value in KEEPALIVE.items():
            conn.execute(text(f"SET {setting} = {int(value)}"))
        # advisory locks are per database: installs in separate schemas elect separately
        self.key = _leader_key(self.name, conn.execute(text("SELECT current_schema()")).scalar())
        return conn

    def try_acquire(self) -> bool:
        """Take the lock if it is free (never waits); True while this process holds it."""
        if self.held:
            return self.check()
        try:
            if self._conn is None:
                self._conn = self._connect()
            got = self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key})
            self.held = bool(got.scalar())
        except Exception as exc:  # noqa: BLE001 - database unreachable: stay standby, retry
            log.warning("leader election: %s", str(exc).strip().splitlines()[0][:200])
            self._drop()
        return self.held

    def check(self) -> bool:
        """Whether the lock is still ours (its session is alive)."""
        if not self.held or self._conn is None:
            return False
        try:
            self._conn.execute(text("SELECT 1"))
            return True
        except Exception as exc:  # noqa: BLE001 - the session is gone, and the lock with it
            log.error("leader: lost the database session (%s)", type(exc).__name__)
            self._drop()
            return False

    def _drop(self) -> None:
        self.held = False
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.invalidate()
                self._conn.close()
        self._conn = None

    def release(self) -> None:
        """Give the lock up (closing the session releases it too)."""
        if self._conn is not None and self.held:
            with contextlib.suppress(Exception):
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
        self.held = False
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        self._conn = None
        self._engine.dispose()


class FileLeader:
    """An exclusive ``flock`` on a file beside the SQLite database (one host)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None

    def try_acquire(self) -> bool:
        if self._fh is not None:
            return True
        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open while leading
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        fh.seek(0)
        fh.truncate()
        fh.write(identity() + "\n")
        fh.flush()
        self._fh = fh
        return True

    def check(self) -> bool:
        return self._fh is not None

    def release(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
        self._fh = None


class AlwaysLeader:
    """No competition possible (an in-memory database)."""

    def try_acquire(self) -> bool:
        return True

    def check(self) -> bool:
        return True

    def release(self) -> None:
        return None


def leader_lock_file(database_url: str) -> Path | None:
    """The default scheduler's lock file for a SQLite database file (None otherwise)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).expanduser().resolve().with_suffix(".leader")
    return None


def election_for(database_url: str, name: str = DEFAULT_NAME) -> Leadership:
    """The election suited to the database: advisory lock, file lock, or none."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "postgresql":
        return PostgresLeader(database_url, name)
    if backend == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database).expanduser().resolve()
        if name == DEFAULT_NAME:
            return FileLeader(db.with_suffix(".leader"))
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:80]
        return FileLeader(db.with_name(f"{db.stem}.{safe}.lock"))
    return AlwaysLeader()


def _leader_key(name: str, schema: str | None) -> int:
    return lock_id(f"leader:{name}:{schema or 'public'}")


def current_leader(engine: Engine, name: str = DEFAULT_NAME) -> str | None:
    """The application name of the session holding the PostgreSQL leader lock, if any."""
    if engine.dialect.name != "postgresql":
        return None
    sql = text(
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND l.classid::bigint = :hi AND l.objid::bigint = :lo"
    )
    with engine.connect() as conn:
        key = _leader_key(name, conn.execute(text("SELECT current_schema()")).scalar())
        unsigned = key & 0xFFFFFFFFFFFFFFFF
        row = conn.execute(sql, {"hi": unsigned >> 32, "lo": unsigned & 0xFFFFFFFF}).first()
    return row[0] if row else None
