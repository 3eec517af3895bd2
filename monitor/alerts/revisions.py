"""Edits in place: an outlet changing a figure in an article it already published (same URL).

``revision_events`` compares the figures of an article's new version with those of the version
before it and returns one ``AlertEvent`` of kind ``revised`` per figure whose value changed, with
both sentences and a sentence diff of the two texts. ``version_diff`` is that diff (also used by
``figwatch diff``).
"""

from __future__ import annotations

import difflib
import json
import re
from collections import defaultdict

from sqlmodel import Session, col, select

from monitor.alerts import AlertEvent
from monitor.alerts.policy import should_alert
from monitor.alerts.verdict_events import value_text
from monitor.config import AlertsConfig
from monitor.figures.model import Figure
from storage.models import ArticleRow, ArticleVersionRow, FigureRow

#: lines of the diff carried in an alert (the whole diff is ``figwatch diff URL``)
ALERT_DIFF_LINES = 40
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def sentences(text: str) -> list[str]:
    """``text`` as one sentence (or paragraph break) per line, blank lines dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s and s.strip()]


def version_diff(
    old_text: str,
    new_text: str,
    *,
    old_label: str = "old",
    new_label: str = "new",
    context: int = 0,
) -> list[str]:
    """The unified diff of two texts, sentence by sentence (lines without trailing newlines)."""
    return list(
        difflib.unified_diff(
            sentences(old_text),
            sentences(new_text),
            fromfile=old_label,
            tofile=new_label,
            n=context,
            lineterm="",
        )
    )


def _key(f: FigureRow) -> tuple[object, ...]:
    """Which figure of the new version stands for which of the old: same measure, group, place,
    scope and series."""
    return (f.measure, f.counted_group, f.place, f.scope_kind, f.scope_unit, f.comparison_key)


def _figures(session: Session, version_id: int) -> dict[tuple[object, ...], list[FigureRow]]:
    rows = session.exec(
        select(FigureRow)
        .where(FigureRow.version_id == version_id)
        .order_by(col(FigureRow.char_start), col(FigureRow.id))
    ).all()
    out: dict[tuple[object, ...], list[FigureRow]] = defaultdict(list)
    for r in rows:
        out[_key(r)].append(r)
    return out


def _value(row: FigureRow) -> str:
    try:
        return value_text(Figure.from_dict(json.loads(row.data or "{}")))
    except Exception:  # noqa: BLE001 - an old or odd row still alerts with its raw text
        return row.text


def fold_revisions(
    events: list[AlertEvent], revised: list[AlertEvent], policy: AlertsConfig
) -> list[AlertEvent]:
    """``events`` plus ``revised``, without the verdict alerts a revised alert already tells: a
    verdict whose stored figure is this article's own earlier figure (same URL, same series, same
    new value) would alert "update 41 → 47" for the very edit "revised 41 → 47" reports. They are
    kept when the policy does not alert ``revised``. The verdicts themselves stay stored."""
    told = {
        (e.new_url, e.series, e.new_low, e.new_high) for e in revised if should_alert(e, policy)
    }
    kept = [
        e
        for e in events
        if not (e.old_url == e.new_url and (e.new_url, e.series, e.new_low, e.new_high) in told)
    ]
    return [*kept, *revised]


def revision_events(
    session: Session, article: ArticleRow, version: ArticleVersionRow
) -> list[AlertEvent]:
    """One ``revised`` event per figure the outlet changed between the previous version of
    ``article`` and ``version`` (nothing for a first version or an edit that left figures alone).

    A revised alert has no verdict: its ``verdict_id`` is minus the new figure's id, so its outbox
    key (``verdict:-<figure id>:<channel>``) never meets a verdict's.
    """
    if version.number <= 1:
        return []
    previous = session.exec(
        select(ArticleVersionRow).where(
            ArticleVersionRow.article_id == article.id,
            ArticleVersionRow.number == version.number - 1,
        )
    ).first()
    if previous is None:
        return []
    old_figs = _figures(session, previous.id)  # type: ignore[arg-type]
    new_figs = _figures(session, version.id)  # type: ignore[arg-type]
    pairs = [
        (o, n)
        for key, news in new_figs.items()
        for o, n in zip(old_figs.get(key, []), news, strict=False)
        if (o.low, o.high) != (n.low, n.high)
    ]
    if not pairs:
        return []
    diff = version_diff(
        previous.text,
        version.text,
        old_label=f"{article.url} (version {previous.number})",
        new_label=f"{article.url} (version {version.number})",
    )
    if len(diff) > ALERT_DIFF_LINES:
        diff = [*diff[:ALERT_DIFF_LINES], f"… {len(diff) - ALERT_DIFF_LINES} more lines"]
    diff_text = "\n".join(diff)
    events = []
    for old, new in pairs:
        events.append(
            AlertEvent(
                verdict_id=-(new.id or 0),
                kind="revised",
                measure=new.measure,
                group=new.counted_group,
                place=new.place,
                scope=new.scope_label or new.scope_kind,
                new_value_text=_value(new),
                old_value_text=_value(old),
                new_low=new.low,
                new_high=new.high,
                old_low=old.low,
                old_high=old.high,
                new_sentence=new.sentence,
                old_sentence=old.sentence,
                new_url=article.url,
                old_url=article.url,
                new_title=version.title or article.title,
                old_title=previous.title or article.title,
                new_published=version.fetched_at,
                old_published=previous.fetched_at,
                story=new.place or version.title or article.title,
                reason=(
                    f"revised by the outlet: version {previous.number} → {version.number} "
                    "of the same URL"
                ),
                series=new.comparison_key,
                story_id=new.story_id,
                areas=[new.area_id] if new.area_id else [],
                source=article.source,
                site=article.site,
                diff=diff_text,
            )
        )
    return events
