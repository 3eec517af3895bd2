"""Shared fixtures: the shared/ folder, databases (SQLite always, PostgreSQL when reachable), and the
local servers of tests/support/ (``news_site``, ``bad_server``, ``webhook_receiver``, ``mailbox``)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from storage.db import connect
from tests.support.alerts import Mailbox, Receiver, free_port
from tests.support.badserver import BadServer
from tests.support.sites import LocalSite
from tests.support.sites import news_site as build_news_site

REPO = Path(__file__).resolve().parent.parent
#: FIGWATCH_* variables that configure the tests themselves; every other one is the product's
TEST_SETTINGS = frozenset({"FIGWATCH_TEST_PG", "FIGWATCH_SHARED"})
# The suite runs in the same state whatever the shell holds: a user's FIGWATCH_DATABASE_URL,
# FIGWATCH_CONFIG or FIGWATCH_CRAWL_COMMAND must not redirect the tests (test_environment.py).
for _name in [n for n in os.environ if n.startswith("FIGWATCH_") and n not in TEST_SETTINGS]:
    del os.environ[_name]
PG_ADMIN_URL = os.environ.get(
    "FIGWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def find_shared() -> Path | None:
    """The project's shared/ folder (``$FIGWATCH_SHARED`` or ``../shared``), if present."""
    env = os.environ.get("FIGWATCH_SHARED")
    for cand in ([Path(env)] if env else []) + [REPO.parent / "shared"]:
        if cand.is_dir():
            return cand
    return None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared/ folder beside the repo; tests needing it skip when it is absent."""
    found = find_shared()
    if found is None:
        pytest.skip("../shared is not present (seeds and benchmark data live there)")
    return found


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    path = shared_dir / "seeds"
    if not path.is_dir():
        pytest.skip("shared/seeds is absent")
    return path


_pg_ok: bool | None = None


def postgres_available() -> bool:
    """Whether the test PostgreSQL server answers (checked once)."""
    global _pg_ok
    if _pg_ok is None:
        try:
            eng = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
            with eng.connect() as conn:
                conn.execute(text("select 1"))
            eng.dispose()
            _pg_ok = True
        except Exception:  # noqa: BLE001 - any failure means "skip the PostgreSQL runs"
            _pg_ok = False
    return _pg_ok


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL on a fresh, private PostgreSQL schema (dropped afterwards)."""
    if not postgres_available():
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated-on-connect database URL: SQLite file, then PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'figwatch.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a fresh, fully migrated database (each backend in turn)."""
    eng = connect(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROME_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (skips when either is missing)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def news_site() -> Iterator[LocalSite]:
    """The fictional news site of tests/support/sites.py, served on 127.0.0.1 for one test."""
    site = build_news_site()
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture
def bad_server() -> Iterator[BadServer]:
    """A server that misbehaves on request (tests/support/badserver.py), on 127.0.0.1."""
    with BadServer() as srv:
        yield srv


@pytest.fixture
def webhook_receiver() -> Iterator[Receiver]:
    """A local webhook endpoint that keeps every POST (``.posts``) and answers 200."""
    with Receiver() as rx:
        yield rx


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A local SMTP server (aiosmtpd, no TLS, no auth) on ``mailbox.port``; ``.messages`` holds
    what it accepted."""
    from aiosmtpd.controller import Controller

    box = Mailbox()
    box.port = free_port()
    ctl = Controller(box, hostname="127.0.0.1", port=box.port)
    ctl.start()
    try:
        yield box
    finally:
        ctl.stop()
