"""Channel plumbing: what a send gets, how it reports failure, and the registry of kinds.

Each channel module registers its sender with ``@channel("<type>")``; ``send`` looks the
delivery's channel type up in that registry (the package ``__init__`` imports every module).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from monitor.alerts.event import AlertEvent
from monitor.config import AlertsConfig, ChannelConfig


class DeliveryFailed(Exception):
    """A send failed. ``permanent`` failures go straight to the dead letters."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(slots=True)
class Delivery:
    """One message to send: one alert, or a digest of several, on one channel."""

    channel: ChannelConfig
    policy: AlertsConfig
    delivery_id: str
    pairs: list[tuple[str, AlertEvent]]  # (idempotency key, event)
    database_url: str | None = None

    @property
    def events(self) -> list[AlertEvent]:
        return [e for _, e in self.pairs]


#: what a channel module registers: a function that sends one delivery or raises DeliveryFailed
Sender = Callable[[Delivery], None]
_SENDERS: dict[str, Sender] = {}


def channel(kind: str) -> Callable[[Sender], Sender]:
    """Register the decorated function as the sender of channels with ``type = kind``."""

    def register(sender: Sender) -> Sender:
        if kind in _SENDERS:
            raise ValueError(f"two senders for channel type {kind!r}")
        _SENDERS[kind] = sender
        return sender

    return register


def kinds() -> frozenset[str]:
    """The channel types with a registered sender."""
    return frozenset(_SENDERS)


def send(delivery: Delivery) -> None:
    """Send ``delivery`` on its channel; raise ``DeliveryFailed`` on failure."""
    sender = _SENDERS.get(delivery.channel.type)
    if sender is None:  # the config allows only registered types (test_alert_channels.py)
        raise DeliveryFailed(f"unknown channel type {delivery.channel.type!r}", permanent=True)
    sender(delivery)
