"""One crawl as one child process: Scrapy's Twisted reactor cannot restart inside a process.

``run_source`` builds ``python -m crawler.run --config PATH --source NAME [--db URL]`` (the
crawler prints one JSON summary line on stdout), waits with a timeout, and on a stop request sends
the child SIGTERM (it stops between articles) then SIGKILL after a grace period. The command can be
replaced with ``FIGWATCH_CRAWL_COMMAND`` (a shell-style command line) for tests and benchmarks.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

CRAWL_COMMAND_ENV = "FIGWATCH_CRAWL_COMMAND"
_children: set[subprocess.Popen[bytes]] = set()
_children_lock = threading.Lock()


@dataclass(slots=True)
class CrawlOutcome:
    """What one crawl child did: its exit code and the JSON summary it printed."""

    source: str
    ok: bool
    returncode: int | None
    seconds: float
    summary: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    stopped: bool = False


def crawl_command(config_path: str | Path, source_name: str, database_url: str | None) -> list[str]:
    """The child's argv. A database URL holding a password goes by environment, not argv."""
    base = os.environ.get(CRAWL_COMMAND_ENV)
    argv = shlex.split(base) if base else [sys.executable, "-m", "crawler.run"]
    argv += ["--config", str(config_path), "--source", source_name]
    if database_url and not _has_password(database_url):
        argv += ["--db", database_url]
    return argv


def _has_password(url: str) -> bool:
    try:
        return make_url(url).password is not None
    except Exception:  # noqa: BLE001 - unparsable: keep it out of argv to be safe
        return True


def _last_json_line(text: str) -> dict[str, Any]:
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(data, dict):
                return data
    return {}


def run_source(
    config_path: str | Path,
    source_name: str,
    database_url: str | None,
    timeout: float,
    *,
    stop: threading.Event | None = None,
    grace: float = 30.0,
) -> CrawlOutcome:
    """Crawl one source in a child process and return its summary (never raises for the child)."""
    argv = crawl_command(config_path, source_name, database_url)
    env = dict(os.environ)
    if database_url:
        env["FIGWATCH_DATABASE_URL"] = database_url
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        try:
            proc = subprocess.Popen(
                argv, stdout=out, stdin=subprocess.DEVNULL, env=env, start_new_session=True
            )
        except OSError as exc:
            return CrawlOutcome(source_name, False, None, 0.0, error=f"cannot start crawl: {exc}")
        with _children_lock:
            _children.add(proc)
        stopped = False
        error: str | None = None
        try:
            while proc.poll() is None:
                if stop is not None and stop.is_set() and not stopped:
                    stopped = True
                    proc.send_signal(signal.SIGTERM)
                    stop_deadline = time.monotonic() + grace
                if stopped and time.monotonic() > stop_deadline:
                    proc.kill()
                    error = "crawl did not stop within the grace period; killed"
                elif time.monotonic() - started > timeout:
                    proc.terminate()
                    try:
                        proc.wait(min(grace, 10))
                    except subprocess.TimeoutExpired:
                        proc.kill()
                    error = f"crawl timed out after {timeout:.0f}s"
                    break
                time.sleep(0.05)
            proc.wait()
        finally:
            with _children_lock:
                _children.discard(proc)
        out.seek(0)
        summary = _last_json_line(out.read().decode("utf-8", "replace"))
    seconds = time.monotonic() - started
    code = proc.returncode
    if error is None and code != 0 and not stopped:
        error = f"crawl exited with code {code}"
    ok = error is None and (code == 0 or stopped)
    return CrawlOutcome(source_name, ok, code, seconds, summary, error, stopped)


def kill_children() -> int:
    """SIGKILL every running crawl child (the second stop signal). Returns how many."""
    with _children_lock:
        procs = list(_children)
    for proc in procs:
        with contextlib.suppress(OSError):
            proc.kill()
    return len(procs)
