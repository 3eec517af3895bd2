"""Leader election: one holder at a time, takeover when the holder's session or process dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from figwatch.daemon import Daemon, Runtime
from figwatch.daemon.scheduler import wait_for
from monitor.config import parse_config
from storage.db import connect
from storage.leader import (
    AlwaysLeader,
    FileLeader,
    PostgresLeader,
    current_leader,
    election_for,
)

REPO = Path(__file__).resolve().parents[2]
HOLD = """
import sys, time
from storage.leader import election_for
e = election_for(sys.argv[1], sys.argv[2])
assert e.try_acquire()
print("leader", flush=True)
time.sleep(120)
"""


def _holder(url: str, name: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, url, name],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "leader"
    return proc


def test_election_suits_the_database(tmp_path: Path) -> None:
    assert isinstance(election_for(f"sqlite:///{tmp_path / 'f.db'}"), FileLeader)
    assert isinstance(election_for("sqlite://"), AlwaysLeader)
    assert isinstance(election_for("postgresql+psycopg://u@h/db"), PostgresLeader)


@pytest.mark.postgres
def test_postgres_one_leader_and_takeover(pg_url: str) -> None:
    name = f"test-{os.getpid()}-{time.monotonic_ns()}"
    a, b = PostgresLeader(pg_url, name), PostgresLeader(pg_url, name)
    other = PostgresLeader(pg_url, name + "-other")
    engine = connect(pg_url)
    try:
        assert a.try_acquire() and a.check()
        assert not b.try_acquire() and not b.check()
        assert other.try_acquire()  # another election name is independent
        assert (current_leader(engine, name) or "").startswith(name)
        a.release()
        assert b.try_acquire()
        # the leader's session is killed (server restart, network cut): it notices and steps down
        admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name LIKE :n"
                ),
                {"n": f"{name} %"},
            )
        admin.dispose()
        assert not b.check()
        assert a.try_acquire()  # the lock went with the session
    finally:
        for e in (a, b, other):
            e.release()
        engine.dispose()


@pytest.mark.postgres
def test_postgres_leader_process_killed_releases_the_lock(pg_url: str) -> None:
    name = f"test-kill-{os.getpid()}-{time.monotonic_ns()}"
    proc = _holder(pg_url, name)
    standby = PostgresLeader(pg_url, name)
    try:
        assert not standby.try_acquire()
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        t0 = time.monotonic()
        assert wait_for(standby.try_acquire, 10, poll=0.2)
        assert time.monotonic() - t0 < 5
    finally:
        proc.kill()
        standby.release()


def test_file_leader_is_exclusive_and_released_on_death(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"
    a, b = election_for(url), election_for(url)
    assert a.try_acquire() and not b.try_acquire()
    a.release()
    assert b.try_acquire()
    b.release()
    proc = _holder(url, "figwatch-scheduler")
    try:
        assert not a.try_acquire()
        proc.kill()
        proc.wait(10)
        assert a.try_acquire()
    finally:
        proc.kill()
        a.release()


def test_daemon_stands_by_until_the_leader_goes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"
    engine = connect(url)
    cfg = parse_config({"alerts": {"every": "1h"}})
    daemons = [
        Daemon(Runtime(cfg, engine, url, tmp_path / "f.toml", standby_retry=0.1, leader_check=0.2))
        for _ in range(2)
    ]
    threads = [threading.Thread(target=d.run_forever, kwargs={"poll": 0.05}) for d in daemons]
    try:
        threads[0].start()
        assert wait_for(daemons[0].leading.is_set, 10)
        threads[1].start()
        time.sleep(0.5)
        assert not daemons[1].leading.is_set()  # standby
        assert daemons[0].scheduler is not None and daemons[1].scheduler is None
        daemons[0].rt.stop.set()
        threads[0].join(10)
        assert wait_for(daemons[1].leading.is_set, 10)  # takes over
        assert daemons[1].scheduler.get_job("outbox") is not None  # type: ignore[union-attr]
    finally:
        for d in daemons:
            d.rt.stop.set()
        for t in threads:
            t.join(10)
        engine.dispose()


@pytest.mark.postgres
def test_status_names_the_leader(pg_url: str) -> None:
    from sqlmodel import Session

    from figwatch.daemon import status_section

    engine = connect(pg_url)
    leader = election_for(pg_url)
    try:
        with Session(engine) as s:
            assert status_section(s)["leader"] is None
        assert leader.try_acquire()
        with Session(engine) as s:
            assert status_section(s)["leader"].startswith("figwatch-scheduler ")
    finally:
        leader.release()
        engine.dispose()
