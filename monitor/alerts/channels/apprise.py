"""Other channels (Slack, Teams, Telegram, Matrix, ...) through Apprise URLs."""

from __future__ import annotations

from monitor.alerts.channels.base import Delivery, DeliveryFailed, channel, secrets_check
from monitor.alerts.templating import channel_subject, channel_text
from monitor.config import ChannelConfig
from monitor.errors import SecretError
from monitor.secrets import register, secret


def apprise_urls(delivery: Delivery) -> list[str]:
    """The channel's URLs: ``urls`` plus whitespace-separated ones from ``urls_env`` (or its
    ``_FILE``); each is registered as a secret, since it usually carries a token."""
    ch = delivery.channel
    urls = list(ch.urls)
    if ch.urls_env:
        try:
            urls += (secret(ch.urls_env) or "").split()
        except SecretError as exc:
            raise DeliveryFailed(
                f"configuration error: apprise URLs: {exc}", permanent=True
            ) from None
    for url in urls:
        register(url)
    return urls


@secrets_check("apprise")
def apprise_problem(ch: ChannelConfig) -> str | None:
    """No URL in the file and none in ``urls_env``."""
    if not ch.urls and not (secret(ch.urls_env) or "").split():  # type: ignore[arg-type]
        return (
            f"channel {ch.name!r}: apprise URLs: neither {ch.urls_env} nor "
            f"{ch.urls_env}_FILE is set"
        )
    return None


@channel("apprise")
def send_apprise(delivery: Delivery) -> None:
    """Notify every URL; an unusable URL is permanent, a failed notification is retried."""
    import apprise

    urls = apprise_urls(delivery)
    if not urls:
        raise DeliveryFailed(
            f"configuration error: apprise channel {delivery.channel.name!r} has no URL",
            permanent=True,
        )
    sender = apprise.Apprise()
    for url in urls:
        if not sender.add(url):
            # never echo the URL: it usually carries a token
            raise DeliveryFailed("apprise could not use one of the URLs", permanent=True)
    ch, events = delivery.channel, delivery.events
    ok = sender.notify(title=channel_subject(ch, events), body=channel_text(ch, events))
    if not ok:
        raise DeliveryFailed("apprise notification failed")
