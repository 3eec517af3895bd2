"""Alert subjects, labels, safe links and the versioned webhook JSON (bodies: ``templating``)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from monitor.alerts.event import AlertEvent
from storage.timeutil import utcnow

SCHEMA_VERSION = 1

_MEASURES = {
    "deaths": "Death toll",
    "dead": "Death toll",
    "killed": "Death toll",
    "injured": "Injured count",
    "wounded": "Wounded count",
    "missing": "Missing count",
    "displaced": "Displaced count",
    "arrests": "Arrest count",
    "arrested": "Arrest count",
    "evacuated": "Evacuation count",
    "casualties": "Casualty count",
    "affected": "Affected count",
}
_KINDS = {
    "updates": "update",
    "contradicts": "contradiction",
    "corrects": "correction",
    "confirms": "confirmation",
    "new": "new figure",
    "revised": "revised by the outlet",
    "source_broken": "broken",
    "source_recovered": "recovered",
}
_CRLF = re.compile(r"[\r\n\t\x00-\x1f\x7f\x85\u2028\u2029]+")


def safe_href(url: str | None) -> str:
    """``url`` if it is http(s), else ``#`` (no ``javascript:`` links from scraped data)."""
    return url if url and urlsplit(url).scheme in {"http", "https"} else "#"


def one_line(value: str | None, limit: int = 300) -> str:
    """``value`` with every control character (CR, LF, tabs...) folded to one space."""
    text = _CRLF.sub(" ", value or "").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def measure_label(measure: str) -> str:
    """A human label for a measure name (``deaths`` → ``Death toll``)."""
    key = measure.strip().lower()
    return _MEASURES.get(key, key.replace("_", " ").capitalize() or "Figure")


def kind_label(kind: str) -> str:
    """A human label for a verdict kind (``updates`` → ``update``)."""
    return _KINDS.get(kind, kind)


def story_of(event: AlertEvent) -> str:
    """The story name: the given story, else the article title, else the place."""
    return one_line(event.story or event.new_title or event.place or event.measure, 120)


def subject(events: list[AlertEvent]) -> str:
    """One line naming the story and the change, e.g. ``Death toll update: 327 → 330, Quake``."""
    if len(events) == 1:
        e = events[0]
        head = f"{measure_label(e.measure)} {kind_label(e.kind)}"
        if e.old_value_text and e.kind != "new":
            change = f"{e.old_value_text} → {e.new_value_text}"
        else:
            change = e.new_value_text
        return one_line(f"{head}: {change}, {story_of(e)}", 250)
    stories = sorted({story_of(e) for e in events})
    more = f" and {len(stories) - 2} more" if len(stories) > 2 else ""
    return one_line(f"figwatch digest: {len(events)} alerts — {', '.join(stories[:2])}{more}", 250)


def _side(e: AlertEvent, side: str) -> dict[str, Any] | None:
    get = lambda name: getattr(e, f"{side}_{name}")  # noqa: E731
    if side == "old" and get("value_text") is None and get("sentence") is None:
        return None
    published: datetime | None = get("published")
    return {
        "value_text": get("value_text"),
        "low": get("low"),
        "high": get("high"),
        "sentence": get("sentence"),
        "url": get("url"),
        "title": get("title"),
        "claimant": get("claimant"),
        "published": published.isoformat() if published else None,
    }


def alert_json(e: AlertEvent, key: str) -> dict[str, Any]:
    """One alert as it appears in the webhook schema (see docs/alerts.md)."""
    return {
        "key": key,
        "verdict_id": e.verdict_id,
        "kind": e.kind,
        "measure": e.measure,
        "group": e.group,
        "place": e.place,
        "scope": e.scope,
        "story": story_of(e),
        "reason": e.reason,
        "independent_sources": e.independent_sources,
        "cluster_id": e.cluster_id,
        "story_id": e.story_id,
        "story_event": e.story_event,
        "areas": list(e.areas or []),
        "source": e.source,
        "site": e.site,
        "new": _side(e, "new"),
        "old": _side(e, "old"),
        "diff": e.diff,
    }


def webhook_payload(
    pairs: list[tuple[str, AlertEvent]],
    delivery_id: str,
    timestamp: int | None = None,
    subject_line: str | None = None,
) -> dict[str, Any]:
    """The webhook body, schema version 1: envelope plus a list of alerts."""
    return {
        "schema_version": SCHEMA_VERSION,
        "delivery_id": delivery_id,
        "timestamp": timestamp if timestamp is not None else int(utcnow().timestamp()),
        "subject": subject_line or subject([e for _, e in pairs]),
        "alerts": [alert_json(e, key) for key, e in pairs],
    }
