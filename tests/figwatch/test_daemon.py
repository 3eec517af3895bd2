"""The daemon with the real crawler: rounds against a local news site, persisted jobs, signals,
and SIGKILL in the middle of a crawl and of a delivery. Faulty children (exit 3, a hang) are
injected with an inline ``python -c`` command."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from crawler.runner import crawl_command, run_child
from figwatch.daemon import Daemon, Runtime, status_section
from figwatch.daemon.scheduler import wait_for
from monitor.alerts import enqueue
from monitor.article import Article
from monitor.config import load_config
from monitor.ingest import ingest_in
from storage.db import session_scope
from storage.models import (
    ArticleRow,
    ArticleVersionRow,
    CrawlRunRow,
    FigureRow,
    OutboxRow,
    VerdictRow,
)
from tests.support.alerts import (
    PLACES,
    SECRET,
    Receiver,
    Site,
    event,
    write_config,
)

REPO = Path(__file__).resolve().parents[2]
SLOW = "concurrency = 1\ndownload_delay = 0.2"  # one request handed to Scrapy at a time


@pytest.fixture(autouse=True)
def _real_crawler(monkeypatch: pytest.MonkeyPatch) -> None:
    """Crawls run the real ``python -m crawler`` (Scrapy, extraction, figures, verdicts)."""
    monkeypatch.delenv("FIGWATCH_CRAWL_COMMAND", raising=False)
    monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", SECRET)
    monkeypatch.delenv("FIGWATCH_DATABASE_URL", raising=False)


def hook_alerts(url: str, **extra: str) -> str:
    lines = [f"{k} = {v}" for k, v in extra.items()]
    return (
        "[alerts]\nbackoff = 0.05\nbackoff_max = 0.2\n" + "\n".join(lines) + "\n"
        f'[[alerts.channel]]\nname = "hook"\ntype = "webhook"\nurl = "{url}"\ntimeout = 10\n'
    )


def test_crawl_command_matches_the_crawler_contract() -> None:
    argv = crawl_command("/x/figwatch.toml", "wire")
    assert argv == [
        sys.executable, "-m", "crawler", "--source", "wire", "--config", "/x/figwatch.toml",
    ]  # fmt: skip


def test_failed_or_hung_child_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIGWATCH_CRAWL_COMMAND", f"{sys.executable} -c 'import sys; sys.exit(3)'")
    out = run_child("c.toml", "s", None, timeout=10)
    assert not out.ok and out.error == "crawl exited with code 3"
    monkeypatch.setenv(
        "FIGWATCH_CRAWL_COMMAND", f"{sys.executable} -c 'import time; time.sleep(30)'"
    )
    t0 = time.monotonic()
    out = run_child("c.toml", "s", None, timeout=0.5, grace=1)
    assert not out.ok and "timed out" in (out.error or "") and time.monotonic() - t0 < 5


def test_rounds_against_a_changing_site(tmp_path: Path) -> None:
    """Real crawler child, real figure grammar and verdicts: only the rise in the toll alerts.

    SQLite only, to keep the file fast; the power-cut test below runs rounds on both backends."""
    db_url, engine = _sqlite(tmp_path)
    with Site() as site, Receiver() as rx:
        urls = [site.page("a", 12, "Marrow"), site.page("b", 40, "Tessel")]
        cfg_path = write_config(tmp_path / "figwatch.toml", db_url, urls, hook_alerts(rx.url))
        daemon = Daemon(Runtime(load_config(cfg_path), engine, db_url, cfg_path))
        first = daemon.run_once()
        assert first.crawls[0].ok, first.crawls[0].error
        assert first.crawls[0].summary["stored_new"] == 2
        assert first.delivery.delivered == 0  # new figures do not alert by default
        assert _verdict_kinds(engine) == ["new", "new"]
        site.page("a", 19, "Marrow")  # "12 people had been killed" → "19 people ..."
        second = daemon.run_once()
        assert second.crawls[0].summary["stored_changed"] == 1
        assert second.delivery.delivered == 1
        assert _verdict_kinds(engine) == ["new", "new", "updates"]
        third = daemon.run_once()  # nothing changed: 304s, no verdict, nothing sent again
        assert (
            third.crawls[0].summary["stored_changed"] == third.crawls[0].summary["stored_new"] == 0
        )
        assert third.delivery.claimed == 0
        (got,) = rx.verified()
        assert (
            got["subject"] == "Death toll revised by the outlet: 12 → 19, Marrow"
        )  # edit in place
        (alert,) = got["alerts"]
        assert "19 people had been killed" in alert["new"]["sentence"]
        assert "12 people had been killed" in alert["old"]["sentence"]
    assert _count(engine, ArticleRow) == 2
    _assert_complete(engine, alerting={"updates"}, channels=1)
    engine.dispose()


def _verdict_kinds(engine: Engine) -> list[str]:
    with Session(engine) as s:
        return [v.kind for v in s.exec(select(VerdictRow).order_by(VerdictRow.id)).all()]


def _assert_complete(engine: Engine, alerting: set[str], channels: int) -> None:
    """No half-stored article: each has its versions, each version its figure and verdict, each
    alerting verdict its outbox rows (one per channel), and no outbox row lacks a verdict."""
    with Session(engine) as s:
        articles = s.exec(select(ArticleRow)).all()
        versions = s.exec(select(ArticleVersionRow)).all()
        figures = s.exec(select(FigureRow)).all()
        verdicts = s.exec(select(VerdictRow)).all()
        outbox = s.exec(select(OutboxRow)).all()
    by_article: dict[int, list[ArticleVersionRow]] = {}
    for v in versions:
        by_article.setdefault(v.article_id, []).append(v)
    for a in articles:
        mine = by_article.get(a.id or 0, [])
        assert a.current_version_id in {v.id for v in mine} and len(mine) == a.version_count
    for v in versions:  # each page holds exactly one figure the grammar reads
        assert [f.version_id for f in figures].count(v.id) == 1, v.id
        assert [d.version_id for d in verdicts].count(v.id) == 1, v.id
    # an edit in place alerts "revised" (verdict_id = -figure id) instead of its verdict
    revised = {-r.verdict_id for r in outbox if r.verdict_id < 0}
    assert revised <= {f.id for f in figures}
    per_verdict: dict[int, int] = {}
    for row in outbox:
        key = row.verdict_id
        key = next((d.id for d in verdicts if d.figure_id == -key), key) if key < 0 else key
        per_verdict[key] = per_verdict.get(key, 0) + 1
    assert per_verdict == {d.id: channels for d in verdicts if d.kind in alerting}


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

    assert sync(cfg_path) == {"crawl:local": "added", "outbox": "added", "reports": "added"}
    daemon = Daemon(Runtime(load_config(cfg_path), engine, db_url, cfg_path))
    sched = daemon.build_scheduler()
    sched.start(paused=True)
    job = sched.get_job("crawl:local")
    assert job.coalesce and job.max_instances == 1 and job.misfire_grace_time is None
    sched.shutdown(wait=False)
    with Session(engine) as s:
        before = status_section(s)
    assert {j["id"] for j in before["jobs"]} == {"crawl:local", "outbox", "reports"}
    assert sync(cfg_path) == {"crawl:local": "kept", "outbox": "kept", "reports": "kept"}
    with Session(engine) as s:
        assert status_section(s)["jobs"] == before["jobs"]  # next runs survive the restart
    with session_scope(engine) as session:  # a crawl cut short (killed: still "running") ...
        session.add(CrawlRunRow(source="local", status="running"))
    assert sync(cfg_path)["crawl:local"] == "resumed"  # ... runs again at once on restart
    with session_scope(engine) as session:
        session.add(CrawlRunRow(source="local", status="ok"))
    assert sync(cfg_path)["crawl:local"] == "kept"
    cfg_path.write_text(cfg_path.read_text().replace('every = "30m"', 'cron = "*/5 * * * *"'))
    assert sync(cfg_path)["crawl:local"] == "updated"
    cfg_path.write_text(cfg_path.read_text().replace('name = "local"', 'name = "other"'))
    assert sync(cfg_path) == {
        "crawl:local": "removed",
        "crawl:other": "added",
        "outbox": "kept",
        "reports": "kept",
    }


def _daemon(cfg: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "figwatch", "--config", str(cfg), "run", *args],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return len(s.exec(select(model)).all())


def _descendants(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (crawl children run in their own session)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] not in "ZX":
            parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        kids = [p for p, pp in parents.items() if pp in frontier]
        found += kids
        frontier = kids
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in "ZX"


def _power_cut(proc: subprocess.Popen[str]) -> str:
    """SIGKILL the daemon and its crawl child at once, as a power cut or an OOM kill of the
    service's control group would."""
    victims = [proc.pid, *_descendants(proc.pid)]
    for pid in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=10)
    assert wait_for(lambda: not any(_alive(p) for p in victims), 10)
    return err


