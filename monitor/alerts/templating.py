"""Alert templates: Jinja2 in a sandbox, with one documented set of fields for the built-in
templates and for a channel's own ``subject_template``, ``body_template`` and ``html_template``.

Templates come from the config file; the values come from scraped pages. The sandbox
(``ImmutableSandboxedEnvironment``) keeps a template from reaching Python internals or changing the
data, ``StrictUndefined`` makes a misspelt field an error when the config is loaded (each template
is rendered against sample alerts then), and HTML is autoescaped. A template that still fails on a
real alert (say, arithmetic on a missing value) is logged and the built-in template is used, so no
alert is lost to a template.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from jinja2 import PackageLoader, StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from monitor.alerts.event import AlertEvent
from monitor.alerts.render import (
    kind_label,
    measure_label,
    one_line,
    safe_href,
    story_of,
    subject,
)

if TYPE_CHECKING:
    from monitor.config import ChannelConfig

log = logging.getLogger(__name__)

#: The fields of one alert in a template (``alert.<name>``, ``alerts[i].<name>``); docs/alerts.md
#: lists them too, and a test keeps the two in step.
FIELDS: dict[str, str] = {
    "verdict_id": "the verdict's id",
    "kind": "new, confirms, updates, contradicts, corrects or revised",
    "kind_label": "the kind in words: update, contradiction, correction ...",
    "measure": "the measure, e.g. deaths, injured, cases",
    "measure_label": "the measure in words: Death toll, Injured count ...",
    "headline": "measure and kind in words: Death toll update",
    "change": "old → new value (or the new value alone): 327 → 330",
    "group": "who was counted (people, children, military ...), or none",
    "place": "the place named with the figure, or none",
    "scope": "cumulative, per day, ...",
    "where": "group, place and scope joined by commas",
    "story": "the story's name (given story, else the article title, else the place)",
    "story_id": "the story's id, or none",
    "story_event": "the story's event kind (flood, earthquake, epidemic ...), or none",
    "story_label": "the story's label (the headline that opened it), or none",
    "areas": "area codes of the figure's place and its parents, e.g. ['PK', 'PK-BA']",
    "source": "the [[source]] that found the new article, or none",
    "site": "the new article's site (host name), or none",
    "new_value_text": "the new figure as an editor reads it: 330, at least 60",
    "new_low": "the new figure's lower bound (a number), or none",
    "new_high": "the new figure's upper bound, or none",
    "new_sentence": "the sentence quoting the new figure",
    "new_url": "the new article's URL",
    "new_title": "the new article's title, or none",
    "new_claimant": "who gave the new figure, or none",
    "new_published": "when the new article was published (a UTC datetime), or none",
    "old_value_text": "the stored figure, or none for a new figure",
    "old_low": "the stored figure's lower bound, or none",
    "old_high": "the stored figure's upper bound, or none",
    "old_sentence": "the sentence quoting the stored figure, or none",
    "old_url": "the stored figure's article URL, or none",
    "old_title": "the stored figure's article title, or none",
    "old_claimant": "who gave the stored figure, or none",
    "old_published": "when the stored figure's article was published, or none",
    "independent_sources": "how many independent sources hold the new figure",
    "cluster_id": "the near-copy cluster of the new article, or none",
    "estimate": "whether either value is an estimate (a band, about N, a round thousand) and the two are not one claimant's own",
    "reason": "why the verdict engine decided so, or none",
    "series": "the series the figure is judged in (story|measure|population|area|scope), or none",
    "diff": "revised: the changed sentences of the two versions (unified diff), or none",
}

#: The names every template sees besides the fields of each alert.
CONTEXT: dict[str, str] = {
    "alerts": "every alert in this message (one, or several in a digest)",
    "alert": "the first alert (the only one unless digest)",
    "count": "how many alerts",
    "digest": "true when the message carries several alerts",
    "subject": "the message's subject line (in a subject template: the built-in one)",
    "channel": "the channel's name",
}

FILTERS = {"href": "the URL if it is http(s), else #", "one_line": "folds line breaks to spaces"}


def _env(autoescape: bool) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=PackageLoader("monitor.alerts", "templates"),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["href"] = safe_href
    env.filters["one_line"] = one_line
    return env


_text = _env(False)
_html = _env(True)


def alert_fields(e: AlertEvent) -> dict[str, Any]:
    """One alert as templates see it: every ``AlertEvent`` field plus the derived ones."""
    data = {f.name: getattr(e, f.name) for f in dataclasses.fields(e)}
    data["areas"] = list(e.areas or [])
    change = (
        f"{e.old_value_text} → {e.new_value_text}"
        if e.old_value_text and e.kind != "new"
        else e.new_value_text
    )
    data |= {
        "kind_label": kind_label(e.kind),
        "measure_label": measure_label(e.measure),
        "headline": f"{measure_label(e.measure)} {kind_label(e.kind)}",
        "change": change,
        "where": ", ".join(x for x in (e.group, e.place, e.scope) if x),
        "story": story_of(e),
    }
    return data


def context(
    events: list[AlertEvent], channel: str = "", subject_line: str | None = None
) -> dict[str, Any]:
    """What a template renders with (``CONTEXT``; each alert has ``FIELDS``)."""
    alerts = [alert_fields(e) for e in events]
    return {
        "alerts": alerts,
        "alert": alerts[0] if alerts else {},
        "count": len(alerts),
        "digest": len(alerts) > 1,
        "subject": subject_line or subject(events),
        "channel": channel,
    }


def default_text(
    events: list[AlertEvent], channel: str = "", subject_line: str | None = None
) -> str:
    """The built-in plain-text body."""
    return _text.get_template("alert.txt.j2").render(context(events, channel, subject_line))


def default_html(
    events: list[AlertEvent], channel: str = "", subject_line: str | None = None
) -> str:
    """The built-in HTML body (every scraped value is escaped)."""
    return _html.get_template("alert.html.j2").render(context(events, channel, subject_line))


def item_html(event: AlertEvent) -> str:
    """One alert as an HTML fragment (the built-in template's item; the feed's entry content)."""
    return _html.get_template("alert_item.html.j2").render(a=alert_fields(event))


def _own(
    ch: ChannelConfig | None,
    attr: str,
    events: list[AlertEvent],
    html: bool = False,
    subject_line: str | None = None,
) -> str | None:
    source = getattr(ch, attr, None) if ch is not None else None
    if source is None:
        return None
    env = _html if html else _text
    try:
        return env.from_string(source).render(context(events, ch.name, subject_line))  # type: ignore[union-attr]
    except Exception as exc:  # noqa: BLE001 - any template failure falls back, never loses the alert
        log.warning(
            "channel %s: %s failed on this alert (%s: %s); used the built-in template",
            ch.name,  # type: ignore[union-attr]
            attr,
            type(exc).__name__,
            one_line(str(exc), 200),
        )
        return None


def channel_subject(ch: ChannelConfig | None, events: list[AlertEvent]) -> str:
    """The subject line: the channel's template or the built-in one; always one line."""
    own = _own(ch, "subject_template", events)
    text = one_line(own, 250) if own is not None else ""
    return text or subject(events)


