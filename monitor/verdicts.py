"""Database side of verdicts: store an article version's figures and judge each one.

Runs inside ``monitor.ingest()``'s transaction: it adds rows and flushes, never commits.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from monitor.compare import StoredFigure, comparison_key, domain, judge
from monitor.figures.model import Claimant, Figure, Scope
from storage.locks import advisory_xact_locks
from storage.models.figures import FigureRow, VerdictRow

MAX_CANDIDATES = 500  # most recent comparable figures loaded per new figure


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


def _aware(dt: datetime | None) -> datetime | None:
    """Naive datetimes are taken as UTC (the tables store aware timestamps)."""
    if dt is not None and dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt


def figure_to_row(
    fig: Figure, *, article_id: int, version_id: int, url: str, site: str, source: str
) -> FigureRow:
    """A FigureRow for ``fig`` (not added to any session)."""
    sc = fig.scope
    return FigureRow(
        article_id=article_id,
        version_id=version_id,
        url=url,
        site=site,
        source_key=source,
        published=_aware(fig.published),
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
        claimant_key=fig.claimant.key,
        comparison_key=comparison_key(fig),
        rule=fig.rule,
        data=json.dumps(fig.to_dict(), ensure_ascii=False),
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
        claimant=Claimant(row.claimant_person, row.claimant_org, row.claimant_key),
        sentence=row.sentence,
        start=row.char_start,
        end=row.char_end,
        rule=row.rule,
        published=row.published,
        article_url=row.url,
    )


def figure_row_dict(row: FigureRow) -> dict[str, Any]:
    """JSON-able form of a stored figure (for ``figwatch figures --json``)."""
    d = row_to_figure(row).to_dict()
    d.update(id=row.id, article_id=row.article_id, version_id=row.version_id, site=row.site)
    d["comparison_key"] = row.comparison_key
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


def record_figures(
    session: Session,
    *,
    article_id: int,
    version_id: int,
    url: str,
    site: str,
    published: datetime | None,
    figures: Sequence[Figure],
    source_key: Callable[[int], str] | None = None,
) -> list[VerdictRow]:
    """Store ``figures`` of one article version and a verdict for each comparable one.

    ``source_key(article_id)`` names the independent source of an article (plug the near-duplicate
    cluster in here); by default it is the outlet's domain. Idempotent: a version already recorded
    returns its existing verdicts and adds nothing. Flushes, never commits.
    """
    existing = session.exec(
        select(FigureRow.id).where(
            FigureRow.article_id == article_id, FigureRow.version_id == version_id
        )
    ).all()
    if existing:
        return list(
            session.exec(
                select(VerdictRow)
                .where(VerdictRow.article_id == article_id, VerdictRow.version_id == version_id)
                .order_by(VerdictRow.id)
            ).all()
        )

    def key_of(aid: int | None, row_url: str | None, row_site: str | None, stored_key: str) -> str:
        if source_key is not None and aid is not None:
            try:
                return str(source_key(aid))
            except Exception:  # a broken seam must not lose the article
                pass
        return stored_key or domain(row_url) or (row_site or "").lower() or f"article:{aid}"

    own = key_of(article_id, url, site, "")
    for fig in figures:
        if fig.published is None and published is not None:
            fig.published = published
    # Serialise writers per comparison key *before* reading comparable figures: two workers
    # ingesting comparable figures at once must not both decide "new" (storage.locks).
    advisory_xact_locks(session, {f"figures:{k}" for k in map(comparison_key, figures) if k})
    verdicts: list[VerdictRow] = []
    for fig in figures:
        if fig.published is None and published is not None:
            fig.published = published
        fig.article_url = fig.article_url or url
        row = figure_to_row(
            fig,
            article_id=article_id,
            version_id=version_id,
            url=url,
            site=site,
            source=domain(url) or site.lower(),
        )
        session.add(row)
        session.flush()
        key = row.comparison_key
        if key is None:
            continue
        rows = session.exec(
            select(FigureRow)
            .where(FigureRow.comparison_key == key, FigureRow.id != row.id)
            .order_by(FigureRow.as_of.desc(), FigureRow.id.desc())
            .limit(MAX_CANDIDATES)
        ).all()
        stored = [
            StoredFigure(
                figure=row_to_figure(r),
                id=r.id,
                article_id=r.article_id,
                version_id=r.version_id,
                url=r.url,
                site=r.site,
                source=key_of(r.article_id, r.url, r.site, r.source_key),
            )
            for r in rows
            if not (r.article_id == article_id and r.version_id == version_id)
        ]
        v = judge(fig, stored, new_source=own, new_article_id=article_id)
        vr = VerdictRow(
            kind=v.kind,
            figure_id=row.id,
            stored_figure_id=v.stored.id if v.stored else None,
            article_id=article_id,
            version_id=version_id,
            stored_article_id=v.stored.article_id if v.stored else None,
            comparison_key=key,
            reason=v.reason,
            new_sentence=fig.sentence,
            stored_sentence=v.stored.figure.sentence if v.stored else None,
            new_url=url,
            stored_url=v.stored.url if v.stored else None,
            independent_sources=v.independent_sources,
            idempotency_key=f"verdict:{row.id}",
            data=json.dumps(v.to_dict(), ensure_ascii=False),
        )
        session.add(vr)
        verdicts.append(vr)
    session.flush()
    return verdicts
