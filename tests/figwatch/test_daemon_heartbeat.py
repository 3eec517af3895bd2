"""Is the daemon running? The real ``figwatch run`` (subprocesses) against SQLite and PostgreSQL:
running with its leader, a standby beside it, stopped since a clean stop, stale after SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session

from figwatch.daemon.heartbeat import daemon_state
from storage.db import connect
from storage.models import DaemonHeartbeatRow
from storage.timeutil import utcnow
from tests.support.sites import REPO

FIGWATCH = str(Path(sys.executable).with_name("figwatch"))


def _env(db_url: str, config: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "FIGWATCH_DATABASE_URL": db_url}
    env["FIGWATCH_CONFIG"] = str(config)
    return env


def _status(env: dict[str, str]) -> dict:
    out = subprocess.run(
        [FIGWATCH, "status", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    ).stdout
    return json.loads(out)["daemon"]


def _daemon(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [FIGWATCH, "run", "--heartbeat", "0.5"],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env=env,
    )


def _until(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def _state(engine) -> dict:  # type: ignore[no-untyped-def]
    """The daemon state as ``figwatch status`` computes it, read in this process: the waits poll
    this, and each state is then checked through the real command once."""
    with Session(engine) as s:
        return daemon_state(s)


def test_status_running_stopped_stale(db_url: str, tmp_path: Path) -> None:
    config = tmp_path / "figwatch.toml"
    config.write_text('[reports]\ndir = "reports"\n', encoding="utf-8")
    engine = connect(db_url)  # migrate once, before two daemons race to
    env = _env(db_url, config)
    host = socket.gethostname()
    assert _status(env)["state"] == "never started"

    first = _daemon(env, tmp_path / "first.log")
    second = killed = None
    try:
        _until(lambda: _state(engine)["state"] == "running")
        second = _daemon(env, tmp_path / "second.log")
        _until(lambda: len(_state(engine)["daemons"]) == 2)
        st = _status(env)
        assert st["state"] == "running" and len(st["daemons"]) == 2
        assert st["daemon"].startswith(f"running: {host}:{first.pid} (leader), heartbeat ")
        assert "1 other daemon(s) running" in st["daemon"]
        assert f"{host}:{first.pid}" in st["leader"]  # lock file (SQLite) or pg_locks
        roles = {d["id"]: d["role"] for d in st["daemons"]}
        assert roles == {f"{host}:{first.pid}": "leader", f"{host}:{second.pid}": "standby"}

        second.send_signal(signal.SIGTERM)
        assert second.wait(30) == 0
        first.send_signal(signal.SIGTERM)
        assert first.wait(30) == 0
        st = _status(env)
        assert st["state"] == "stopped" and st["daemon"].startswith("stopped since ")
        assert st["leader"] is None and st["jobs"][0]["note"] == "not running"

        killed = _daemon(env, tmp_path / "killed.log")
        _until(lambda: _state(engine)["summary"].startswith(f"running: {host}:{killed.pid}"))
        assert _status(env)["daemon"].startswith(f"running: {host}:{killed.pid}")
        killed.kill()
        killed.wait(10)
        _until(lambda: _state(engine)["state"] == "stale", timeout=10)
        st = _status(env)
        assert st["state"] == "stale"
        assert st["daemon"].startswith(f"stale: last heartbeat from {host}:{killed.pid} ")
        assert "killed or is hung" in st["daemon"] and st["leader"] is None
    finally:
        for proc in (first, second, killed):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait(10)
        engine.dispose()


def test_state_from_rows(engine) -> None:
    now = utcnow()
    with Session(engine) as s:
        assert daemon_state(s, now)["state"] == "never started"
        s.add(
            DaemonHeartbeatRow(
                id="a:1", host="a", pid=1, role="leader", beat_at=now - timedelta(seconds=25)
            )
        )
        s.commit()
        assert daemon_state(s, now)["state"] == "running"  # 25 s < 3 beats of 10 s
        assert daemon_state(s, now + timedelta(seconds=10))["state"] == "stale"