def _sqlite(tmp_path: Path) -> tuple[str, Engine]:
    from storage.db import connect

    db_url = f"sqlite:///{tmp_path / 'f.db'}"
    return db_url, connect(db_url)


def test_sigterm_stops_between_articles(tmp_path: Path) -> None:
    db_url, engine = _sqlite(tmp_path)
    with Site(delay=0.4) as site:  # a slow site, crawled one page at a time
        urls = [site.page(f"p{i}", 100 + i, PLACES[i]) for i in range(8)]
        cfg = write_config(tmp_path / "f.toml", db_url, urls, "", crawl=SLOW)
        proc = _daemon(cfg)
        try:
            assert wait_for(lambda: _count(engine, ArticleVersionRow) >= 1, 40)
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=30)
        finally:
            proc.kill()
    assert proc.returncode == 0, err
    assert "figwatch daemon stopped" in out
    stored = _count(engine, ArticleRow)
    assert 1 <= stored < 8  # stopped between articles, not after the whole crawl
    _assert_complete(engine, alerting=set(), channels=0)  # every stored article is whole
    with Session(engine) as s:  # the child itself was stopped by the signal, and said so
        assert [r.status for r in s.exec(select(CrawlRunRow)).all()] == ["shutdown"]
    engine.dispose()


@pytest.mark.parametrize("workers", ["0", "1"])
def test_sigterm_drops_the_articles_waiting_for_the_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    """Scrapy's graceful stop waits for every fetched page's item: the articles queued behind
    the writer when the stop comes are dropped, not stored (they are fetched again next round).
    The test holds SQLite's write lock so that pages pile up behind the writer, then stops."""
    monkeypatch.setenv("FIGWATCH_ANALYSIS_WORKERS", workers)
    db_url, engine = _sqlite(tmp_path)
    with Site(delay=0.2) as site:
        urls = [site.page(f"p{i}", 100 + i, PLACES[i % len(PLACES)]) for i in range(40)]
        cfg = write_config(tmp_path / "f.toml", db_url, urls, "")
        proc = _daemon(cfg)
        lock = sqlite3.connect(tmp_path / "f.db", timeout=0, isolation_level=None)
        try:
            assert wait_for(lambda: _count(engine, ArticleVersionRow) >= 1, 40)
            assert wait_for(lambda: _begin_immediate(lock), 10, poll=0.0005)  # writer waits
            before = lock.execute("SELECT COUNT(*) FROM article").fetchone()[0]
            queued = wait_for(lambda: site.arrived >= before + 6, 20)  # fetched, waiting
            assert queued, (before, site.arrived)
            proc.send_signal(signal.SIGTERM)
            time.sleep(1.0)  # the child has been told to stop before the writer goes on
            lock.execute("ROLLBACK")
            out, err = proc.communicate(timeout=30)
        finally:
            lock.close()
            proc.kill()
    assert proc.returncode == 0, err
    stored = _count(engine, ArticleRow)
    assert before <= stored <= before + 1, (before, stored, site.arrived)  # the one begun
    assert site.arrived >= stored + 5
    _assert_complete(engine, alerting=set(), channels=0)
    with Session(engine) as s:
        (run,) = s.exec(select(CrawlRunRow)).all()
    assert run.status == "shutdown" and run.skipped.get("stopped", 0) >= 4, run.skipped
    engine.dispose()


