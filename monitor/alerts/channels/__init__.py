"""Alert channels: one module per kind, each registering its sender by the config's ``type``.

- ``base``: ``Delivery`` (what a send gets), ``DeliveryFailed``, the registries, ``send`` and
  ``secrets_problem`` (the start-up check of a channel's secrets).
- ``email`` (SMTP), ``webhook`` (signed JSON POST), ``apprise`` (Slack, Teams, ... by URL),
  ``local`` (``console`` and ``jsonl``).

Importing the package imports every channel module, so every kind is registered before ``send``.
"""

from monitor.alerts.channels import apprise, email, local, webhook
from monitor.alerts.channels.base import (
    Delivery,
    DeliveryFailed,
    channel,
    kinds,
    secrets_check,
    secrets_problem,
    send,
)

__all__ = [
    "Delivery",
    "DeliveryFailed",
    "apprise",
    "channel",
    "email",
    "kinds",
    "local",
    "secrets_check",
    "secrets_problem",
    "send",
    "webhook",
]
