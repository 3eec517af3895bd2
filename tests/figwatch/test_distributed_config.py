"""[distributed] config, Celery settings, enqueueing, and the one-line errors of `figwatch worker`."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from figwatch.distributed import CRAWL_TASK, celery_settings, enqueue_crawl, make_app
from monitor.config import parse_config
from monitor.errors import ConfigError


def test_defaults_and_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIGWATCH_BROKER_URL", raising=False)
    dist = parse_config({}).distributed
    assert not dist.enabled and dist.effective_broker_url == "redis://127.0.0.1:6379/0"
    monkeypatch.setenv("FIGWATCH_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
    assert dist.effective_broker_url.startswith("amqp://")
    with pytest.raises(ConfigError, match="visibility_timeout must exceed crawl_timeout"):
        parse_config({"distributed": {"crawl_timeout": 600, "visibility_timeout": 300}})
    with pytest.raises(ConfigError, match="broker URL"):
        parse_config({"distributed": {"broker_url": "http://x"}})
    with pytest.raises(ConfigError, match="distributed.bogus"):
        parse_config({"distributed": {"bogus": 1}})


def test_celery_settings_make_lost_work_come_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIGWATCH_BROKER_URL", raising=False)
    cfg = parse_config(
        {"distributed": {"queue": "q1", "visibility_timeout": 5000, "redis_key_prefix": "p:"}}
    )
    s = celery_settings(cfg.distributed)
    assert s["task_acks_late"] and s["task_reject_on_worker_lost"]
    assert s["worker_prefetch_multiplier"] == 1 and s["task_default_queue"] == "q1"
    opts = s["broker_transport_options"]
    assert opts["visibility_timeout"] == 5000 and opts["global_keyprefix"] == "p:"  # type: ignore[index]
    app = make_app(cfg)
    assert CRAWL_TASK in app.tasks and app.tasks[CRAWL_TASK].acks_late


def _redis_or_skip():  # type: ignore[no-untyped-def]
    import redis

    client = redis.Redis("127.0.0.1", 6379, db=13, socket_timeout=3)
    try:
        client.ping()
    except Exception:  # noqa: BLE001 - no Redis: skip
        pytest.skip("Redis on 127.0.0.1:6379 is not reachable")
    return client


def test_enqueue_keeps_passwords_off_the_wire(monkeypatch: pytest.MonkeyPatch) -> None:
    client = _redis_or_skip()
    monkeypatch.delenv("FIGWATCH_BROKER_URL", raising=False)
    prefix, queue = f"fwtest-{uuid.uuid4().hex[:8]}:", f"q.{uuid.uuid4().hex[:8]}"
    cfg = parse_config(
        {
            "distributed": {
                "broker_url": "redis://127.0.0.1:6379/13",
                "queue": queue,
                "redis_key_prefix": prefix,
            }
        }
    )
    app = make_app(cfg)
    try:
        enqueue_crawl(app, "/etc/f.toml", "wire", "postgresql+psycopg://u:secret@h/db")
        enqueue_crawl(app, "/etc/f.toml", "feed", "postgresql+psycopg://u@h/db", expires=60)
        raw = client.lrange(prefix + queue, 0, -1)
        assert len(raw) == 2 and all(b"secret" not in m for m in raw)

        bodies = [json.loads(base64.b64decode(json.loads(m)["body"])) for m in raw]
        args = sorted(b[0] for b in bodies)
        assert args == [
            ["/etc/f.toml", "feed", "postgresql+psycopg://u@h/db"],
            ["/etc/f.toml", "wire", None],
        ]
    finally:
        for key in client.scan_iter(match=prefix + "*"):
            client.delete(key)


def test_worker_with_unreachable_broker_is_one_line(tmp_path: Path) -> None:
    from figwatch.cli import app
    from monitor.errors import UserError

    cfg = tmp_path / "f.toml"
    cfg.write_text('[distributed]\nbroker_url = "redis://127.0.0.1:9/0"\n', encoding="utf-8")
    result = CliRunner().invoke(
        app, ["--config", str(cfg), "--db", f"sqlite:///{tmp_path / 'f.db'}", "worker"]
    )
    assert isinstance(result.exception, UserError)
    assert "cannot reach the broker redis://127.0.0.1:9/0" in str(result.exception)


def test_one_crawl_of_a_source_at_a_time(db_url: str, tmp_path: Path) -> None:
    """A crawl task finding the source's crawl lock held (a slow run elsewhere) skips."""
    from figwatch.distributed.tasks import crawl_source
    from storage.db import connect
    from storage.leader import election_for

    connect(db_url).dispose()
    cfg = tmp_path / "f.toml"
    cfg.write_text(
        '[[source]]\nname = "wire"\nkind = "pages"\nurls = ["http://127.0.0.1:9/x"]\n'
        "allow_private = true\n",
        encoding="utf-8",
    )
    running = election_for(db_url, "figwatch-crawl:wire")
    assert running.try_acquire()
    try:
        out = crawl_source(None, str(cfg), "wire", db_url)
        assert out["skipped"] == "already running" and out["crawl"] is None
    finally:
        running.release()
    out = crawl_source(None, str(cfg), "wire", db_url)
    assert out["crawl"]["source"] == "wire" and "skipped" not in out


def test_the_unused_httpcache_dir_still_loads_and_warns(tmp_path, caplog):
    """An older config that sets ``[crawl] httpcache_dir`` loads; the value does nothing, and
    the user is told so."""
    import logging

    from monitor.config import load_config

    cfg = tmp_path / "figwatch.toml"
    cfg.write_text('[crawl]\nhttpcache_dir = ".cache"\n')
    with caplog.at_level(logging.WARNING):
        load_config(cfg)
    assert "httpcache_dir is ignored" in caplog.text
