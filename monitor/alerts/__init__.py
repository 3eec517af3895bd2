"""Alerts: the events an editor is told about, the policy, the outbox and the channels.

- Events: ``verdict_events`` (both sides of a verdict), ``revisions`` (a figure edited in place),
  ``source_health`` (a source broken / recovered); ``event.AlertEvent`` is what they build.
- ``policy`` decides what alerts whom; ``outbox`` enqueues inside the ingest transaction and
  delivers after commit, with retries and dead letters; ``feedback`` records the desk's marks.
- ``channels``: one module per kind (email, webhook, apprise, console, jsonl), registered by type.
- ``render`` and ``templating``: subjects, bodies (sandboxed Jinja2), the webhook JSON;
  ``feed``: the Atom feed of alerts; ``preflight``: checks channels before the daemon starts;
  ``status``: the outbox part of ``figwatch status``.

Public API (ingest and the daemon call these):

- ``AlertEvent``: one verdict with both sides of the comparison.
- ``enqueue(session, events, policy) -> list[OutboxRow]``: inside the ingest transaction.
- ``deliver_due(engine, config, *, now=None, limit=None) -> DeliveryStats``: after commit.
- ``status_section(session) -> dict``: outbox depth by state, for ``figwatch status``.
"""

from monitor.alerts.channels import Delivery, DeliveryFailed, send
from monitor.alerts.event import AlertEvent
from monitor.alerts.outbox import (
    DeliveryStats,
    deliver_due,
    enqueue,
    idempotency_key,
    retry,
    supersede,
)
from monitor.alerts.policy import should_alert
from monitor.alerts.status import status_section

__all__ = [
    "AlertEvent",
    "Delivery",
    "DeliveryFailed",
    "DeliveryStats",
    "deliver_due",
    "enqueue",
    "idempotency_key",
    "retry",
    "supersede",
    "send",
    "should_alert",
    "status_section",
]
