"""The daemon: rounds against a local site, persisted jobs, signals, and SIGKILL mid-delivery."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from monitor.alerts import enqueue
from monitor.config import load_config
from monitor.daemon import Daemon, Runtime, crawl_command, run_source, status_section
from monitor.daemon.scheduler import wait_for
from storage.db import session_scope
from storage.models import ArticleRow, OutboxRow
from tests.test_alerts_support import MINICRAWLER, SECRET, Receiver, Site, event, write_config

REPO = Path(__file__).resolve().parent.parent
CRAWL = f"{sys.executable} {MINICRAWLER}"


@pytest.fixture(autouse=True)
def _crawl_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIGWATCH_CRAWL_COMMAND", CRAWL)
    monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", SECRET)
    monkeypatch.delenv("FIGWATCH_DATABASE_URL", raising=False)


def hook_alerts(url: str, **extra: str) -> str:
    lines = [f"{k} = {v}" for k, v in extra.items()]
    return (
        "[alerts]\nbackoff = 0.05\nbackoff_max = 0.2\n" + "\n".join(lines) + "\n"
        f'[[alerts.channel]]\nname = "hook"\ntype = "webhook"\nurl = "{url}"\ntimeout = 10\n'
    )


def test_crawl_command_matches_the_crawler_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIGWATCH_CRAWL_COMMAND")
    argv = crawl_command("/x/figwatch.toml", "wire", "sqlite:///f.db")
    assert argv == [
        sys.executable, "-m", "crawler.run", "--config", "/x/figwatch.toml",
        "--source", "wire", "--db", "sqlite:///f.db",
    ]  # fmt: skip
    # a password never goes on the command line (it is passed through the environment)
    assert "--db" not in crawl_command("c", "s", "postgresql+psycopg://u:pw@h/db")


def test_failed_or_hung_child_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIGWATCH_CRAWL_COMMAND", f"{sys.executable} -c 'import sys; sys.exit(3)'")
    out = run_source("c.toml", "s", None, timeout=10)
    assert not out.ok and out.error == "crawl exited with code 3"
    monkeypatch.setenv(
        "FIGWATCH_CRAWL_COMMAND", f"{sys.executable} -c 'import time; time.sleep(30)'"
    )
    t0 = time.monotonic()
    out = run_source("c.toml", "s", None, timeout=0.5, grace=1)
    assert not out.ok and "timed out" in (out.error or "") and time.monotonic() - t0 < 5


def test_rounds_against_a_changing_site(engine: Engine, db_url: str, tmp_path: Path) -> None:
    with Site(tmp_path) as site, Receiver() as rx:
        urls = [site.page("a", 327), site.page("b", 40)]
        cfg_path = write_config(tmp_path / "figwatch.toml", db_url, urls, hook_alerts(rx.url))
        rt = Runtime(load_config(cfg_path), engine, db_url, cfg_path)
        daemon = Daemon(rt)
        first = daemon.run_once()
        assert first.crawls[0].ok and first.crawls[0].summary["new"] == 2
        assert first.delivery.delivered == 0  # new figures do not alert by default
        site.page("a", 330)
        second = daemon.run_once()
        assert second.crawls[0].summary["changed"] == 1 and second.delivery.delivered == 1
        third = daemon.run_once()
        assert third.crawls[0].summary["unchanged"] == 2 and third.delivery.claimed == 0
        (got,) = rx.verified()
        assert got["subject"] == "Death toll update: 327 → 330, Norvale floods (a)"
        with Session(engine) as s:
            assert len(s.exec(select(ArticleRow)).all()) == 2


def test_jobs_persist_and_follow_the_config(engine: Engine, db_url: str, tmp_path: Path) -> None:
    cfg_path = write_config(tmp_path / "f.toml", db_url, ["http://127.0.0.1:9/x"], "", "30m")

    def sync(path: Path) -> dict[str, str]:
        daemon = Daemon(Runtime(load_config(path), engine, db_url, path))
        sched = daemon.build_scheduler()
        sched.start(paused=True)
        try:
            return daemon.sync_jobs(sched)
        finally:
            sched.shutdown(wait=False)

    assert sync(cfg_path) == {"crawl:local": "added", "outbox": "added"}
    daemon = Daemon(Runtime(load_config(cfg_path), engine, db_url, cfg_path))
    sched = daemon.build_scheduler()
    sched.start(paused=True)
    job = sched.get_job("crawl:local")
    assert job.coalesce and job.max_instances == 1 and job.misfire_grace_time is None
    sched.shutdown(wait=False)
    with Session(engine) as s:
        before = status_section(s)
    assert {j["id"] for j in before["jobs"]} == {"crawl:local", "outbox"}
    assert sync(cfg_path) == {"crawl:local": "kept", "outbox": "kept"}
    with Session(engine) as s:
        assert status_section(s)["jobs"] == before["jobs"]  # next runs survive the restart
    cfg_path.write_text(cfg_path.read_text().replace('every = "30m"', 'cron = "*/5 * * * *"'))
    assert sync(cfg_path)["crawl:local"] == "updated"
    cfg_path.write_text(cfg_path.read_text().replace('name = "local"', 'name = "other"'))
    assert sync(cfg_path) == {"crawl:local": "removed", "crawl:other": "added", "outbox": "kept"}


def _daemon(cfg: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "run", *args],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return len(s.exec(select(model)).all())


def test_sigterm_stops_between_articles(tmp_path: Path) -> None:
    from storage.db import connect

    db_url = f"sqlite:///{tmp_path / 'f.db'}"
    engine = connect(db_url)
    with Site(tmp_path) as site:
        urls = [site.page(f"p{i}", 100 + i) for i in range(8)]
        cfg = write_config(tmp_path / "f.toml", db_url, urls, "")
        proc = _daemon(cfg, MINICRAWL_SLEEP="0.4")
        try:
            assert wait_for(lambda: _count(engine, ArticleRow) >= 1, 30)
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=20)
        finally:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopped" in out
    stored = _count(engine, ArticleRow)
    assert 1 <= stored < 8  # stopped between articles, not after the whole crawl
    with Session(engine) as s:  # every stored article is complete (its version is there)
        assert all(a.current_version_id for a in s.exec(select(ArticleRow)).all())
    engine.dispose()


def test_second_signal_stops_at_once(tmp_path: Path) -> None:
    from storage.db import connect

    db_url = f"sqlite:///{tmp_path / 'f.db'}"
    engine = connect(db_url)
    with Site(tmp_path) as site:
        cfg = write_config(tmp_path / "f.toml", db_url, [site.page("a", 1)], "")
        proc = _daemon(cfg, MINICRAWL_SLEEP="60")
        try:
            # the crawl child has stored its article and now sleeps: the daemon is running
            assert wait_for(lambda: _count(engine, ArticleRow) >= 1, 30)
            proc.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            proc.send_signal(signal.SIGTERM)
            t0 = time.monotonic()
            proc.communicate(timeout=10)
        finally:
            proc.kill()
            engine.dispose()
    assert proc.returncode == 130 and time.monotonic() - t0 < 5


def test_sigkill_mid_delivery_loses_nothing(tmp_path: Path) -> None:
    from storage.db import connect

    db_url = f"sqlite:///{tmp_path / 'f.db'}"
    engine = connect(db_url)
    with Receiver(delay=1.0) as rx:
        cfg = write_config(
            tmp_path / "f.toml", db_url, ["http://127.0.0.1:9/unused"],
            hook_alerts(rx.url, lease="3", every='"1s"'),
        )  # fmt: skip
        cfg.write_text(cfg.read_text().replace("[[source]]", "[[source]]\nenabled = false", 1))
        with session_scope(engine) as session:
            enqueue(session, [event(i) for i in range(1, 6)], load_config(cfg).alerts)
        proc = _daemon(cfg)
        try:
            assert wait_for(lambda: len(rx.posts) >= 2, 30)
            proc.send_signal(signal.SIGKILL)  # in the middle of the second delivery
            proc.wait(10)
        finally:
            proc.kill()
        with Session(engine) as s:
            states = [r.state for r in s.exec(select(OutboxRow)).all()]
        assert "sending" in states and states.count("delivered") < 5
        rx.delay = 0
        time.sleep(3.2)  # the killed deliverer's lease runs out
        again = _daemon(cfg, "--once")
        out, err = again.communicate(timeout=60)
        assert again.returncode == 0, err
    with Session(engine) as s:
        assert [r.state for r in s.exec(select(OutboxRow)).all()] == ["delivered"] * 5
    got = rx.verified()
    by_id: dict[str, set[int]] = {}
    for body in got:
        by_id.setdefault(body["delivery_id"], set()).update(a["verdict_id"] for a in body["alerts"])
    # every alert arrived; receivers dedupe on X-Figwatch-Delivery, which is stable per alert
    assert sorted(v for ids in by_id.values() for v in ids) == [1, 2, 3, 4, 5]
    assert len(got) <= 6  # at most the one interrupted delivery is repeated
    engine.dispose()


def test_alerts_cli(engine: Engine, db_url: str) -> None:
    from monitor.cli import app
    from monitor.cli.app import UserError

    with session_scope(engine) as session:
        enqueue(session, [event(1)], load_config(None).alerts)
    runner = CliRunner()
    result = runner.invoke(app, ["--db", db_url, "alerts", "--json", "--state", "pending"])
    assert result.exit_code == 0, result.output
    assert {r["channel"] for r in json.loads(result.output)} == {"console", "jsonl"}
    result = runner.invoke(app, ["--db", db_url, "alerts", "retry", "999"])
    assert isinstance(result.exception, UserError)
    result = runner.invoke(app, ["--db", db_url, "alerts", "--state", "bogus"])
    assert isinstance(result.exception, UserError)
