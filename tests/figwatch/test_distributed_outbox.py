"""Outbox delivery with several deliverers: SKIP LOCKED claims, every alert exactly once."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from monitor.alerts import deliver_due, enqueue
from monitor.alerts.outbox import claim
from monitor.config import parse_config
from storage.db import connect, session_scope
from storage.models import OutboxRow
from storage.timeutil import utcnow
from tests.support.alerts import SECRET, Receiver, event


def _config(url: str, batch: int = 3):  # type: ignore[no-untyped-def]
    return parse_config(
        {
            "alerts": {
                "batch": batch,
                "backoff": 0.05,
                "channel": [{"name": "hook", "type": "webhook", "url": url, "timeout": 10}],
            }
        }
    )


@pytest.mark.postgres
def test_postgres_claim_skips_rows_locked_by_another_deliverer(pg_url: str) -> None:
    engine = connect(pg_url)
    try:
        cfg = _config("http://127.0.0.1:9/hook")
        with session_scope(engine) as s:
            enqueue(s, [event(i) for i in range(1, 9)], cfg.alerts)
        with Session(engine) as other:
            ids = sorted(other.exec(select(OutboxRow.id)).all())
            locked = ids[:3]
            other.execute(
                text("SELECT id FROM outbox WHERE id = ANY(:ids) FOR UPDATE"), {"ids": locked}
            )
            t0 = time.monotonic()
            got = claim(engine, cfg.alerts, "b", utcnow(), 5)
            assert time.monotonic() - t0 < 2  # did not wait for the other transaction
            assert got == ids[3:8]
            other.rollback()
        assert claim(engine, cfg.alerts, "c", utcnow(), 10) == locked
        assert claim(engine, cfg.alerts, "d", utcnow(), 10) == []
    finally:
        engine.dispose()


def test_concurrent_deliverers_send_each_alert_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", SECRET)
    n_alerts, n_deliverers = 24, 4
    with Receiver(delay=0.02) as rx:
        cfg = _config(rx.url)
        with session_scope(engine) as s:
            enqueue(s, [event(i) for i in range(1, n_alerts + 1)], cfg.alerts)
        barrier = threading.Barrier(n_deliverers)
        errors: list[str] = []

        def deliverer(name: str) -> None:
            barrier.wait()
            for _ in range(50):
                stats = deliver_due(engine, cfg, owner=name)
                errors.extend(stats.errors)
                if stats.claimed == 0:
                    return

        threads = [threading.Thread(target=deliverer, args=(f"d{i}",)) for i in range(n_deliverers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        bodies = rx.verified()
    assert errors == []
    delivered = sorted(a["verdict_id"] for b in bodies for a in b["alerts"])
    assert delivered == list(range(1, n_alerts + 1))  # each exactly once
    with Session(engine) as s:
        rows = s.exec(select(OutboxRow)).all()
    assert [r.state for r in rows] == ["delivered"] * n_alerts
    assert all(r.attempts == 1 for r in rows)
