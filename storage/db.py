"""Engines, sessions and migrations.

SQLite (WAL mode) at ``./figwatch.db`` is the default; any SQLAlchemy URL works. ``connect(url)``
uses ``url`` when one is given (``$FIGWATCH_DATABASE_URL`` only fills in a missing one) and returns
an engine whose schema is at the newest Alembic revision. ``choose_url`` is the precedence every
command uses: ``--db``, then ``$FIGWATCH_DATABASE_URL``, then the config, then the default.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from storage.locks import advisory_xact_lock
from storage.settings import DATABASE_URL_ENV as DATABASE_URL_ENV  # re-exported for callers
from storage.settings import env_database_url, env_sqlite_busy_ms

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_URL = "sqlite:///figwatch.db"
#: how long a SQLite writer waits for another's lock before "database is locked"
BUSY_TIMEOUT_MS = env_sqlite_busy_ms()
MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseError(RuntimeError):
    """A database problem a user can fix (bad URL, server down); its message is one line."""


def database_url(explicit: str | None = None) -> str:
    """``explicit``, else ``$FIGWATCH_DATABASE_URL``, else the default; normalised for psycopg."""
    url = explicit or env_database_url() or DEFAULT_URL
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def choose_url(flag: str | None, configured: str | None) -> str:
    """The URL a command uses: ``--db``, then ``$FIGWATCH_DATABASE_URL``, then the config's."""
    return database_url(flag or env_database_url() or configured)


def redact(url: str) -> str:
    """The URL with any password hidden, safe to print or log."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is shown as a placeholder
        return "<unparsable database URL>"


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # temporary b-trees (a UNION's, a sort's: ``monitor.verdicts.tail.read``) in memory. (A
    # bigger page cache and a memory map were tried: no gain measured, and the crawl child's
    # memory grew with the store: docs/benchmarks.md, sixth pass)
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def make_engine(url: str | None = None) -> Engine:
    """Create an engine for ``url`` (resolved by ``database_url``) without touching the schema."""
    resolved = database_url(url)
    try:
        parsed = make_url(resolved)
    except Exception as exc:
        raise DatabaseError(f"invalid database URL {redact(resolved)!r}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            resolved,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    driver = (parsed.get_backend_name(), parsed.get_driver_name())
    if driver == ("postgresql", "psycopg") and not _importable("psycopg"):
        raise DatabaseError(
            "a PostgreSQL database needs the 'postgres' extra (psycopg is not installed): "
            "pip install 'figwatch[postgres]'"
        )
    return create_engine(resolved, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at our migrations and the given engine."""
    from alembic.config import Config  # imported when a command opens a database

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    cfg.attributes["engine"] = engine
    return cfg


def _at_head(engine: Engine) -> bool:
    """Whether the database is already at the newest revision (read only)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads()) == heads


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (default: the newest)."""
    try:
        if revision == "head" and engine.dialect.name == "sqlite" and _at_head(engine):
            return  # the usual start: a read, no write lock taken beside a running daemon
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # several hosts starting at once: one migrates, the others wait and find head
                advisory_xact_lock(conn, "figwatch:migrations")
            elif conn.dialect.name == "sqlite":
                # pysqlite runs DDL outside any transaction unless one is open: a process killed
                # mid-migration would leave half a schema ("table article already exists" next
                # time). One explicit transaction makes the whole upgrade all or nothing, and
                # IMMEDIATE makes a second process starting at once wait for it.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            from alembic import command

            cfg = alembic_config(engine)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    except DatabaseError:
        raise
    except Exception as exc:  # connection refused, permission denied, ...
        msg = str(getattr(exc, "orig", exc)).strip().splitlines()
        first = msg[0] if msg else type(exc).__name__
        raise DatabaseError(f"cannot open database {redact(str(engine.url))}: {first}") from exc


def connect(url: str | None = None, *, migrate: bool = True) -> Engine:
    """An engine on ``url`` whose schema is upgraded to the newest revision."""
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
