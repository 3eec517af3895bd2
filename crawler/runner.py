"""Run crawls: in this process (``run_crawl``, once per process) or in a child process.

Twisted's reactor cannot be restarted, so anything that crawls repeatedly uses ``run_child``, the
one launcher of ``python -m crawler`` (the CLI and the worker through ``crawl_in_subprocess``,
the daemon directly). The database URL reaches the child in ``$FIGWATCH_DATABASE_URL``, never on
its command line, where any local user could read a password in ``ps``.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.logs import quiet_libraries
from crawler.recorder import CrawlSummary
from monitor.config import (
    DEFAULT_STOP_GRACE,
    PROGRESS_ENV,
    Config,
    env_crawl_command,
    env_crawl_log_level,
)
from storage.db import DATABASE_URL_ENV
from storage.timeutil import utcnow

REPO_ROOT = Path(__file__).resolve().parent.parent
#: replaces ``python -m crawler`` (a shell-style command line); tests use it to inject faults
__all__ = [
    "CrawlOutcome",
    "CrawlSummary",
    "crawl_command",
    "crawl_in_subprocess",
    "kill_children",
    "run_child",
    "run_crawl",
    "spider_for",
]

_children: set[subprocess.Popen[bytes]] = set()
_children_lock = threading.Lock()


def spider_for(kind: str) -> type:
    """The spider class for a source kind."""
    from crawler.spiders.feed import FeedSpider
    from crawler.spiders.pages import PagesSpider
    from crawler.spiders.sitemap import SitemapSpider

    return {"feed": FeedSpider, "sitemap": SitemapSpider, "pages": PagesSpider}[kind]


def run_crawl(
    config: Config, source_names: list[str] | None, database_url: str | None
) -> list[CrawlSummary]:
    """Crawl the named sources (default: every enabled one) concurrently; blocks until done.

    Uses Scrapy's CrawlerProcess, so it can run only once per process.
    """
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    sources = (
        [config.source(n) for n in source_names]
        if source_names
        else [s for s in config.sources if s.enabled]
    )
    if not sources:
        return []
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    # figwatch's own runs log warnings only; FIGWATCH_CRAWL_LOG_LEVEL=INFO shows Scrapy's chatter
    settings.set("LOG_LEVEL", env_crawl_log_level(), "cmdline")
    process = CrawlerProcess(settings)
    crawlers = []
    for src in sources:
        crawler = process.create_crawler(spider_for(src.kind))
        crawlers.append((src, crawler))
        process.crawl(crawler, source=src.name, config=config, db=database_url)
    # each crawl() re-installs Scrapy's root log handler, so filter it after the last one
    quiet_libraries(show=settings.get("LOG_LEVEL") == "DEBUG")
    process.start()
    out: list[CrawlSummary] = []
    for src, crawler in crawlers:
        spider = crawler.spider
        recorder = getattr(spider, "recorder", None)
        if recorder is None:
            out.append(CrawlSummary(src.name, src.kind, status="failed", detail="did not start"))
        else:
            out.append(recorder.summary)
    return out


def _mark_abandoned(
    database_url: str | None, source: str, since: datetime, detail: str
) -> int | None:
    """Mark the still-running crawl_run row a killed child left behind; return its id."""
    from sqlmodel import col, select

    from storage.db import connect, session_scope
    from storage.models import CrawlRunRow

    try:
        engine = connect(database_url)
    except Exception:  # noqa: BLE001 - best effort; the summary still says "timeout"
        return None
    try:
        with session_scope(engine) as session:
            rows = session.exec(
                select(CrawlRunRow).where(
                    CrawlRunRow.source == source,
                    CrawlRunRow.status == "running",
                    col(CrawlRunRow.started) >= since,
                )
            ).all()
            for row in rows:
                row.status, row.finished, row.detail = "timeout", utcnow(), detail
                session.add(row)
            return rows[-1].id if rows else None
    finally:
        engine.dispose()


def _check_health(config_path: str | Path | None, database_url: str | None, source: str) -> None:
    """After a crawl the child could not close itself (a timeout): the "source broken" check."""
    from monitor.alerts.source_health import check_source_in
    from monitor.config import load_config
    from storage.db import connect

    try:
        config = load_config(config_path)
        engine = connect(config.database_url(database_url))
    except Exception:  # noqa: BLE001 - best effort; the next finished crawl checks again
        return
    try:
        src = config.source(source)
        url = config.resolve_url(src.urls[0]) if src.urls else None
        check_source_in(engine, source, config.alerts, url=url)
    except Exception:  # noqa: BLE001
        logging.getLogger(__name__).debug("health check after timeout failed", exc_info=True)
    finally:
        engine.dispose()


@dataclass(slots=True)
class CrawlOutcome:
    """What one crawl child did: exit code, the JSON summary it printed, the error if any."""

    source: str
    ok: bool
    returncode: int | None
    seconds: float
    summary: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    stopped: bool = False
    timed_out: bool = False
    run_id: int | None = None
    log_tail: str | None = None  # the child's last line on stderr

    def as_summary(self) -> CrawlSummary:
        """The child's ``CrawlSummary``, or one with status ``failed`` / ``timeout``."""
        if self.timed_out:
            return CrawlSummary(
                self.source, run_id=self.run_id, status="timeout", detail=self.error
            )
        if self.summary:
            return CrawlSummary.from_dict(self.summary)
        detail = self.log_tail or self.error or ""
        return CrawlSummary(self.source, status="failed", detail=detail[:500])