def _begin_immediate(conn: sqlite3.Connection) -> bool:
    """Take SQLite's write lock between two of the writer's transactions (SQLite's own busy
    handler sleeps in steps, and a busy writer takes the lock again first)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return False
    return True


def test_second_signal_stops_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The crawl child is killed, and its analysis worker ends with it (no orphan)."""
    monkeypatch.setenv("FIGWATCH_ANALYSIS_WORKERS", "1")
    db_url, engine = _sqlite(tmp_path)
    with Site(delay=60) as site:  # the crawl child hangs in its first download
        cfg = write_config(tmp_path / "f.toml", db_url, [site.page("a", 1)], "")
        proc = _daemon(cfg)
        try:
            assert wait_for(lambda: site.arrived >= 1, 40)
            children = _descendants(proc.pid)
            assert children  # the crawl child is running
            proc.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            proc.send_signal(signal.SIGTERM)
            t0 = time.monotonic()
            proc.communicate(timeout=10)
            elapsed = time.monotonic() - t0
        finally:
            proc.kill()
            engine.dispose()
    assert proc.returncode == 130 and elapsed < 5
    assert wait_for(lambda: not any(_alive(p) for p in children), 5)  # no orphaned crawl


def test_a_rolled_back_ingest_leaves_no_article_row(engine: Engine) -> None:
    """What a crawl child killed inside an ingest leaves behind: nothing of that article (on
    SQLite the ingest's first lock opens the transaction before its SAVEPOINT)."""
    text = "The fire service said 12 people had been killed in the floods in Marrow county."
    with Session(engine) as session:
        ingest_in(session, Article(url="http://news.test/a", text=text, title="Floods"))
        session.rollback()  # the transaction never commits (the process died)
    assert _count(engine, ArticleRow) == 0


