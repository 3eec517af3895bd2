"""The alert feed: the latest alerts as Atom 1.0 (RFC 4287, written with lxml), for any reader.

One entry per alerted verdict (however many channels it went to), newest first. Each entry links
the new article (``rel="alternate"``) and the article holding the stored figure
(``rel="related"``), and carries the alert as escaped HTML content and a plain-text summary.
Scraped text is made XML-safe (control characters dropped) and escaped; only http(s) URLs are
linked. The daemon's report job and each delivery round write it (``[reports] alerts_feed``);
``figwatch alerts --format atom`` prints it.

Not feedgen: its 1.0.0 drops ``rel``, ``type`` and ``title`` from entry links (a variable is
shadowed in ``FeedEntry.atom_entry``), which turns the two articles into two "alternate" links.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from monitor.alerts.event import AlertEvent
from monitor.alerts.render import one_line, safe_href, subject
from monitor.alerts.templating import alert_fields, item_html
from monitor.config import Config
from storage.models import OutboxRow
from storage.timeutil import as_utc, utcnow

#: characters XML 1.0 cannot carry (lxml refuses them): C0 controls but tab/LF/CR, lone
#: surrogates, U+FFFE/U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: Any) -> Any:
    """``value`` without the characters XML cannot carry (other values unchanged)."""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def _clean(event: AlertEvent) -> AlertEvent:
    changes = {
        f.name: xml_safe(getattr(event, f.name))
        for f in dataclasses.fields(event)
        if isinstance(getattr(event, f.name), str)
    }
    changes["areas"] = [xml_safe(a) for a in event.areas or []]
    return dataclasses.replace(event, **changes)


def latest_alerts(
    engine: Engine, limit: int, state: str | None = None
) -> list[tuple[datetime, AlertEvent]]:
    """(when queued, event) for the ``limit`` newest alerted verdicts, one per verdict."""
    first = select(func.min(OutboxRow.id)).group_by(OutboxRow.verdict_id)
    if state:
        first = first.where(OutboxRow.state == state)
    with Session(engine) as session:
        rows = session.exec(
            select(OutboxRow)
            .where(col(OutboxRow.id).in_(first.scalar_subquery()))
            .order_by(col(OutboxRow.id).desc())
            .limit(limit)
        ).all()
    out = []
    for r in rows:
        try:
            event = AlertEvent.from_dict(json.loads(r.payload))
        except (ValueError, TypeError):  # a damaged payload: skip it, keep the feed
            continue
        out.append((as_utc(r.created_at) or utcnow(), event))
    return out


ATOM = "http://www.w3.org/2005/Atom"


def _el(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> Any:
    el = etree.SubElement(parent, f"{{{ATOM}}}{name}", {k: v for k, v in attrs.items() if v})
    if text is not None:
        el.text = text
    return el


def _stamp(when: datetime) -> str:
    return (as_utc(when) or utcnow()).isoformat(timespec="seconds")


def atom_feed(
    alerts: list[tuple[datetime, AlertEvent]],
    *,
    title: str = "figwatch alerts",
    feed_id: str = "tag:figwatch,2026:alerts",
    feed_url: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """The Atom document (UTF-8 bytes) for ``alerts``, newest first."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    _el(feed, "id", xml_safe(feed_id))
    _el(feed, "title", xml_safe(title))
    _el(feed, "subtitle", "Figures that changed: updates, contradictions and corrections")
    newest = max((when for when, _ in alerts), default=None)
    _el(feed, "updated", _stamp(newest or now or utcnow()))
    _el(_el(feed, "author"), "name", "figwatch")
    _el(feed, "generator", "figwatch")
    if feed_url:
        _el(feed, "link", href=feed_url, rel="self", type="application/atom+xml")
    for when, raw in alerts:
        e = _clean(raw)
        fields = alert_fields(e)
        entry = _el(feed, "entry")
        _el(entry, "id", f"{xml_safe(feed_id)}/verdict/{e.verdict_id}")
        _el(entry, "title", one_line(subject([e]), 250))
        _el(entry, "updated", _stamp(when))
        if e.new_published is not None:
            _el(entry, "published", _stamp(e.new_published))
        for url, rel, name in (
            (e.new_url, "alternate", e.new_title or "the new article"),
            (e.old_url, "related", e.old_title or "the article with the stored figure"),
        ):
            if safe_href(url) != "#":
                _el(entry, "link", href=url, rel=rel, type="text/html", title=one_line(name, 200))
        for term, label in ((e.kind, fields["kind_label"]), (e.measure, fields["measure_label"])):
            _el(entry, "category", term=term, label=label)
        summary = f"{fields['headline']}: {fields['change']}. “{e.new_sentence}”"
        if e.old_sentence:
            summary += f" Before: “{e.old_sentence}”"
        _el(entry, "summary", one_line(summary, 1000))
        _el(entry, "content", item_html(e), type="html")
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def feed_path(config: Config) -> Path | None:
    """Where the daemon writes the feed: ``[reports] dir`` / ``alerts_feed`` (None: disabled)."""
    name = config.reports.alerts_feed
    return config.path(config.reports.dir) / name if name else None


def write_feed(engine: Engine, config: Config, path: Path | None = None) -> Path | None:
    """Write the feed atomically (a reader never sees half a file); return its path."""
    path = path or feed_path(config)
    if path is None:
        return None
    rc = config.reports
    data = atom_feed(
        latest_alerts(engine, rc.feed_entries),
        title=rc.feed_title,
        feed_id=rc.feed_id,
        feed_url=rc.feed_url,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (a temporary file renamed over it)."""
    fd, tmp = tempfile.mkstemp(prefix=".alerts-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
