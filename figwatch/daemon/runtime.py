"""The daemon's runtime: config, database and stop flag shared by the scheduled jobs.

Jobs persist in the database as textual references (``figwatch.daemon.jobs:crawl``) with plain
string arguments, so they survive restarts; the live objects they need are found here.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from crawler.progress import ProgressLog
from crawler.runner import CrawlOutcome, run_child
from monitor.alerts import DeliveryStats, deliver_due
from monitor.alerts.outbox import new_owner
from monitor.config import (
    DEFAULT_CONFIG,
    DEFAULT_CRAWL_TIMEOUT,
    DEFAULT_STOP_GRACE,
    Config,
    explicit_config,
    parse_interval,
)
from monitor.errors import ConfigError

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything a job needs, plus the stop flags set by the signal handlers."""

    config: Config
    engine: Engine
    database_url: str
    config_path: Path | None = None
    crawl_timeout: float = DEFAULT_CRAWL_TIMEOUT
    stop_grace: float = DEFAULT_STOP_GRACE
    stop: threading.Event = field(default_factory=threading.Event)
    owner: str = field(default_factory=new_owner)
    #: enqueue crawls for ``figwatch worker``s (Celery) instead of crawling here
    distributed: bool = False
    #: leader election (default: chosen from the database URL by ``election_for``)
    election: Any = None
    standby_retry: float = 1.0
    #: seconds between heartbeats in ``daemon_heartbeat`` (``figwatch status``)
    heartbeat_every: float = 10.0
    #: seconds between a long crawl's progress lines (the daemon's log; ``run --once``: stderr)
    progress_every: float = 30.0
    #: ``run --once`` on a terminal sets a progress display here (``crawler.progress``)
    progress: Any = None
    leader_check: float = 2.0
    _celery: Any = field(default=None, repr=False)

    @property
    def child_config_path(self) -> Path:
        """The config file handed to crawl children."""
        if self.config_path is not None:
            return self.config_path
        return Path(explicit_config() or DEFAULT_CONFIG).resolve()

    def crawl(self, source: str) -> CrawlOutcome:
        """Crawl one source in a child process, then deliver what it queued."""
        update, done = (None, lambda: None)
        if self.progress is not None:
            update, done = self.progress.source(source, 1, 1)
        else:
            update = ProgressLog(self.progress_every)
        outcome = run_child(
            self.child_config_path,
            source,
            self.database_url,
            self.crawl_timeout,
            stop=self.stop,
            grace=self.stop_grace,
            echo_stderr=True,
            progress=update,
        )
        done()
        status = outcome.summary.get("status") if outcome.summary else None
        if outcome.ok and status == "ok":
            log.info("crawl %s: %s in %.1fs", source, outcome.summary, outcome.seconds)
        elif status in {"partial", "failed"}:
            log.warning("crawl %s %s: %s", source, status, outcome.summary.get("detail"))
        else:
            log.warning("crawl %s failed: %s", source, outcome.error or status)
        return outcome

    def enqueue_crawl(self, source: str) -> str | None:
        """Send "crawl ``source``" to the workers; the task id, or None if the broker failed."""
        from figwatch.distributed import enqueue_crawl, make_app

        if self._celery is None:
            self._celery = make_app(self.config)
        expires = None
        with contextlib.suppress(ConfigError):
            src = self.config.source(source)
            if src.every and not src.cron:
                expires = float(parse_interval(src.every))
        try:
            task_id = enqueue_crawl(
                self._celery, self.child_config_path, source, self.database_url, expires=expires
            )
        except Exception as exc:  # noqa: BLE001 - broker down: the next interval tries again
            log.warning("enqueue crawl %s failed: %s", source, str(exc).splitlines()[0][:200])
            return None
        log.info("enqueued crawl %s (task %s)", source, task_id)
        return task_id

    def deliver(self) -> DeliveryStats:
        """Drain every due outbox row (batch by batch) unless a stop is requested."""
        total = DeliveryStats()
        while not self.stop.is_set():
            stats = deliver_due(
                self.engine,
                self.config,
                owner=self.owner,
                stop=self.stop,
                database_url=self.database_url,
            )
            for name in ("claimed", "delivered", "retried", "dead", "released", "messages"):
                setattr(total, name, getattr(total, name) + getattr(stats, name))
            total.errors += stats.errors
            total.alert_ids |= stats.alert_ids
            if stats.claimed < self.config.alerts.batch or stats.delivered == 0:
                break
        if total.claimed:
            self.write_feed()
        return total

    def write_feed(self) -> None:
        """Rewrite the alert feed (``[reports] alerts_feed``) after alerts went out."""
        from monitor.alerts.feed import write_feed

        try:
            write_feed(self.engine, self.config)
        except OSError as exc:  # a full or read-only disk must not stop delivery
            log.warning("alert feed not written: %s", exc)

    def reports(self) -> Any:
        """Write the scheduled reports (``[reports]`` in the config)."""
        from monitor.report import write_reports

        return write_reports(self.engine, self.config)


def reports_every(config: Config) -> str | None:
    """The reports interval: ``[reports] every`` (default one day)."""
    return config.reports.every


_current: Runtime | None = None


def set_current(runtime: Runtime | None) -> None:
    """Install the runtime the scheduled jobs use."""
    global _current
    _current = runtime


def current() -> Runtime:
    """The installed runtime (a job fired without one is a programming error)."""
    if _current is None:
        raise RuntimeError("figwatch daemon runtime is not set")
    return _current
