"""Alert channels: one module per kind, each registering its sender by the config's ``type``.

- ``base``: ``Delivery`` (what a send gets), ``DeliveryFailed``, the registry and ``send``.
- ``email`` (SMTP), ``webhook`` (signed JSON POST), ``apprise`` (Slack, Teams, ... by URL),
  ``local`` (``console`` and ``jsonl``).

Importing the package imports every channel module, so every kind is registered before ``send``.
"""

from monitor.alerts.channels import apprise, email, local, webhook
from monitor.alerts.channels.base import Delivery, DeliveryFailed, channel, kinds, send

__all__ = [
    "Delivery",
    "DeliveryFailed",
    "apprise",
    "channel",
    "email",
    "kinds",
    "local",
    "send",
    "webhook",
]
