"""Which verdicts alert, and when an alert is due (quiet hours, digests)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from monitor.alerts.event import AlertEvent
from monitor.config import AlertsConfig, ChannelConfig, parse_interval


def _matches_watch(event: AlertEvent, terms: list[str]) -> bool:
    hay = " ".join(
        s or "" for s in (event.measure, event.group, event.place, event.new_sentence, event.story)
    ).lower()
    return any(re.search(r"\b" + re.escape(t.lower()) + r"\b", hay) for t in terms if t.strip())


def should_alert(event: AlertEvent, policy: AlertsConfig) -> bool:
    """Whether ``event`` alerts under ``policy``.

    A kind listed in ``policy.kinds`` alerts; a ``new`` figure also alerts when it matches a
    watch-list term (and, if ``new`` is listed while a watch list is set, only then). Measure
    filter and the minimum of independent sources apply to every kind.
    """
    if policy.measures and event.measure not in policy.measures:
        return False
    if event.independent_sources < policy.min_sources:
        return False
    if event.kind == "new" and policy.watch:
        return _matches_watch(event, policy.watch)
    return event.kind in policy.kinds


def channel_wants(channel: ChannelConfig, event: AlertEvent) -> bool:
    """A channel may narrow the kinds it receives."""
    return channel.kinds is None or event.kind in channel.kinds


def _quiet_window(policy: AlertsConfig) -> tuple[time, time] | None:
    if not policy.quiet_hours:
        return None
    start, end = policy.quiet_hours.split("-")
    return time.fromisoformat(start), time.fromisoformat(end)


def after_quiet_hours(when: datetime, policy: AlertsConfig) -> datetime:
    """``when``, or the end of the quiet hours if ``when`` falls inside them."""
    window = _quiet_window(policy)
    if window is None:
        return when
    start, end = window
    tz = ZoneInfo(policy.timezone)
    local = when.astimezone(tz)
    t = local.time().replace(tzinfo=None)
    inside = (start <= t < end) if start <= end else (t >= start or t < end)
    if not inside:
        return when
    end_day = local.date() if t < end else local.date() + timedelta(days=1)
    return datetime.combine(end_day, end, tzinfo=tz).astimezone(UTC)


def due_at(now: datetime, policy: AlertsConfig, mode: str) -> datetime:
    """When a new alert should first be tried: now, the next digest time, or after quiet hours."""
    when = now
    if mode == "digest":
        step = parse_interval(policy.digest_every)
        epoch = int(now.timestamp())
        when = datetime.fromtimestamp((epoch // step + 1) * step, UTC)
    return after_quiet_hours(when, policy)


def backoff_delay(attempts: int, policy: AlertsConfig) -> float:
    """Seconds before retry number ``attempts`` (1-based): exponential, capped."""
    return min(policy.backoff * (2 ** max(attempts - 1, 0)), policy.backoff_max)


def effective_channels(policy: AlertsConfig) -> list[ChannelConfig]:
    """The configured channels, or console + JSON-lines when none is configured."""
    if policy.channels:
        return policy.channels
    return [
        ChannelConfig(name="console", type="console"),
        ChannelConfig(name="jsonl", type="jsonl", path=policy.jsonl_path),
    ]
