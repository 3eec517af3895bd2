"""The same crawl work over RabbitMQ: `figwatch run --once --distributed` + one `figwatch worker`."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlmodel import Session, select

from figwatch.daemon.scheduler import wait_for
from storage.db import connect
from storage.models import ArticleRow
from tests.figwatch.test_distributed import PLACES, Proc
from tests.support.sites import LocalSite, Page, article_html

AMQP = "amqp://guest:guest@127.0.0.1:5672//"
pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _rabbit_or_skip() -> None:
    try:
        socket.create_connection(("127.0.0.1", 5672), timeout=2).close()
    except OSError:
        pytest.skip("RabbitMQ on 127.0.0.1:5672 is not reachable")


def test_rabbitmq_broker_carries_crawls(pg_url: str, tmp_path: Path) -> None:
    _rabbit_or_skip()
    queue = f"figwatch.test.{uuid.uuid4().hex[:10]}"
    site = LocalSite().start()
    paths = [f"/news/{p.lower()}.html" for p in PLACES[:3]]
    for i, (path, place) in enumerate(zip(paths, PLACES, strict=False)):
        site.pages[path] = Page(
            article_html(
                f"Floods in {place}",
                [f"Floods in {place} have killed {200 + i} people, the relief office said."] * 1
                + ["Volunteers ferried neighbours across the square in boats as water rose."],
            ).encode()
        )
    urls = ", ".join(f'"{site.base}{p}"' for p in paths)
    cfg = tmp_path / "f.toml"
    cfg.write_text(
        f'[storage]\ndatabase_url = "{pg_url}"\n\n'
        "[crawl]\nautothrottle = false\nobey_robots = false\n\n"
        f'[distributed]\nbroker_url = "{AMQP}"\nqueue = "{queue}"\n'
        "crawl_timeout = 60\nvisibility_timeout = 120\n\n"
        f'[[source]]\nname = "r"\nkind = "pages"\nurls = [{urls}]\nallow_private = true\n',
        encoding="utf-8",
    )
    engine = connect(pg_url)
    worker = Proc(tmp_path / "w.log", "--config", str(cfg), "worker", "--pool", "solo")
    try:
        once = subprocess.run(
            [sys.executable, "-m", "figwatch", "--config", str(cfg), "run", "--once",
             "--distributed", "--json", "--source", "r"],
            capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[2],
        )  # fmt: skip
        assert once.returncode == 0, once.stderr
        assert '"r": "' in once.stdout  # a task id

        def stored() -> int:
            with Session(engine) as s:
                return len(s.exec(select(ArticleRow)).all())

        t0 = time.monotonic()
        assert wait_for(lambda: stored() == 3, 60), worker.text()[-2000:]
        assert "amqp://guest:**@127.0.0.1:5672//" in worker.text()
        assert time.monotonic() - t0 < 60
    finally:
        worker.stop()
        site.stop()
        engine.dispose()
        from kombu import Connection

        with Connection(AMQP, connect_timeout=5) as conn:
            channel = conn.channel()
            channel.queue_delete(queue)
            channel.exchange_delete(queue)
