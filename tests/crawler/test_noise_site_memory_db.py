"""DbSiteMemory on SQLite and on the real PostgreSQL server (skipped when absent)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel, create_engine, select

from crawler.noise.site_memory import DbSiteMemory
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


def test_learned_boilerplate_does_not_make_an_unchanged_page_look_changed() -> None:
    """Site memory may clean a page's text further, but its identity hash stays the same."""
    from crawler.extract import extract_html
    from crawler.noise.memory import InMemorySiteMemory

    promo = "The Harbour Gazette is owned by Lowmarsh Media Group of Saltby"
    body = (
        "<p>The ferry operator said 212 sailings were cancelled during the three-day storm, "
        "leaving islanders without fresh supplies.</p><p>Repairs to the pier at Lowmarsh will "
        "take until spring, the harbour master told reporters on Friday.</p>"
    )
    memory = InMemorySiteMemory(min_articles=3)
    page = f"<html><body><article>{body}<p>{promo}</p></article></body></html>"
    url = "https://harbourgazette.example/news/ferries"
    before = extract_html(page, url=url, site_memory=memory, learn=False)
    for i in range(3):  # the promo line recurs on three other pages of the site
        other = page.replace(
            body,
            f"<p>Story {i} about the council budget and {i + 20} new bus "
            "shelters agreed on Tuesday by councillors.</p>",
        )
        extract_html(other, url=f"https://harbourgazette.example/news/{i}", site_memory=memory)
    after = extract_html(page, url=url, site_memory=memory, learn=False)
    assert before is not None and after is not None
    assert promo in before.text and promo not in after.text
    assert before.content_hash == after.content_hash


def test_db_site_memory_batched_counts_are_added_on_flush() -> None:
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine, tables=[BoilerplateLine.__table__])
    with Session(engine) as session:
        DbSiteMemory(session).seen("courier.example", ["aa"])  # one count already stored
        session.commit()
    with Session(engine) as session:
        memory = DbSiteMemory(session, min_articles=3, flush_every=2)
        memory.seen("courier.example", ["aa", "bb"])
        memory.flush_if_due()  # one article: not due yet, nothing written
        assert session.exec(select(BoilerplateLine)).all()[0].count == 1
        memory.seen("courier.example", ["aa", "cc"])  # its extraction fails afterwards:
        memory.forget_last()  # its counts are taken back
        assert not memory.is_boilerplate("courier.example", "aa")
        memory.seen("courier.example", ["aa"])
        assert memory.is_boilerplate("courier.example", "aa")  # 1 stored + 2 in memory
        memory.flush_if_due()  # two articles: written as count = count + n
        session.commit()
    with Session(engine) as session:
        counts = {r.line_hash: r.count for r in session.exec(select(BoilerplateLine))}
        assert counts == {"aa": 3, "bb": 1}
