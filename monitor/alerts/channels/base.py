"""Channel plumbing: what a send gets, how it reports failure, and the registry of kinds.

Each channel module registers its sender with ``@channel("<type>")``; ``send`` looks the
delivery's channel type up in that registry (the package ``__init__`` imports every module). A
kind with secrets also registers ``@secrets_check("<type>")``, which ``secrets_problem`` runs when
a command that delivers starts (``monitor.alerts.preflight``).
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


#: what a channel module registers to check a channel's secrets before anything runs: one line
#: saying what is wrong, or None (it may raise ``SecretError``)
Check = Callable[[ChannelConfig], str | None]
_CHECKS: dict[str, Check] = {}


def secrets_check(kind: str) -> Callable[[Check], Check]:
    """Register the decorated function as the start-up check of ``type = kind`` channels."""

    def register(check: Check) -> Check:
        if kind in _CHECKS:
            raise ValueError(f"two secrets checks for channel type {kind!r}")
        _CHECKS[kind] = check
        return check

    return register


def secrets_problem(ch: ChannelConfig) -> str | None:
    """What is wrong with ``ch``'s secrets, by its kind's registered check; None when it can
    send (or its kind has no secrets)."""
    check = _CHECKS.get(ch.type)
    return check(ch) if check is not None else None
