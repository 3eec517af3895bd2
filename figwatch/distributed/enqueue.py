"""The scheduler's side of distributed crawling: one "crawl source X" message per due crawl."""

from __future__ import annotations

from pathlib import Path

from celery import Celery
from sqlalchemy.engine import make_url

from figwatch.distributed.app import CRAWL_TASK


def _shareable(database_url: str | None) -> str | None:
    """The URL if it can travel through the broker (no password), else None."""
    if not database_url:
        return None
    try:
        return None if make_url(database_url).password is not None else database_url
    except Exception:  # noqa: BLE001 - unparsable: keep it off the wire
        return None


def enqueue_crawl(
    app: Celery,
    config_path: str | Path | None,
    source: str,
    database_url: str | None,
    *,
    expires: float | None = None,
) -> str:
    """Send one "crawl ``source``" message; returns its task id.

    ``expires`` (seconds): a message no worker started by then is dropped, so a backlog never
    piles up more than one crawl per source interval.
    """
    result = app.send_task(
        CRAWL_TASK,
        args=[str(config_path) if config_path else None, source, _shareable(database_url)],
        queue=app.conf.task_default_queue,
        expires=expires,
    )
    return str(result.id)
