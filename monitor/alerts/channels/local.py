"""The default channels: the console and a JSON-lines file."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from monitor.alerts.channels.base import Delivery, DeliveryFailed, channel
from monitor.alerts.render import webhook_payload
from monitor.alerts.templating import channel_subject, channel_text

JSONL_NAME = "figwatch-alerts.jsonl"


def jsonl_path(configured: str | None, database_url: str | None) -> Path:
    """The JSON-lines file: as configured, else beside a SQLite database, else in the cwd."""
    if configured:
        return Path(configured).expanduser()
    if database_url:
        try:
            url = make_url(database_url)
        except Exception:  # noqa: BLE001 - fall back to the cwd
            url = None
        if (
            url is not None
            and url.get_backend_name() == "sqlite"
            and url.database not in (None, "", ":memory:")
        ):
            return Path(url.database).expanduser().resolve().parent / JSONL_NAME
    return Path.cwd() / JSONL_NAME


@channel("console")
def send_console(delivery: Delivery) -> None:
    """Print the alert on stdout."""
    sys.stdout.write(f"\n=== figwatch alert === {delivery.delivery_id}\n")
    body = channel_text(delivery.channel, delivery.events)
    sys.stdout.write(body if body.endswith("\n") else body + "\n")
    sys.stdout.flush()


@channel("jsonl")
def send_jsonl(delivery: Delivery) -> None:
    """Append one JSON line (the webhook schema) and fsync it."""
    path = jsonl_path(delivery.channel.path or delivery.policy.jsonl_path, delivery.database_url)
    payload = webhook_payload(
        delivery.pairs,
        delivery.delivery_id,
        subject_line=channel_subject(delivery.channel, delivery.events),
    )
    line = json.dumps(payload, ensure_ascii=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise DeliveryFailed(f"cannot write {path}: {exc.strerror}") from None
