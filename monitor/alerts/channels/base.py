"""Channel plumbing: what a send gets, and how it reports failure."""

from __future__ import annotations

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


def send(delivery: Delivery) -> None:
    """Send ``delivery`` on its channel; raise ``DeliveryFailed`` on failure."""
    kind = delivery.channel.type
    if kind == "email":
        from monitor.alerts.channels.email import send_email

        send_email(delivery)
    elif kind == "webhook":
        from monitor.alerts.channels.webhook import send_webhook

        send_webhook(delivery)
    elif kind == "apprise":
        from monitor.alerts.channels.apprise import send_apprise

        send_apprise(delivery)
    elif kind == "console":
        from monitor.alerts.channels.local import send_console

        send_console(delivery)
    elif kind == "jsonl":
        from monitor.alerts.channels.local import send_jsonl

        send_jsonl(delivery)
    else:  # pragma: no cover - the config forbids other values
        raise DeliveryFailed(f"unknown channel type {kind!r}", permanent=True)
