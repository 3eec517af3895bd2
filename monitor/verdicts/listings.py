"""Stored figures and verdicts as rows and dicts: the conversions and the CLI's listings."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from monitor.figures.model import Claimant, Figure, Scope
from storage.models.figures import FigureRow, VerdictRow
from storage.timeutil import as_utc


def list_figures(
    session: Session,
    *,
    article_url: str | None = None,
    measure: str | None = None,
    limit: int = 1000,
) -> list[dict[str, Any]]:
    """Stored figures as dicts, newest first (``figwatch figures [--article URL] [--measure M]``)."""
    q = select(FigureRow)
    if article_url:
        q = q.where(FigureRow.url == article_url)
    if measure:
        q = q.where(FigureRow.measure == measure)
    rows = session.exec(q.order_by(FigureRow.id.desc()).limit(limit)).all()
    return [figure_row_dict(r) for r in rows]


def list_verdicts(
    session: Session, *, kind: str | None = None, limit: int = 1000
) -> list[dict[str, Any]]:
    """Stored verdicts as dicts, newest first (``figwatch verdicts [--kind K]``)."""
    q = select(VerdictRow)
    if kind:
        q = q.where(VerdictRow.kind == kind)
    rows = session.exec(q.order_by(VerdictRow.id.desc()).limit(limit)).all()
    return [verdict_row_dict(r) for r in rows]


def figure_to_row(
    fig: Figure, *, article_id: int, version_id: int, url: str, site: str, source: str
) -> FigureRow:
    """A FigureRow for ``fig`` (not added to any session)."""
    return FigureRow(
        **figure_values(
            fig, article_id=article_id, version_id=version_id, url=url, site=site, source=source
        )
    )


def figure_values(
    fig: Figure, *, article_id: int, version_id: int, url: str, site: str, source: str
) -> dict[str, Any]:
    """The column values of ``fig``'s row, every column but ``id`` (for a batched insert)."""
    sc = fig.scope
    return dict(
        article_id=article_id,
        version_id=version_id,
        url=url,
        site=site,
        source_key=source,
        published=as_utc(fig.published),
        kind=fig.kind,
        measure=fig.measure,
        counted_group=fig.group,
        group_text=fig.group_text,
        side=fig.side,
        group_kind=fig.group_kind,
        place=fig.place,
        scope_kind=sc.kind,
        scope_unit=sc.unit,
        scope_start=sc.start,
        scope_end=sc.end,
        scope_label=sc.label,
        scope_vague=sc.vague,
        as_of=fig.as_of,
        low=fig.low,
        high=fig.high,
        text=fig.text,
        sentence=fig.sentence,
        char_start=fig.start,
        char_end=fig.end,
        claimant_person=fig.claimant.person,
        claimant_org=fig.claimant.org,
        claimant_role=fig.claimant.role,
        claimant_key=fig.claimant.key,
        rule=fig.rule,
        data=json.dumps(fig.to_dict(), ensure_ascii=False),
        modality=fig.modality,
        event=fig.event,
        comparison_key=None,
        created_at=datetime.now(UTC),
        story_id=None,
        area_id=None,
        area_level=None,
        series_note="",
    )


def row_to_figure(row: FigureRow) -> Figure:
    """Rebuild the Figure of a stored row."""
    return Figure(
        low=row.low,
        high=row.high,
        text=row.text,
        measure=row.measure,
        kind=row.kind,
        group=row.counted_group,
        group_text=row.group_text,
        side=row.side,
        group_kind=row.group_kind,
        place=row.place,
        scope=Scope(
            row.scope_kind,
            row.scope_unit,
            row.scope_start,
            row.scope_end,
            row.scope_label,
            row.scope_vague,
        ),
        claimant=Claimant(
            row.claimant_person, row.claimant_org, row.claimant_key, row.claimant_role
        ),
        sentence=row.sentence,
        start=row.char_start,
        end=row.char_end,
        rule=row.rule,
        published=row.published,
        article_url=row.url,
        modality=row.modality,
        event=row.event,
    )


def figure_row_dict(row: FigureRow) -> dict[str, Any]:
    """JSON-able form of a stored figure (for ``figwatch figures --json``)."""
    d = row_to_figure(row).to_dict()
    d.update(id=row.id, article_id=row.article_id, version_id=row.version_id, site=row.site)
    d["comparison_key"] = row.comparison_key
    d["series"] = row.comparison_key
    d.update(story_id=row.story_id, area_id=row.area_id, area_level=row.area_level)
    d["series_note"] = row.series_note
    return d


def verdict_row_dict(row: VerdictRow) -> dict[str, Any]:
    """JSON-able form of a stored verdict (for ``figwatch verdicts --json``)."""
    return {
        "id": row.id,
        "kind": row.kind,
        "reason": row.reason,
        "figure_id": row.figure_id,
        "stored_figure_id": row.stored_figure_id,
        "article_id": row.article_id,
        "stored_article_id": row.stored_article_id,
        "new_url": row.new_url,
        "stored_url": row.stored_url,
        "new_sentence": row.new_sentence,
        "stored_sentence": row.stored_sentence,
        "independent_sources": row.independent_sources,
        "comparison_key": row.comparison_key,
        "created_at": row.created_at.isoformat() if row.created_at else None,
    }