def channel_text(ch: ChannelConfig | None, events: list[AlertEvent]) -> str:
    """The plain-text body: the channel's ``body_template`` or the built-in one."""
    line = channel_subject(ch, events)
    own = _own(ch, "body_template", events, subject_line=line)
    return own if own is not None else default_text(events, ch.name if ch else "", line)


def channel_html(ch: ChannelConfig | None, events: list[AlertEvent]) -> str:
    """The HTML body: the channel's ``html_template`` (autoescaped) or the built-in one."""
    line = channel_subject(ch, events)
    own = _own(ch, "html_template", events, html=True, subject_line=line)
    return own if own is not None else default_html(events, ch.name if ch else "", line)


def sample_events() -> list[AlertEvent]:
    """Two fictional alerts (an update, and a new figure with no stored side) to try templates on;
    also the labelled sample of ``figwatch alerts test``."""
    when = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    update = AlertEvent(
        verdict_id=0,
        kind="updates",
        measure="deaths",
        group="people",
        place="Testville",
        scope="cumulative",
        new_value_text="12",
        old_value_text="10",
        new_low=12.0,
        new_high=12.0,
        old_low=10.0,
        old_high=10.0,
        new_sentence="This is a figwatch test alert: 12 is the new figure.",
        old_sentence="This is a figwatch test alert: 10 was the stored figure.",
        new_url="https://example.com/figwatch-test-new",
        old_url="https://example.com/figwatch-test-old",
        new_title="figwatch test: the new article",
        old_title="figwatch test: the old article",
        new_claimant="the test office",
        old_claimant="the test office",
        new_published=when,
        old_published=when.replace(hour=9),
        story="figwatch test alert",
        story_id=0,
        story_event="flood",
        story_label="figwatch test alert",
        areas=["XX"],
        source="figwatch-test",
        site="example.com",
        reason="test",
    )
    new = dataclasses.replace(
        update,
        verdict_id=-1,
        kind="new",
        old_value_text=None,
        old_low=None,
        old_high=None,
        old_sentence=None,
        old_url=None,
        old_title=None,
        old_claimant=None,
        old_published=None,
        group=None,
        scope=None,
        story_id=None,
        story_event=None,
        story_label=None,
        areas=[],
        source=None,
        site=None,
        new_title=None,
        new_claimant=None,
        new_published=None,
        reason=None,
    )
    return [update, new]


def check_templates(ch: ChannelConfig) -> None:
    """Compile the channel's templates and render them on sample alerts (one with a stored side,
    one without, and a digest of both); raise ``ValueError`` naming the channel, the template and
    the problem in one line."""
    samples = sample_events()
    for attr, env in (
        ("subject_template", _text),
        ("body_template", _text),
        ("html_template", _html),
    ):
        source = getattr(ch, attr)
        if source is None:
            continue
        try:
            template = env.from_string(source)
            for events in ([samples[0]], [samples[1]], samples):
                template.render(context(events, ch.name))
        except TemplateError as exc:
            line = getattr(exc, "lineno", None)
            where = f" line {line}" if line else ""
            raise ValueError(
                f"channel {ch.name!r}: {attr}{where}: {one_line(exc.message or str(exc), 200)} "
                "(fields: docs/alerts.md)"
            ) from None
        except Exception as exc:  # noqa: BLE001 - e.g. arithmetic on a value that may be none
            raise ValueError(
                f"channel {ch.name!r}: {attr}: {type(exc).__name__}: {one_line(str(exc), 200)} "
                "on a sample alert (guard values that may be none with {% if %})"
            ) from None
