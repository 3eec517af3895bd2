"""The tasks a ``figwatch worker`` runs. Each crawl is a child process (``crawl_in_subprocess``)."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)


@dataclass
class WorkerSettings:
    """What this worker host overrides in the messages it receives (set by ``figwatch worker``)."""

    config_path: str | None = None
    database_url: str | None = None


WORKER = WorkerSettings()
_engines: dict[str, Engine] = {}


def _engine(url: str | None) -> Engine:
    from storage.db import connect, database_url

    resolved = database_url(url)
    if resolved not in _engines:  # one engine per pool process (created after the fork)
        _engines[resolved] = connect(resolved)
    return _engines[resolved]


def crawl_source(
    task: Any, config_path: str | None, source: str, database_url: str | None
) -> dict[str, Any]:
    """Crawl ``source`` in a child process; then deliver due alerts if the config says so.

    ``config_path`` and ``database_url`` come from the scheduler; a worker started with its own
    ``--config`` uses that file, and a URL missing from the message (one with a password never
    travels through the broker) comes from the worker's ``--db`` / ``FIGWATCH_DATABASE_URL``.
    """
    from monitor.config import load_config
    from storage.leader import election_for

    path = WORKER.config_path or config_path
    config = load_config(path)
    url = config.database_url(database_url or WORKER.database_url)
    dist = config.distributed
    redelivered = _redelivered(task)
    log.info("crawl %s (%s)%s", source, path, " [redelivered]" if redelivered else "")
    # one crawl of a source at a time across all workers (a slow crawl overlapping the next
    # interval, or a redelivery while the first run is alive): a session lock held while crawling
    running = election_for(url, f"figwatch-crawl:{source}")
    if not running.try_acquire():
        log.info("crawl %s skipped: running elsewhere (or the database is unreachable)", source)
        return {"crawl": None, "skipped": "already running", "redelivered": redelivered}
    try:
        return _crawl(config, dist, path, source, url, redelivered)
    finally:
        running.release()


def _crawl(
    config: Any, dist: Any, path: str | None, source: str, url: str, redelivered: bool
) -> dict[str, Any]:
    from crawler.runner import crawl_in_subprocess

    summary = crawl_in_subprocess(
        str(Path(path).resolve()) if path else None, source, url, timeout=dist.crawl_timeout
    )
    out: dict[str, Any] = {"crawl": asdict(summary), "redelivered": redelivered}
    if dist.deliver_after_crawl and summary.status == "ok":
        from monitor.alerts import deliver_due

        try:
            out["delivery"] = deliver_due(_engine(url), config, database_url=url).as_dict()
        except Exception as exc:  # noqa: BLE001 - the leader's outbox job retries delivery
            log.warning("delivery after crawl %s failed: %s", source, exc)
    log.info("crawl %s: %s", source, out["crawl"]["status"])
    return out


def _redelivered(task: Any) -> bool:
    request = getattr(task, "request", None)
    info = getattr(request, "delivery_info", None) or {}
    return bool(info.get("redelivered"))
