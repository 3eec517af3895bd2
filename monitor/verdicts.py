"""Database side of verdicts: store an article version's figures and judge each one.

Runs inside ``monitor.ingest()``'s transaction: it adds rows and flushes, never commits.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, select

from monitor.claimants import same_claimant
from monitor.compare import (
    StoredFigure,
    Verdict,
    comparison_key,
    domain,
    judge,
    pick_reference,
    weak_update,
)
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
    mine: list[StoredFigure] = []
    pending: list[tuple[StoredFigure, str, list[StoredFigure]]] = []
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
            source=own,
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
                # the independence key recorded when that figure was stored (see docs/figures.md)
                source=r.source_key or key_of(r.article_id, r.url, r.site, ""),
            )
            for r in rows
            if not (r.article_id == article_id and r.version_id == version_id)
        ]
        v = judge(fig, stored, new_source=own, new_article_id=article_id)
        me = StoredFigure(
            figure=fig,
            id=row.id,
            article_id=article_id,
            version_id=version_id,
            url=url,
            site=site,
            source=own,
        )
        judged = _judged_pairs(session, key)
        v = _dedupe_own(v, me, stored, judged)
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
        me.key = key
        mine.append(me)
        pending.append((me, key, stored))
    # late verdicts once the whole version is stored, so a stored newer figure picks its reference
    # among all of this article's figures (same claimant first), not just the first one recorded
    for me, key, stored in pending:
        same_version = [m for m in mine if m.id != me.id and m.key == key]
        others = stored + same_version
        judged = _judged_pairs(session, key)
        verdicts.extend(_late_verdicts(session, me, others, judged, key))
    session.flush()
    return verdicts


# ------------------------------------------------------------------ order independence
#
# Articles arrive out of publication order (a crawl goes source by source). An older figure that
# arrives after a newer comparable one records its own verdict as history ("new") or "confirms";
# the relation between the two — the newer one updates / corrects / contradicts the older — is then
# recorded for the NEWER figure as a *late verdict* (idempotency key
# ``verdict:<newer id>:late:<older id>``), provided that
#   1. the older figure is now the newer one's reference (the latest comparable figure at or before
#      it, same rules as ``monitor.compare``), and
#   2. that relation was never judged between the two claims (a claim = same claimant and same
#      interval: copies of one figure on several outlets are one claim), and
#   3. it is an alert kind and not merely another claimant's higher count a day later, and
#   4. no copy of the newer claim already carries that kind against an older figure (a closer
#      reference found later — 27 between 12 and 41 — adds no new fact: one alert per claim and
#      kind, so the set of (claim, kind) relations is the same in any arrival order).
# An own verdict that would repeat a relation already recorded for another copy of the same claim
# (e.g. 22 missing "corrects" 30, already recorded for a newer 22) becomes "confirms" of that copy,
# so each relation alerts once whatever the arrival order.

_ALERT_KINDS = ("updates", "corrects", "contradicts")


def _same_claim(a: Figure, b: Figure) -> bool:
    if a.low != b.low or a.high != b.high:
        return False
    if not a.claimant.key and not b.claimant.key:
        return True
    return same_claimant(a.claimant, b.claimant)


def _judged_pairs(session: Session, key: str) -> set[tuple[int, int, str]]:
    """(figure id, stored figure id, kind) of every verdict already held under ``key``."""
    rows = session.exec(
        select(VerdictRow.figure_id, VerdictRow.stored_figure_id, VerdictRow.kind).where(
            VerdictRow.comparison_key == key,
            VerdictRow.stored_figure_id.is_not(None),  # type: ignore[union-attr]
        )
    ).all()
    return {(a, b, k) for a, b, k in rows}


class _Claims:
    """Figures of one comparison key grouped into claims, with the verdicts between them.

    Built once per arriving figure: lookups are by (low, high) bucket and by figure id, so a key
    with hundreds of stored figures stays cheap."""

    def __init__(self, figs: Sequence[StoredFigure], judged: set[tuple[int, int, str]]):
        self.figs: dict[int, StoredFigure] = {f.id: f for f in figs if f.id is not None}
        self.buckets: dict[tuple[float | None, float | None], list[StoredFigure]] = {}
        for f in self.figs.values():
            self.buckets.setdefault((f.figure.low, f.figure.high), []).append(f)
        self.edges: dict[int, list[tuple[int, str, bool]]] = {}
        for x, y, k in judged:
            self.add(x, y, k)
        dated = sorted((f.figure.as_of, f.id) for f in self.figs.values() if f.figure.as_of)
        self.dates = [d for d, _ in dated]
        self._cache: dict[int, set[int]] = {}

    def add(self, x: int, y: int, kind: str) -> None:
        """Record a verdict of ``x`` against ``y``."""
        self.edges.setdefault(x, []).append((y, kind, True))
        self.edges.setdefault(y, []).append((x, kind, False))

    def copies(self, a: StoredFigure) -> set[int]:
        """Ids of the figures of ``a``'s claim (``a`` included)."""
        if a.id in self._cache:
            return self._cache[a.id]  # type: ignore[index]
        bucket = self.buckets.get((a.figure.low, a.figure.high), [])
        out = {f.id for f in bucket if _same_claim(f.figure, a.figure)} | {a.id}
        out.discard(None)
        self._cache[a.id] = out  # type: ignore[index]
        return out  # type: ignore[return-value]

    def judged(
        self, a: StoredFigure, b: StoredFigure, kinds: tuple[str, ...] | None = None
    ) -> bool:
        """Whether any copy of claim ``a`` was judged against any copy of claim ``b`` (either
        way). "new" (history) is no judgement of the relation."""
        cb = self.copies(b)
        for x in self.copies(a):
            for y, k, _ in self.edges.get(x, ()):
                if k != "new" and (kinds is None or k in kinds) and y in cb:
                    return True
        return False

    def has_kind(self, a: StoredFigure, kind: str) -> bool:
        """Whether a copy of claim ``a`` already has a ``kind`` verdict against an older-or-same
        day figure of another claim."""
        ca = self.copies(a)
        ad = a.figure.as_of
        for x in ca:
            for y, k, out in self.edges.get(x, ()):
                if not out or k != kind or y in ca:
                    continue
                other = self.figs.get(y)
                yd = other.figure.as_of if other else None
                if ad is None or yd is None or yd <= ad:
                    return True
        return False

    def between(self, lo: date, hi: date) -> int:
        """How many figures are dated after ``lo`` and at or before ``hi``."""
        return bisect_right(self.dates, hi) - bisect_right(self.dates, lo)


