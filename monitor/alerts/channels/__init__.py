"""Alert channels: one module per kind of channel, each registered by its config ``type``."""

from monitor.alerts.channels.base import Delivery, DeliveryFailed, send

__all__ = ["Delivery", "DeliveryFailed", "send"]
