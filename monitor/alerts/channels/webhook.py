"""Webhook alerts: a signed JSON POST (schema and signatures in docs/alerts.md).

Signatures, per channel (``signature``):

- ``figwatch`` (default): ``X-Figwatch-Signature: sha256=<hex HMAC-SHA256 of the body>``;
- ``standard``: the Standard Webhooks headers ``webhook-id``, ``webhook-timestamp`` and
  ``webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">``, keyed with the
  base64-decoded part of a ``whsec_...`` secret;
- ``both``: all of these; ``none``: unsigned (only when the channel says so).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from monitor.alerts.channels.base import Delivery, DeliveryFailed, channel, secrets_check
from monitor.alerts.render import webhook_payload
from monitor.alerts.templating import channel_subject
from monitor.config import ChannelConfig
from monitor.errors import SecretError
from monitor.secrets import secret

USER_AGENT = "figwatch-webhook/1"
STANDARD_PREFIX = "whsec_"


class SecretMissing(ValueError):
    """A channel's secret is not set or not usable: a configuration error, never retried."""


def sign(body: bytes, secret: str) -> str:
    """The ``X-Figwatch-Signature`` value: ``sha256=`` + hex HMAC-SHA256 of ``body``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def standard_key(value: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret ``whsec_<base64>``; ``ValueError`` otherwise."""
    if not value.startswith(STANDARD_PREFIX):
        raise ValueError(f"a Standard Webhooks secret starts with {STANDARD_PREFIX!r}")
    try:
        key = base64.b64decode(value[len(STANDARD_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"the part after {STANDARD_PREFIX!r} is not base64") from None
    if len(key) < 16:
        raise ValueError("the decoded key is shorter than 16 bytes (use 24-64 random bytes)")
    return key


def sign_standard(msg_id: str, timestamp: int, body: bytes, key: bytes) -> str:
    """The ``webhook-signature`` value: ``v1,`` + base64 HMAC-SHA256 of ``id.timestamp.body``."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def channel_secret(ch: ChannelConfig) -> str | None:
    """The channel's signing secret (None for ``signature = "none"``); ``SecretMissing`` (one
    line, no secret in it) when it is unset, unreadable or, for Standard Webhooks, malformed."""
    if ch.signature == "none":
        return None
    try:
        key = secret(ch.secret_env)
    except SecretError as exc:
        raise SecretMissing(f"channel {ch.name!r}: webhook secret: {exc}") from None
    if not key:
        raise SecretMissing(
            f"channel {ch.name!r}: webhook secret: neither {ch.secret_env} nor "
            f'{ch.secret_env}_FILE is set (or set signature = "none" to send unsigned)'
        )
    if ch.signature in {"standard", "both"}:
        try:
            standard_key(key)
        except ValueError as exc:
            raise SecretMissing(f"channel {ch.name!r}: {ch.secret_env}: {exc}") from None
    return key


@secrets_check("webhook")
def webhook_problem(ch: ChannelConfig) -> str | None:
    """The signing secret is missing or malformed (unless ``signature = "none"``)."""
    try:
        channel_secret(ch)
    except SecretMissing as exc:
        return str(exc)
    return None


def build_request(delivery: Delivery, timestamp: int | None = None) -> urllib.request.Request:
    """The POST request: JSON body, signature headers, timestamp and delivery id."""
    ch = delivery.channel
    try:
        key = channel_secret(ch)
    except SecretMissing as exc:
        # a configuration error: retrying cannot help; fix it, then `figwatch alerts retry ID`
        raise DeliveryFailed(f"configuration error: {exc}", permanent=True) from None
    ts = int(time.time()) if timestamp is None else timestamp
    body = json.dumps(
        webhook_payload(
            delivery.pairs, delivery.delivery_id, ts, channel_subject(ch, delivery.events)
        ),
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Figwatch-Timestamp": str(ts),
        "X-Figwatch-Delivery": delivery.delivery_id,
    }
    if key is not None and ch.signature in {"figwatch", "both"}:
        headers["X-Figwatch-Signature"] = sign(body, key)
    if key is not None and ch.signature in {"standard", "both"}:
        headers["webhook-id"] = delivery.delivery_id
        headers["webhook-timestamp"] = str(ts)
        headers["webhook-signature"] = sign_standard(
            delivery.delivery_id, ts, body, standard_key(key)
        )
    return urllib.request.Request(ch.url or "", data=body, headers=headers, method="POST")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None  # a redirected webhook is a configuration error, reported as such


_opener = urllib.request.build_opener(_NoRedirect)


@channel("webhook")
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
