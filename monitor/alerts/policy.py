"""Which verdicts alert, and when an alert is due (quiet hours, digests)."""

from __future__ import annotations

import fnmatch
import re
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from monitor.alerts.event import AlertEvent
from monitor.config import AlertsConfig, ChannelConfig, RouteConfig, parse_interval
from monitor.kinds import ALERT_KINDS, IDENTIFICATION_GROUPS


def _matches_watch(event: AlertEvent, terms: list[str]) -> bool:
    hay = " ".join(
        s or "" for s in (event.measure, event.group, event.place, event.new_sentence, event.story)
    ).lower()
    return any(re.search(r"\b" + re.escape(t.lower()) + r"\b", hay) for t in terms if t.strip())


def should_alert(event: AlertEvent, policy: AlertsConfig) -> bool:
    """Whether ``event`` alerts under ``policy``.

    A kind listed in ``policy.kinds`` alerts; a ``new`` figure also alerts when it matches a
    watch-list term (and, if ``new`` is listed while a watch list is set, only then). Measure
    filter and the minimum of independent sources apply to every kind. A change where either
    value is an estimate alerts only when ``policy.estimates`` is set: on real stories most of
    them set a rough guess against a count of something else (docs/figures.md). A change in a
    count of the identified (or unidentified, or handed-over) dead alerts only when
    ``policy.identification`` is set: the toll has not changed.
    """
    if event.estimate and not policy.estimates and event.kind in ALERT_KINDS:
        return False
    identification = event.group in IDENTIFICATION_GROUPS
    if identification and not policy.identification and event.kind in ALERT_KINDS:
        return False
    if policy.measures and event.measure not in policy.measures:
        return False
    if event.independent_sources < policy.min_sources:
        return False
    if event.kind == "new" and policy.watch:
        return _matches_watch(event, policy.watch)
    return event.kind in policy.kinds


def channel_wants(channel: ChannelConfig, event: AlertEvent) -> bool:
    """Whether ``channel`` gets ``event``: its ``kinds`` (if set) list the kind, and, if it has
    routes, one of them matches (``route_matches``)."""
    if channel.kinds is not None and event.kind not in channel.kinds:
        return False
    return not channel.routes or any(route_matches(r, event) for r in channel.routes)


def route_matches(route: RouteConfig, event: AlertEvent) -> bool:
    """Every non-empty list of ``route`` has an entry matching ``event`` (see docs/alerts.md)."""
    if route.kinds and event.kind not in route.kinds:
        return False
    if route.measures and event.measure.lower() not in {m.lower() for m in route.measures}:
        return False
    if route.sources and not any(
        event.source and fnmatch.fnmatchcase(event.source.lower(), s.lower()) for s in route.sources
    ):
        return False
    if route.stories and not any(_story_matches(s, event) for s in route.stories):
        return False
    if route.places and not any(_place_matches(p, event) for p in route.places):
        return False
    return not route.words or _matches_watch(event, route.words)


def _words_in(term: str, *texts: str | None) -> bool:
    rx = re.compile(r"\b" + re.escape(term.lower()) + r"\b")
    return any(rx.search(t.lower()) for t in texts if t)


def _story_matches(entry: str, event: AlertEvent) -> bool:
    """A story id (``12`` or ``#12``), an event kind (``flood``) or words of the story's name."""
    text = entry.strip()
    if text.lstrip("#").isdigit():
        return event.story_id is not None and int(text.lstrip("#")) == event.story_id
    if event.story_event and text.lower() == event.story_event.lower():
        return True
    return _words_in(text, event.story, event.story_label)


@lru_cache(maxsize=1024)
def _area_id(place: str) -> str | None:
    """The gazetteer id of a route's place ("Pakistan" → "PK", "Balochistan" → "PK-BA")."""
    from monitor.figures.areas import resolve

    area = resolve(place)
    return area.id if area is not None else None


def _place_matches(entry: str, event: AlertEvent) -> bool:
    """An area code or place the figure's area lies in (or is), else the words of its place."""
    text = entry.strip()
    if event.areas:
        if text in event.areas or text.upper() in event.areas:
            return True
        area = _area_id(text)
        if area is not None and area in event.areas:
            return True
    return _words_in(text, event.place)


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