def test_sigkill_mid_crawl_and_mid_delivery_loses_nothing(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    """Kill the daemon (and its crawl child) in the middle of a crawl, then in the middle of a
    webhook delivery; after a restart every alert has arrived once, counted by delivery id."""
    every = ["new", "updates", "contradicts", "corrects"]  # every verdict alerts
    with Site(delay=0.4) as site, Receiver(delay=1.0) as rx:
        urls = [site.page(f"p{i}", 10 + i, PLACES[i]) for i in range(6)]
        # every verdict of every crawl alerts, the first crawl's too
        alerts = hook_alerts(
            rx.url, lease="2", every='"1s"', kinds=json.dumps(every), quiet_first_crawl="false"
        )
        cfg = write_config(tmp_path / "f.toml", db_url, urls, alerts, crawl=SLOW)
        # 1. power cut while the crawl child is between (or inside) articles
        proc = _daemon(cfg)
        try:
            assert wait_for(lambda: _count(engine, ArticleVersionRow) >= 2, 40)
            _power_cut(proc)
        finally:
            proc.kill()
        assert 2 <= _count(engine, ArticleRow) < 6
        _assert_complete(engine, alerting=set(every), channels=1)
        # 2. restart; power cut while a webhook post is in flight (sent, not yet answered)
        site.delay = 0
        proc = _daemon(cfg)
        try:
            in_flight = wait_for(
                lambda: _count(engine, ArticleRow) == 6 and len(rx.posts) > len(rx.accepted_at),
                60,
            )
            state = (_count(engine, ArticleRow), len(rx.posts), len(rx.accepted_at))
            err = _power_cut(proc)
            assert in_flight, (state, err[-3000:])
        finally:
            proc.kill()
        with Session(engine) as s:
            states = [r.state for r in s.exec(select(OutboxRow)).all()]
        # the cut interrupted delivery; the interrupted row is "sending" (lease not yet run out)
        # or already back to "pending" for a retry, both of which the next round picks up
        assert states.count("delivered") < 6 and set(states) <= {"delivered", "sending", "pending"}
        _assert_complete(engine, alerting=set(every), channels=1)
        # 3. one round once the killed deliverer's lease has run out: the rest goes out
        rx.delay = 0
        time.sleep(2.2)
        again = _daemon(cfg, "--once", "--json")
        out, err = again.communicate(timeout=60)
        assert again.returncode == 0, err
        (crawl,) = json.loads(out)["crawls"]
        assert crawl["summary"]["stored_new"] == crawl["summary"]["stored_changed"] == 0
    with Session(engine) as s:
        assert [r.state for r in s.exec(select(OutboxRow)).all()] == ["delivered"] * 6
    _assert_complete(engine, alerting=set(every), channels=1)
    assert _verdict_kinds(engine) == ["new"] * 6
    got = rx.verified()
    by_delivery: dict[str, set[int]] = {}
    for body in got:
        ids = {a["verdict_id"] for a in body["alerts"]}
        by_delivery.setdefault(body["delivery_id"], set()).update(ids)
    # every alert arrived; receivers dedupe on X-Figwatch-Delivery, which is stable per alert
    assert len(by_delivery) == 6
    with Session(engine) as s:
        verdict_ids = sorted(v.id for v in s.exec(select(VerdictRow)).all())
    assert sorted(v for ids in by_delivery.values() for v in ids) == verdict_ids
    assert len(got) <= 6 + 2  # at most the deliveries cut short are repeated


def test_alerts_cli(engine: Engine, db_url: str) -> None:
    from figwatch.cli import app
    from monitor.errors import UserError

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
