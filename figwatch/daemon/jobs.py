"""The scheduled jobs. APScheduler stores them by these textual references."""

from __future__ import annotations

from figwatch.daemon.runtime import current


def crawl(source: str) -> None:
    """Crawl ``source`` (a child process) and deliver what it queued; or, distributed, enqueue it."""
    rt = current()
    if rt.stop.is_set():
        return
    if rt.distributed:
        rt.enqueue_crawl(source)
        return
    outcome = rt.crawl(source)
    if outcome.ok and not rt.stop.is_set():
        rt.deliver()


def deliver() -> None:
    """Drain the due outbox rows."""
    rt = current()
    if not rt.stop.is_set():
        rt.deliver()


def reports() -> None:
    """Write the scheduled reports."""
    rt = current()
    if not rt.stop.is_set():
        rt.reports()