def crawl_command(config_path: str | Path | None, source_name: str) -> list[str]:
    """The child's argv; it never holds the database URL (that goes in the environment)."""
    base = env_crawl_command()
    argv = shlex.split(base) if base else [sys.executable, "-m", "crawler"]
    argv += ["--source", source_name]
    if config_path:
        argv += ["--config", str(config_path)]
    return argv


def child_env(database_url: str | None, progress_every: float | None = None) -> dict[str, str]:
    """This process's environment, plus the repository on ``PYTHONPATH``, the database URL and
    (when wanted) how often the child prints progress lines."""
    env = dict(os.environ)
    env.pop(PROGRESS_ENV, None)
    if progress_every:
        env[PROGRESS_ENV] = f"{progress_every:g}"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    if database_url:
        env[DATABASE_URL_ENV] = database_url
    return env


def _last_json_line(text: str) -> dict[str, Any]:
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(data, dict) and "progress" not in data:
                return data
    return {}


class _ProgressReader:
    """Reads the child's ``{"progress": …}`` lines from its stdout file as they are written
    (``os.pread``, which leaves the file offset the child writes at alone)."""

    def __init__(self, fd: int, callback: Callable[[dict[str, Any]], None]) -> None:
        self.fd, self.callback, self.pos, self.partial = fd, callback, 0, b""

    def poll(self) -> None:
        chunk = os.pread(self.fd, 1 << 16, self.pos)
        if not chunk:
            return
        self.pos += len(chunk)
        *lines, self.partial = (self.partial + chunk).split(b"\n")
        for raw in lines:
            if not raw.startswith(b'{"progress"'):
                continue
            try:
                data = json.loads(raw)["progress"]
            except (ValueError, KeyError, TypeError):
                continue
            try:
                self.callback(data)
            except Exception:  # noqa: BLE001 - a display problem must not stop the crawl
                logging.getLogger(__name__).debug("progress callback failed", exc_info=True)


