"""Webhook alerts: a signed JSON POST (schema in docs/alerts.md)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from monitor.alerts.channels import Delivery, DeliveryFailed
from monitor.alerts.render import webhook_payload
from monitor.secrets import SecretError, secret

USER_AGENT = "figwatch-webhook/1"


def sign(body: bytes, secret: str) -> str:
    """The ``X-Figwatch-Signature`` value: ``sha256=`` + hex HMAC-SHA256 of ``body``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def build_request(delivery: Delivery, timestamp: int | None = None) -> urllib.request.Request:
    """The POST request: JSON body, signature, timestamp and delivery-id headers."""
    ch = delivery.channel
    try:
        key = secret(ch.secret_env)
    except SecretError as exc:
        raise DeliveryFailed(f"webhook secret: {exc}") from None
    if not key:
        raise DeliveryFailed(
            f"webhook secret: neither {ch.secret_env} nor {ch.secret_env}_FILE is set"
        )
    ts = int(time.time()) if timestamp is None else timestamp
    body = json.dumps(
        webhook_payload(delivery.pairs, delivery.delivery_id, ts),
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Figwatch-Signature": sign(body, key),
        "X-Figwatch-Timestamp": str(ts),
        "X-Figwatch-Delivery": delivery.delivery_id,
    }
    return urllib.request.Request(ch.url or "", data=body, headers=headers, method="POST")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None  # a redirected webhook is a configuration error, reported as such


_opener = urllib.request.build_opener(_NoRedirect)


def send_webhook(delivery: Delivery) -> None:
    """POST once. 2xx: done. 429/5xx/timeouts: retried. Other 4xx and 3xx: dead letter."""
    request = build_request(delivery)
    try:
        with _opener.open(request, timeout=delivery.channel.timeout) as response:
            response.read(65536)
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
        exc.close()
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryFailed(f"webhook {request.full_url}: {reason}") from None
    if 200 <= status < 300:
        return
    retry = status == 429 or status >= 500
    raise DeliveryFailed(f"webhook answered HTTP {status}", permanent=not retry)
