"""DbSiteMemory on SQLite and on the real PostgreSQL server (skipped when absent)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel, create_engine, select

from monitor.site_memory import DbSiteMemory
from storage.models.boilerplate import BoilerplateLine

PG_URL = os.environ.get("FIGWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _exercise(engine) -> None:  # noqa: ANN001
    SQLModel.metadata.create_all(engine, tables=[BoilerplateLine.__table__])
    with Session(engine) as session:
        memory = DbSiteMemory(session, min_articles=3)
        for _ in range(2):
            memory.seen("courier.example", ["aa", "bb", "aa"])  # duplicates count once
        assert not memory.is_boilerplate("courier.example", "aa")
        memory.seen("courier.example", ["aa"])
        assert memory.is_boilerplate("courier.example", "aa")
        assert not memory.is_boilerplate("courier.example", "bb")
        assert not memory.is_boilerplate("other.example", "aa")
        session.commit()
    with Session(engine) as session:  # counts survive the session, read back from the table
        fresh = DbSiteMemory(session)
        assert fresh.is_boilerplate("courier.example", "aa")
        row = session.exec(select(BoilerplateLine).where(BoilerplateLine.line_hash == "aa")).one()
        assert row.count == 3 and row.first_seen <= row.last_seen
        # nothing is written when the caller rolls back
        DbSiteMemory(session).seen("courier.example", ["cc"])
        session.rollback()
        assert not DbSiteMemory(session).is_boilerplate("courier.example", "cc")


def test_db_site_memory_sqlite() -> None:
    _exercise(create_engine("sqlite://"))


@pytest.mark.postgres
def test_db_site_memory_postgres() -> None:
    schema = f"noise_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, connect_args={"connect_timeout": 2})
    try:
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # no server, no database, no rights
        pytest.skip(f"PostgreSQL not available: {exc.__class__.__name__}")
    try:
        engine = create_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
        _exercise(engine)
        engine.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