def run_child(
    config_path: str | Path | None,
    source_name: str,
    database_url: str | None,
    timeout: float | None,
    *,
    stop: threading.Event | None = None,
    grace: float = DEFAULT_STOP_GRACE,
    echo_stderr: bool = False,
    progress: Callable[[dict[str, Any]], None] | None = None,
    progress_every: float = 1.0,
) -> CrawlOutcome:
    """Crawl one source in a child ``python -m crawler``; a failure is an outcome, not a raise.

    On ``timeout`` the child gets SIGTERM, then SIGKILL, and its ``crawl_run`` row is closed as
    ``timeout``. When ``stop`` is set the child gets SIGTERM (it stops between articles) and
    SIGKILL after ``grace`` seconds. ``echo_stderr`` copies the child's log to our stderr.
    ``progress`` gets the child's counters (``source``, ``done``, ``total``, ``new``,
    ``changed``, ``errors``) about every ``progress_every`` seconds while it crawls.
    """
    argv = crawl_command(config_path, source_name)
    spawned, started = utcnow(), time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(
                argv,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                env=child_env(database_url, progress_every if progress else None),
                start_new_session=True,
            )
        except OSError as exc:
            return CrawlOutcome(source_name, False, None, 0.0, error=f"cannot start crawl: {exc}")
        with _children_lock:
            _children.add(proc)
        reader = _ProgressReader(out.fileno(), progress) if progress else None
        try:
            stopped, timed_out, error = _watch_child(proc, started, timeout, stop, grace, reader)
        finally:
            with _children_lock:
                _children.discard(proc)
        out.seek(0)
        summary = _last_json_line(out.read().decode("utf-8", "replace"))
        err.seek(0)
        log_text = err.read().decode("utf-8", "replace")
    if echo_stderr and log_text:
        sys.stderr.write(log_text)
    code = proc.returncode
    run_id = None
    if timed_out:
        run_id = _mark_abandoned(database_url, source_name, spawned, error or "timeout")
        _check_health(config_path, database_url, source_name)
    elif code != 0 and not stopped and error is None:
        error = f"crawl exited with code {code}"
    ok = error is None and (code == 0 or stopped)
    lines = log_text.strip().splitlines()
    return CrawlOutcome(
        source_name,
        ok,
        code,
        time.monotonic() - started,
        summary,
        error,
        stopped,
        timed_out,
        run_id,
        lines[-1][:500] if lines else None,
    )


def _watch_child(
    proc: subprocess.Popen[bytes],
    started: float,
    timeout: float | None,
    stop: threading.Event | None,
    grace: float,
    reader: _ProgressReader | None,
) -> tuple[bool, bool, str | None]:
    """Wait for the crawl child, passing on its progress, stopping it when ``stop`` is set and
    ending it on ``timeout``: (stopped, timed out, error)."""
    stopped = timed_out = False
    error: str | None = None
    stop_deadline = 0.0
    while proc.poll() is None:
        if reader is not None:
            reader.poll()
        if stop is not None and stop.is_set() and not stopped:
            stopped = True
            proc.send_signal(signal.SIGTERM)
            stop_deadline = time.monotonic() + grace
        if stopped and time.monotonic() > stop_deadline:
            proc.kill()
            error = "crawl did not stop within the grace period; killed"
        elif timeout is not None and time.monotonic() - started > timeout:
            proc.terminate()
            try:
                proc.wait(min(grace, 10))
            except subprocess.TimeoutExpired:
                proc.kill()
            timed_out, error = True, f"crawl timed out after {timeout:g}s"
            break
        time.sleep(0.05)
    proc.wait()
    return stopped, timed_out, error


def crawl_in_subprocess(
    config_path: str | Path | None,
    source_name: str,
    database_url: str | None,
    timeout: float | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> CrawlSummary:
    """``run_child`` as a ``CrawlSummary`` (failures and timeouts are summaries, never raised)."""
    return run_child(
        config_path, source_name, database_url, timeout, progress=progress
    ).as_summary()


def kill_children() -> int:
    """SIGKILL every running crawl child (the daemon's second stop signal). Returns how many."""
    with _children_lock:
        procs = list(_children)
    for proc in procs:
        with contextlib.suppress(OSError):
            proc.kill()
    return len(procs)