def _dedupe_own(
    v: Verdict,
    me: StoredFigure,
    stored: list[StoredFigure],
    judged: set[tuple[int, int, str]],
) -> Verdict:
    """An alert-kind verdict whose relation another copy of the same claim already carries
    becomes a confirmation of that copy."""
    if v.kind not in _ALERT_KINDS or v.stored is None:
        return v
    claims = _Claims([*stored, me], judged)
    if not (claims.judged(me, v.stored, kinds=(v.kind,)) or claims.has_kind(me, v.kind)):
        return v
    copies = [s for s in stored if _same_claim(s.figure, me.figure)]
    if not copies:
        return v
    twin = max(copies, key=lambda s: s.id or 0)
    c = judge(me.figure, [twin], new_article_id=me.article_id)
    if c.kind != "confirms":
        return v
    c.reason += f" (its {v.kind} relation to {v.stored.figure.text} is already recorded)"
    return c


def _late_verdicts(
    session: Session,
    me: StoredFigure,
    stored: list[StoredFigure],
    judged: set[tuple[int, int, str]],
    key: str,
) -> list[VerdictRow]:
    """Late verdicts for stored figures not older than ``me`` whose reference ``me`` now is."""
    out: list[VerdictRow] = []
    nd = me.figure.as_of
    if nd is None:
        return out
    everyone = [*stored, me]
    claims = _Claims(everyone, judged)
    same_day = [o for o in everyone if o.figure.as_of == nd]
    versions: dict[tuple[int | None, int | None], list[date]] = {}
    for o in everyone:
        if o.figure.as_of:
            versions.setdefault((o.article_id, o.version_id), []).append(o.figure.as_of)
    for s in stored:
        sd = s.figure.as_of
        if sd is None or sd < nd or s.article_id == me.article_id:
            continue  # older, undated, or the same article (never judged against itself)
        mine_between = sum(
            1 for d in versions.get((s.article_id, s.version_id), ()) if nd < d <= sd
        )
        period = s.figure.scope.kind == "period"
        if not period and claims.between(nd, sd) > mine_between:
            continue  # a comparable figure lies between: that one is its reference, not me
        pool = [
            o
            for o in (everyone if period else same_day)
            if o.id != s.id and not (o.article_id == s.article_id and o.version_id == s.version_id)
        ]
        ref = pick_reference(s.figure, pool)
        if ref is None or ref.id != me.id:
            continue
        if claims.judged(s, me) or not s.id:
            continue
        lv = judge(s.figure, [me], new_article_id=s.article_id)
        if lv.kind not in _ALERT_KINDS or weak_update(lv):
            continue
        if claims.has_kind(s, lv.kind):
            continue  # the claim already carries this relation to an older figure: one alert
        lv.reason += " (found late: the older figure arrived after it)"
        vr = VerdictRow(
            kind=lv.kind,
            figure_id=s.id,
            stored_figure_id=me.id,
            article_id=s.article_id,  # type: ignore[arg-type]
            version_id=s.version_id,  # type: ignore[arg-type]
            stored_article_id=me.article_id,
            comparison_key=key,
            reason=lv.reason,
            new_sentence=s.figure.sentence,
            stored_sentence=me.figure.sentence,
            new_url=s.url or "",
            stored_url=me.url,
            independent_sources=lv.independent_sources,
            idempotency_key=f"verdict:{s.id}:late:{me.id}",
            data=json.dumps(lv.to_dict(), ensure_ascii=False),
        )
        session.add(vr)
        session.flush()
        judged.add((s.id, me.id, lv.kind))  # type: ignore[arg-type]
        claims.add(s.id, me.id, lv.kind)  # type: ignore[arg-type]
        out.append(vr)
    return out
