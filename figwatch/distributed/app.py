"""The Celery app that carries crawl work from the one scheduler to any number of workers.

Delivery guarantees (a worker killed mid-crawl loses nothing):
- ``task_acks_late``: a crawl message is acknowledged only after the crawl returns;
- ``task_reject_on_worker_lost``: a pool process that dies mid-crawl puts its message back;
- Redis ``visibility_timeout``: a message left unacknowledged by a worker that vanished entirely
  (SIGKILL, host lost) is restored to the queue after that many seconds, so it must exceed the
  longest crawl (``crawl_timeout``; the config refuses anything else). RabbitMQ redelivers as soon
  as the dead worker's channel closes;
- ``worker_prefetch_multiplier = 1``: a worker reserves one crawl per pool slot, not a batch.
A redelivered crawl is idempotent: articles are keyed by URL and content hash under a per-URL
lock, alerts by verdict and channel.
"""

from __future__ import annotations

from monitor.extras import require

require("distributed")  # one clear line instead of "No module named 'celery'"

from celery import Celery  # noqa: E402

from monitor.config import Config, DistributedConfig  # noqa: E402

CRAWL_TASK = "figwatch.crawl_source"


def celery_settings(dist: DistributedConfig) -> dict[str, object]:
    """The Celery settings for ``dist`` (the broker URL comes from ``effective_broker_url``)."""
    restore_every = max(1, min(10, int(dist.visibility_timeout // 10)))
    return {
        "broker_url": dist.effective_broker_url,
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": {
            "visibility_timeout": dist.visibility_timeout,
            # scan for unacked messages past their visibility timeout every few seconds
            "unacked_restore_interval": restore_every,
            "unacked_restore_throttle": 1,
            **({"global_keyprefix": dist.redis_key_prefix} if dist.redis_key_prefix else {}),
        },
        "task_default_queue": dist.queue,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": True,
        "task_ignore_result": True,
        "result_backend": None,
        "task_serializer": "json",
        "accept_content": ["json"],
        "worker_prefetch_multiplier": 1,
        "worker_send_task_events": False,
        "task_time_limit": dist.crawl_timeout + 120,
        "timezone": "UTC",
        "enable_utc": True,
    }


def make_app(config: Config | DistributedConfig | None = None) -> Celery:
    """A Celery app configured from ``[distributed]``, with figwatch's tasks registered."""
    from figwatch.distributed import tasks

    dist = config.distributed if isinstance(config, Config) else (config or DistributedConfig())
    app = Celery("figwatch", set_as_current=False)
    app.conf.update(celery_settings(dist))
    app.task(name=CRAWL_TASK, bind=True, acks_late=True, reject_on_worker_lost=True)(
        tasks.crawl_source
    )
    app.conf.figwatch_distributed = dist
    return app
