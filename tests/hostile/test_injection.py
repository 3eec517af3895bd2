"""Injection: scraped strings stay data in SQL, JSON, mail headers and terminal output."""

from __future__ import annotations

import json
from email import message_from_string
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlmodel import Session, select
from typer.testing import CliRunner

from monitor.alerts.render import one_line  # what build_message runs on every header
from monitor.article import Article
from monitor.ingest import ingest
from storage.models import ArticleRow, ArticleVersionRow
from tests.hostile.payloads import (
    ALL,
    HEADER_PAYLOADS,
    SQL_PAYLOADS,
    TERMINAL_PAYLOADS,
    assert_header_safe,
    assert_json_roundtrip,
)


def test_sql_payloads_are_stored_verbatim(engine) -> None:
    tables_before = set(inspect(engine).get_table_names())
    for i, payload in enumerate(SQL_PAYLOADS):
        ingest(
            Article(
                url=f"https://lorn-gazette.test/a/{i}?q={payload}",
                title=payload,
                text=f"Body {i}: {payload}",
                author=payload,
            ),
            engine,
        )
    with Session(engine) as session:
        rows = session.exec(select(ArticleRow).order_by(ArticleRow.id)).all()
        assert [r.title for r in rows] == SQL_PAYLOADS
        assert [r.url.split("?q=", 1)[1] for r in rows] == SQL_PAYLOADS
        # a payload used as a lookup value matches exactly one row, never all of them
        hit = session.exec(select(ArticleRow).where(ArticleRow.title == "' OR '1'='1")).all()
        assert len(hit) == 1
    assert set(inspect(engine).get_table_names()) == tables_before
    with engine.connect() as conn:
        assert conn.execute(
            text(f"select count(*) from {ArticleVersionRow.__tablename__}")
        ).scalar_one() == len(SQL_PAYLOADS)


def test_mail_headers_from_scraped_text(tmp_path: Path) -> None:
    for payload in HEADER_PAYLOADS:
        msg = EmailMessage()
        # the stdlib refuses raw CR/LF (a crash, not a delivery); one_line makes it safe
        with pytest.raises(ValueError):
            msg["Subject"] = payload.replace("\u2028", "\n")
        msg = EmailMessage()
        msg["Subject"] = one_line(f"figwatch: {payload}")
        msg.set_content("body")
        assert_header_safe(msg["Subject"])
        parsed = message_from_string(msg.as_string())
        assert sorted(parsed.keys()) == sorted(
            ["Subject", "Content-Type", "Content-Transfer-Encoding", "MIME-Version"]
        )
        assert parsed["Bcc"] is None and parsed.get_content_type() == "text/plain"
        assert parsed.get_payload().strip() == "body"


def test_webhook_body_is_json_encoded() -> None:
    body = json.dumps({"title": ALL, "verdict": "updates"}, ensure_ascii=False).encode()
    for payload in ALL:
        assert_json_roundtrip(body, payload)


def _cli(db_url: str, *args: str):
    import figwatch.cli  # noqa: F401  (registers commands)
    from figwatch.cli.app import app

    return CliRunner().invoke(app, ["--db", db_url, *args])


def _seed_terminal_payloads(db_url: str) -> None:
    from storage.db import connect

    eng = connect(db_url)
    try:
        for i, payload in enumerate(TERMINAL_PAYLOADS):
            ingest(Article(url=f"https://osk-today.test/t/{i}", title=payload, text=f"t{i}"), eng)
    finally:
        eng.dispose()


def test_cli_json_output_keeps_payloads_intact(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fw.db'}"
    _seed_terminal_payloads(url)
    result = _cli(url, "articles", "--json")
    assert result.exit_code == 0, result.output
    titles = {row["title"] for row in json.loads(result.output)}
    assert titles == set(TERMINAL_PAYLOADS)


def test_cli_table_prints_scraped_titles_literally(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fw.db'}"
    _seed_terminal_payloads(url)
    result = _cli(url, "articles")
    assert result.exit_code == 0, repr(result.exception)
    assert "[bold red]FAKE ALERT[/]" in result.output
    assert "unbalanced [/] close" in result.output
    assert "\x1b[2J" not in result.output
