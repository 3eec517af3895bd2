"""The storage layer's environment: the one module of ``storage`` that reads ``os.environ``.

``storage`` sits below ``monitor`` and cannot import ``monitor.config``, so the variables the
database layer honours are read here, and ``monitor.config`` (the application's settings) takes
them from this module rather than reading them a second time.

- ``FIGWATCH_DATABASE_URL``: the database URL when no ``--db`` is given (before the config's).
- ``FIGWATCH_SQLITE_BUSY_MS``: how long a SQLite writer waits for another's lock (default 30000).
"""

from __future__ import annotations

import os

DATABASE_URL_ENV = "FIGWATCH_DATABASE_URL"
SQLITE_BUSY_MS_ENV = "FIGWATCH_SQLITE_BUSY_MS"
DEFAULT_SQLITE_BUSY_MS = 30000


def env_database_url() -> str | None:
    """``$FIGWATCH_DATABASE_URL``, or None when unset or empty."""
    return os.environ.get(DATABASE_URL_ENV) or None


def env_sqlite_busy_ms() -> int:
    """``$FIGWATCH_SQLITE_BUSY_MS`` as milliseconds (the default when unset)."""
    return int(os.environ.get(SQLITE_BUSY_MS_ENV, str(DEFAULT_SQLITE_BUSY_MS)))
