"""Storage faults: a locked or unwritable database never half-writes an article or loses an
alert; a brief outage is waited out, a permanent one is reported in one line."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

import storage.db
from monitor.article import Article
from monitor.ingest import ingest
from storage.db import DatabaseError, connect, make_engine
from storage.models import ArticleRow, ArticleVersionRow, FigureRow, OutboxRow

TOLL = Article(
    url="https://harbour.example/flood-toll",
    title="Flood toll rises",
    text="Nineteen people have been killed in the floods in Marrow county, the county fire "
    "service said on Wednesday, up from 12 on Tuesday.",
)


def _hold_write_lock(path: Path, seconds: float, ready: threading.Event) -> None:
    conn = sqlite3.connect(path, timeout=1)
    conn.execute("BEGIN IMMEDIATE")  # another writer holds the database
    ready.set()
    time.sleep(seconds)
    conn.rollback()
    conn.close()


def _counts(engine) -> tuple[int, int, int]:
    with Session(engine) as s:
        return tuple(  # type: ignore[return-value]
            s.exec(select(func.count()).select_from(t)).one()
            for t in (ArticleRow, ArticleVersionRow, FigureRow)
        )


def test_a_lock_held_past_the_busy_timeout_is_retried(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "fw.db"
    connect(f"sqlite:///{path}").dispose()
    monkeypatch.setattr(storage.db, "BUSY_TIMEOUT_MS", 100)  # give up on the lock quickly
    engine = make_engine(f"sqlite:///{path}")
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 1.2, ready))
    holder.start()
    ready.wait(5)
    started = time.monotonic()
    result = ingest(TOLL, engine, backoff=0.3)  # fails while locked, then succeeds
    holder.join()
    assert result.status == "new"
    assert time.monotonic() - started >= 1.0, "it had to wait for the lock"
    assert _counts(engine) == (1, 1, result.figures) and result.figures >= 1
    engine.dispose()


def test_a_lock_that_never_goes_is_reported_and_nothing_is_half_written(
    tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "fw.db"
    connect(f"sqlite:///{path}").dispose()
    monkeypatch.setattr(storage.db, "BUSY_TIMEOUT_MS", 50)
    engine = make_engine(f"sqlite:///{path}")
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 3.0, ready))
    holder.start()
    ready.wait(5)
    with pytest.raises(DatabaseError, match="database is locked") as exc:
        ingest(TOLL, engine, retries=2, backoff=0.1)
    holder.join()
    assert "\n" not in str(exc.value)
    assert _counts(engine) == (0, 0, 0)
    assert ingest(TOLL, engine).status == "new"  # once the lock is gone the next round stores it
    engine.dispose()


def test_a_read_only_database_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "fw.db"
    connect(f"sqlite:///{path}").dispose()
    engine = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    started = time.monotonic()
    with pytest.raises(DatabaseError, match="readonly") as exc:
        ingest(TOLL, engine)
    assert time.monotonic() - started < 2, "a permanent error is not retried"
    assert "\n" not in str(exc.value)
    engine.dispose()
    writable = make_engine(f"sqlite:///{path}")
    with Session(writable) as s:  # nothing half-written, no alert without its cause
        assert s.exec(select(func.count()).select_from(OutboxRow)).one() == 0
    assert _counts(writable) == (0, 0, 0)
    writable.dispose()


def test_cli_reports_an_unwritable_database_in_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from figwatch.cli import app

    path = tmp_path / "fw.db"
    connect(f"sqlite:///{path}").dispose()
    page = tmp_path / "toll.txt"
    page.write_text(TOLL.title + "\n\n" + TOLL.text, encoding="utf-8")
    res = CliRunner().invoke(
        app, ["--db", f"sqlite:///file:{path}?mode=ro&uri=true", "ingest", str(page)]
    )
    assert res.exit_code != 0
    assert isinstance(res.exception, DatabaseError) and "readonly" in str(res.exception)


@pytest.mark.postgres
def test_postgres_dropping_the_connection_mid_ingest_is_retried(pg_url: str) -> None:
    """The server ends the ingest's own connection in the middle of its transaction (what a
    restart does to every open connection): the transaction is lost whole, then retried."""
    from sqlalchemy import create_engine, event, text

    engine = connect(pg_url)
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    killed: list[int] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _terminate_once(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if not killed and statement.lstrip().upper().startswith("INSERT INTO ARTICLE_VERSION"):
            pid = conn.exec_driver_sql("select pg_backend_pid()").scalar()
            killed.append(pid)
            with admin.connect() as other:
                other.execute(text("select pg_terminate_backend(:pid)"), {"pid": pid})

    result = ingest(TOLL, engine, backoff=0.2)
    assert killed, "the connection was terminated during the ingest"
    assert result.status == "new"
    assert _counts(engine) == (1, 1, result.figures)
    engine.dispose()
    admin.dispose()
