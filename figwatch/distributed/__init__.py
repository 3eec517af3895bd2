"""Distributed crawling: the scheduler enqueues "crawl source X", ``figwatch worker``s crawl.

- ``app``: ``make_app(config)``, the Celery app and its delivery guarantees; ``CRAWL_TASK``.
- ``enqueue``: ``enqueue_crawl(app, config_path, source, database_url)``.
- ``tasks``: what a worker runs for one message.

Importing the package without the ``distributed`` extra stops with one line naming it
(``monitor.errors.MissingExtra``). See docs/deploy.md.
"""

from figwatch.distributed.app import CRAWL_TASK, celery_settings, make_app
from figwatch.distributed.enqueue import enqueue_crawl

__all__ = ["CRAWL_TASK", "celery_settings", "enqueue_crawl", "make_app"]
