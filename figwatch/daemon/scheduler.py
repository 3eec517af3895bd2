"""``figwatch run``: APScheduler with jobs persisted in the figwatch database.

One job per enabled source (its interval or cron expression), one draining the outbox, one
writing reports. ``max_instances=1`` keeps a crawl from overlapping itself; ``coalesce`` folds
missed runs into one. SIGTERM/SIGINT stop cleanly (crawl children get SIGTERM and stop between
articles, delivery stops between messages); a second signal kills the children and exits at once.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor as _Pool
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from crawler.runner import CrawlOutcome, kill_children
from figwatch.daemon.heartbeat import Heartbeat
from figwatch.daemon.runtime import Runtime, reports_every, set_current
from monitor.alerts import DeliveryStats
from monitor.config import SourceConfig, env_round_parallel, parse_interval
from monitor.errors import ConfigError
from storage.leader import Leadership, election_for
from storage.timeutil import utcnow

log = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"
JOB_PREFIX = "crawl:"


def round_parallel(sources: int) -> int:
    """How many of a round's ``sources`` crawl at once: independent sources need not wait for
    one another (``$FIGWATCH_ROUND_PARALLEL``, read by ``monitor.config``; default the number of
    cores, at most 4)."""
    limit = env_round_parallel() or min(4, os.cpu_count() or 1)
    return max(1, min(sources, limit))


def source_trigger(src: SourceConfig, default_tz: str = "UTC") -> BaseTrigger:
    """The trigger for a source: its cron expression, read in the source's ``timezone`` (else
    ``default_tz``, the ``[crawl]`` one), or its interval."""
    if src.cron:
        try:
            return CronTrigger.from_crontab(src.cron, timezone=ZoneInfo(src.timezone or default_tz))
        except ValueError as exc:
            raise ConfigError(
                f"source {src.name!r}: bad cron expression {src.cron!r}: {exc}"
            ) from None
    return IntervalTrigger(seconds=parse_interval(src.every or "1h"), timezone=UTC)


@dataclass(slots=True)
class RoundStats:
    """One ``--once`` round."""

    crawls: list[CrawlOutcome] = field(default_factory=list)
    delivery: DeliveryStats = field(default_factory=DeliveryStats)
    reports: Any = None
    enqueued: dict[str, str | None] = field(default_factory=dict)


class Daemon:
    """The scheduler process around a ``Runtime``."""

    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.scheduler: BackgroundScheduler | None = None
        self.leading = threading.Event()
        self._signals = 0

    # --- one round -----------------------------------------------------------------------

    def run_once(self, sources: list[str] | None = None) -> RoundStats:
        """Crawl every enabled source (or those named), several at once, deliver, write reports.

        Distributed, each crawl is enqueued for the workers instead (not waited for).
        """
        set_current(self.rt)
        stats = RoundStats()
        names = [
            src.name
            for src in self.rt.config.sources
            if (src.name in sources if sources else src.enabled)
        ]
        if self.rt.distributed:
            for name in names:
                if self.rt.stop.is_set():
                    break
                stats.enqueued[name] = self.rt.enqueue_crawl(name)
        else:
            # independent sources crawl side by side (each in its own child process)
            def crawl(name: str) -> CrawlOutcome | None:
                return None if self.rt.stop.is_set() else self.rt.crawl(name)

            with _Pool(round_parallel(len(names)), thread_name_prefix="round") as pool:
                stats.crawls.extend(o for o in pool.map(crawl, names) if o is not None)
        if not self.rt.stop.is_set():
            stats.delivery = self.rt.deliver()
        if not self.rt.stop.is_set() and not sources:
            stats.reports = self.rt.reports()
        return stats

    # --- the scheduler -------------------------------------------------------------------

    def build_scheduler(self) -> BackgroundScheduler:
        """A scheduler on the figwatch database (jobs table ``apscheduler_jobs``)."""
        workers = max(2, min(8, len(self.rt.config.sources) + 2))
        return BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.rt.engine, tablename=JOBS_TABLE)},
            executors={"default": ThreadPoolExecutor(workers)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )

    def sync_jobs(self, scheduler: BackgroundScheduler) -> dict[str, str]:
        """Make the stored jobs match the config; unchanged jobs keep their persisted next run."""
        wanted: dict[str, tuple[str, tuple[Any, ...], BaseTrigger, bool]] = {}
        for src in self.rt.config.sources:
            if src.enabled:
                wanted[JOB_PREFIX + src.name] = (
                    "figwatch.daemon.jobs:crawl",
                    (src.name,),
                    source_trigger(src, self.rt.config.crawl.timezone),
                    True,
                )
        wanted["outbox"] = (
            "figwatch.daemon.jobs:deliver",
            (),
            IntervalTrigger(seconds=parse_interval(self.rt.config.alerts.every), timezone=UTC),
            True,
        )
        wanted["reports"] = (
            "figwatch.daemon.jobs:reports",
            (),
            IntervalTrigger(seconds=parse_interval(reports_every(self.rt.config)), timezone=UTC),
            False,
        )
        actions: dict[str, str] = {}
        for job in scheduler.get_jobs():
            if job.id not in wanted:
                job.remove()
                actions[job.id] = "removed"
        for job_id, (func, args, trigger, run_now) in wanted.items():
            existing = scheduler.get_job(job_id)
            if (
                existing is not None
                and str(existing.trigger) == str(trigger)
                and str(getattr(existing.trigger, "timezone", ""))
                == str(getattr(trigger, "timezone", ""))
                and tuple(existing.args) == args
                and existing.func_ref == func
            ):
                actions[job_id] = "kept"
                if job_id.startswith(JOB_PREFIX) and self._interrupted(job_id[len(JOB_PREFIX) :]):
                    existing.modify(next_run_time=utcnow())  # finish the cut-short crawl now
                    actions[job_id] = "resumed"
                continue
            scheduler.add_job(
                func,
                trigger=trigger,
                args=args,
                id=job_id,
                name=job_id,
                replace_existing=True,
                next_run_time=utcnow() if run_now else None,
            )
            actions[job_id] = "added" if existing is None else "updated"
        return actions

    def _interrupted(self, source: str) -> bool:
        """Did the source's last crawl end early (killed: still "running"; or stopped)?"""
        from sqlmodel import Session, col, select

        from storage.models import CrawlRunRow

        with Session(self.rt.engine) as session:
            last = session.exec(
                select(CrawlRunRow.status)
                .where(CrawlRunRow.source == source)
                .order_by(col(CrawlRunRow.id).desc())
                .limit(1)
            ).first()
        return last in {"running", "shutdown"}

    def _on_signal(self, signum: int, _frame: Any) -> None:
        self._signals += 1
        if self._signals == 1:
            log.warning("signal %s: stopping after the current article (again to stop now)", signum)
            self.rt.stop.set()
            return
        n = kill_children()
        log.warning("second signal: killed %d crawl(s), exiting now", n)
        os._exit(130)

    def install_signals(self) -> None:
        """SIGTERM/SIGINT: first one stops cleanly, second one at once."""
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

    def run_forever(self, *, poll: float = 0.5) -> None:
        """Stand by until elected leader, schedule while leading; stop cleanly on a signal.

        Only the daemon holding the leader lock (``storage.leader``) runs the scheduler;
        a leader that loses its lock pauses at once and goes back to standby.
        """
        set_current(self.rt)
        election = self.rt.election or election_for(self.rt.database_url)
        standby_logged = False
        heartbeat = Heartbeat(
            self.rt.engine,
            self.rt.heartbeat_every,
            lambda: "leader" if self.leading.is_set() else "standby",
        ).start()
        try:
            while not self.rt.stop.is_set():
                if not election.try_acquire():
                    if not standby_logged:
                        log.info("standby: another figwatch daemon is scheduling")
                        standby_logged = True
                    self.rt.stop.wait(self.rt.standby_retry)
                    continue
                standby_logged = False
                log.info("elected leader: scheduling")
                self.leading.set()
                try:
                    self._lead(election, poll)
                finally:
                    self.leading.clear()
        finally:
            election.release()
            heartbeat.stop()

    def _lead(self, election: Leadership, poll: float) -> None:
        scheduler = self.build_scheduler()
        self.scheduler = scheduler
        scheduler.start(paused=True)
        lost = False
        try:
            actions = self.sync_jobs(scheduler)
            log.info("jobs: %s", actions)
            scheduler.resume()
            next_check = time.monotonic() + self.rt.leader_check
            while not self.rt.stop.wait(poll):
                if time.monotonic() >= next_check:
                    if not election.check():
                        lost = True
                        log.error("lost leadership: pausing the scheduler, back to standby")
                        scheduler.pause()
                        break
                    next_check = time.monotonic() + self.rt.leader_check
        finally:
            if not lost:
                log.info("stopping: waiting for running jobs")
                self.rt.stop.set()
            scheduler.shutdown(wait=not lost)
            self.scheduler = None


def wait_for(predicate: Any, timeout: float, poll: float = 0.05) -> bool:
    """Poll ``predicate`` until true or ``timeout`` seconds pass (used by tests and benchmarks)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(poll)
    return bool(predicate())
