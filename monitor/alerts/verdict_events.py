"""Turn stored verdicts into ``AlertEvent``s: both sides of a comparison, ready for the outbox."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from monitor.alerts import AlertEvent
from monitor.figures.claimants import same_claimant
from monitor.figures.model import Figure, fmt_interval, fmt_num
from monitor.verdicts.judge import describe, estimate
from storage.models import ArticleRow, FigureRow, StoryRow, VerdictRow

_AT_LEAST = ("at least", "no fewer than", "not less than", "a minimum of")
_ABOUT = ("about ", "around ", "approximately ", "roughly ", "some ", "an estimated ", "circa ")


def value_text(fig: Figure) -> str:
    """A figure's value as an editor reads it: '41', '50–100 per day', 'at least 60'."""
    text = describe(fig).removesuffix(" to date")
    words = fig.text.lower()
    if fig.low is not None and fig.high is None and words.startswith(_AT_LEAST):
        text = text.replace("more than", "at least", 1)
    elif words.startswith(_ABOUT) and fig.low is not None and fig.high is not None:
        # "about 4,500" reads better than the interval it stands for (4,050–4,950)
        text = text.replace(fmt_interval(fig.low, fig.high), f"about {fmt_num(_mid(fig))}", 1)
    return text


def _mid(fig: Figure) -> float:
    return round(((fig.low or 0) + (fig.high or 0)) / 2, 1)


def _claimant(fig: Figure) -> str | None:
    c = fig.claimant
    if c.person and c.org:
        return f"{c.person} ({c.org})"
    return c.person or c.org


def _scope(fig: Figure) -> str:
    sc = fig.scope
    return sc.label or (f"per {sc.unit}" if sc.kind == "rate" else sc.kind)


def _areas(area_id: str | None, place: str | None, story: StoryRow | None) -> list[str]:
    """The figure's area and its parents (gazetteer ids, innermost first); for a figure about the
    whole story (or without an area), the story's countries. Routes match places against these."""
    countries = [
        a
        for a in (story.area_list() if story else [])
        if not a.startswith(("raw:", "hl:", "nm:", "home:"))  # names, not gazetteer ids
    ]
    if not area_id or area_id == "story":
        # the whole story: the places its headlines name (innermost first), then its countries
        counts = story.area_counts() if story else {}
        named = [
            a
            for key, _n in sorted(counts.items(), key=lambda kv: -kv[1])
            if key.startswith("hl:")
            for a in key[3:].split(">")
        ]
        return list(dict.fromkeys([*named, *countries]))
    from monitor.figures.areas import resolve

    area = resolve(place, countries=countries) if place else None
    parents = list(reversed(area.parents)) if area is not None and area.id == area_id else []
    return [area_id, *parents]


def _rough(new: Figure, old: Figure | None) -> bool:
    """Whether a change sets an estimate against a count or another source's estimate: either
    value is an estimate (a band, "about N", a round thousand) and the two are not one known
    claimant's own values (a source revising its own estimate is news)."""
    if old is None or not (estimate(new) or estimate(old)):
        return False
    return not (new.claimant.key and same_claimant(new.claimant, old.claimant))


def alert_events(
    session: Session,
    verdicts: Sequence[VerdictRow],
    *,
    article: ArticleRow,
    cluster_id: int | None = None,
) -> list[AlertEvent]:
    """One ``AlertEvent`` per verdict, with the stored side's sentence, URL and title."""
    events: list[AlertEvent] = []
    for v in verdicts:
        data: dict[str, Any] = json.loads(v.data or "{}")
        if "new" not in data:
            continue
        new = Figure.from_dict(data["new"])
        stored = data.get("stored") or None
        old = Figure.from_dict(stored["figure"]) if stored else None
        old_article = session.get(ArticleRow, v.stored_article_id) if v.stored_article_id else None
        # a late verdict (an older figure arrived after a newer one) judges another article's figure
        new_article = (
            article if v.article_id == article.id else session.get(ArticleRow, v.article_id)
        )
        new_article = new_article or article
        fig_row = session.get(FigureRow, v.figure_id)
        story = session.get(StoryRow, fig_row.story_id) if fig_row and fig_row.story_id else None
        events.append(
            AlertEvent(
                verdict_id=v.id,  # type: ignore[arg-type]
                kind=v.kind,  # type: ignore[arg-type]
                measure=new.measure,
                group=new.group,
                place=new.place,
                scope=_scope(new),
                new_value_text=value_text(new),
                old_value_text=value_text(old) if old else None,
                new_low=new.low,
                new_high=new.high,
                old_low=old.low if old else None,
                old_high=old.high if old else None,
                new_sentence=v.new_sentence,
                old_sentence=v.stored_sentence,
                new_url=v.new_url,
                old_url=v.stored_url,
                new_title=new_article.title,
                old_title=old_article.title if old_article else None,
                new_claimant=_claimant(new),
                old_claimant=_claimant(old) if old else None,
                new_published=new_article.published or new.published,
                old_published=(old_article.published if old_article else None)
                or (old.published if old else None),
                independent_sources=v.independent_sources,
                cluster_id=cluster_id,
                story=new.place or new_article.title,
                reason=v.reason,
                series=v.comparison_key,
                story_id=story.id if story else None,
                story_event=(story.event or None) if story else None,
                story_label=(story.label or None) if story else None,
                areas=_areas(fig_row.area_id if fig_row else None, new.place, story),
                source=new_article.source,
                site=new_article.site,
                estimate=_rough(new, old),
            )
        )
    return events
