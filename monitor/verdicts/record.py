"""Database side of verdicts: store an article version's figures and judge them in their series.

Runs inside ``monitor.ingest()``'s transaction: it adds rows and flushes, never commits.

Order independence: a series is judged as a whole, in time order (``monitor.verdicts.judge``). A
figure that arrives late (published before figures already held) changes the verdicts of the
figures after it; any of them that thereby becomes an update, contradiction or correction gets
a *late verdict* row (idempotency key ``verdict:<figure>:late:<kind>:<reference>``), so the set
of relations alerted is the same whatever the order of arrival; any other change of kind (an
update that is now a confirmation) is recorded the same way, so a figure's latest verdict row is
its verdict now. An alert already sent stays sent. One alert per value: a late
relation is not recorded when another copy of the same claim (same value, same claimant)
already carries that kind in the series.
"""

from __future__ import annotations

import bisect
import json
from collections import ChainMap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from monitor.figures.claimants import same_claimant
from monitor.figures.model import Figure
from monitor.kinds import ALERT_KINDS
from monitor.verdicts import tail
from monitor.verdicts.held import (
    JUDGED_COLUMNS,
    HeldSeries,
    holds,
    mark_read,
    relive,
    stored_from_row,
)
from monitor.verdicts.held import load as held_series
from monitor.verdicts.incremental import retrial
from monitor.verdicts.judge import (
    StoredFigure,
    Verdict,
    domain,
    judge_in_turn,
    judge_next,
    live_flags,
    overlaps,
    representatives,
    voice,
)
from monitor.verdicts.listings import figure_values
from monitor.verdicts.series import ONGOING, SeriesContext, series_key, series_place
from storage.locks import advisory_xact_locks
from storage.models.figures import FigureRow, VerdictRow
from storage.timeutil import utcnow


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
    context: SeriesContext | None = None,
    superseded: list[int] | None = None,
) -> list[VerdictRow]:
    """Store ``figures`` of one article version and judge each in its series.

    ``source_key(article_id)`` names the independent source of an article (the near-duplicate
    cluster's root); by default it is the outlet's domain. ``context`` (story, event, countries)
    comes from ``monitor.verdicts.stories.assign_story``. ``superseded`` collects the ids of
    alert-kind verdicts that a late arrival revised (their undelivered alerts can be withdrawn).
    Returns the verdict rows written: one per
    judged figure of this version, plus late verdicts for later figures of the same series.
    Idempotent: a version already recorded returns its verdicts and adds nothing.
    """
    existing = session.exec(
        select(VerdictRow)
        .where(VerdictRow.article_id == article_id, VerdictRow.version_id == version_id)
        .order_by(col(VerdictRow.id))
    ).all()
    if (
        existing
        or session.exec(
            select(FigureRow.id).where(FigureRow.version_id == version_id).limit(1)
        ).first()
    ):
        return list(existing)
    ctx = figures_context(context or SeriesContext(), figures)
    own = _source(source_key, article_id, url, site)
    judged = [(fig, *series_key(fig, ctx)) for fig in figures]
    keys = sorted({k for _, k, _, _ in judged if k})
    # serialise writers per series before reading it: two workers must not both decide "new"
    advisory_xact_locks(session, {f"figures:{k}" for k in keys})
    # an undated article takes its place in time when it is judged (under the series locks), so
    # concurrent undated copies are ordered as they commit
    stamp = published or utcnow()
    values: list[dict[str, Any]] = []
    for fig, key, place, why in judged:
        fig.published = fig.published or stamp
        fig.article_url = fig.article_url or url
        row = figure_values(
            fig, article_id=article_id, version_id=version_id, url=url, site=site, source=own
        )
        if place is not None:
            row["area_id"], row["area_level"] = place.id, place.level
            why = place.path or place.name
        row.update(comparison_key=key, story_id=ctx.story_id, series_note=why)
        values.append(row)
    # one batched INSERT ... RETURNING for the version's figures, not an ORM object each; only
    # the set of ids is used, so the ids need not come back in the rows' order (asking for that
    # made SQLAlchemy send one INSERT per row on SQLite, which cannot order a batch's ids)
    mine: set[int | None] = set()
    if values:
        table = FigureRow.__table__  # type: ignore[attr-defined]
        mine = set(session.execute(insert(table).returning(table.c.id), values).scalars())
    out: list[VerdictRow] = []
    for key in keys:
        out.extend(_judge_series(session, key, mine, source_key, superseded))
    return out


def figures_context(ctx: SeriesContext, figures: Sequence[Figure]) -> SeriesContext:
    """The context with the headline's place counted as the whole story — unless the article
    breaks its figures down over two or more places below the country, where the headline's
    place is one part among others ("2,012 in Al Haouz, 1,293 in Taroudant"). An article that
    gives two or more countries tolls of their own makes its story one over several countries
    for its figures, even before the story knows it (``_broken_down``)."""
    if not ctx.apart:
        ctx = replace(ctx, apart=_broken_down(ctx, figures))
    if not ctx.event_areas or ctx.event in ONGOING:  # a war's headline names one front of many
        return replace(ctx, event_areas=())
    parts = {
        p.id
        for f in figures
        if f.place and "place:article" not in f.rule
        for p in [series_place(f, replace(ctx, event_areas=()))]
        if p.level is not None and p.level >= 2
    }
    if len(parts) >= 2:
        return replace(ctx, event_areas=())
    return replace(ctx, home=(*ctx.home, *ctx.event_areas), event_areas=())


def _broken_down(ctx: SeriesContext, figures: Sequence[Figure]) -> tuple[str, ...]:
    """The countries an article gives tolls of their own ("2,046 in Mozambique, 78 in Malawi"),
    when it names two or more: a story over several countries, as far as this article tells."""
    if len(ctx.countries) < 2:
        return ()  # (most articles: no need to place their figures twice)
    own = {
        p.id
        for f in figures
        if f.place and f.kind == "count" and "place:article" not in f.rule
        for p in [series_place(f, ctx)]
        if p.level == 1 and p.id in ctx.countries
    }
    return tuple(sorted(own)) if len(own) >= 2 else ()


def _source(source_key: Callable[[int], str] | None, aid: int | None, url: str | None,
            site: str | None) -> str:  # fmt: skip
    if source_key is not None and aid is not None:
        try:
            return str(source_key(aid))
        except Exception:  # a broken seam must not lose the article
            pass
    return domain(url) or (site or "").lower() or f"article:{aid}"


def _load_series(session: Session, key: str) -> list[StoredFigure]:
    """Every stored figure of series ``key``, in time order (read whole; ingest reads a series
    through ``monitor.verdicts.held``, which keeps it between articles)."""
    rows = session.execute(
        select(*JUDGED_COLUMNS).where(FigureRow.__table__.c.comparison_key == key)  # type: ignore[attr-defined]
    ).all()
    return sorted((stored_from_row(r) for r in rows), key=StoredFigure.order)


def _same_claim(a: Figure, b: Figure) -> bool:
    if a.low != b.low or a.high != b.high:
        return False
    if not a.claimant.key or not b.claimant.key:
        return True
    return same_claimant(a.claimant, b.claimant)


def _judge_series(
    session: Session,
    key: str,
    mine: set[int | None],
    source_key: Callable[[int], str] | None,
    superseded: list[int] | None = None,
) -> list[VerdictRow]:
    """Judge the whole series ``key`` in time order; write verdicts for this version's figures
    and late verdicts for later figures whose relation changed. A series not held in memory is
    read by key when the version's values come after all of it (``monitor.verdicts.tail``)."""
    if not holds(session, key):
        # the arriving values, then the kept state and what judging them at the series' end
        # reads, in one statement (wasted only for a late arrival, which reads it whole)
        new = _arriving(session, key, mine)
        kept, now, counts = tail.read(session, key, representatives(new))
        if tail.at_end(kept, representatives(new)):
            n_fig, n_ver = counts  # the rows once this version's figures and verdicts are in
            rows = (None, None) if n_fig is None or n_ver is None else (
                n_fig + len(new), n_ver + len(new))  # fmt: skip
            return _judge_at_end(session, key, kept, new, now, source_key, rows)
    else:  # the kept state (for ``_settle``) and its counts (``held`` proves its memory by them)
        kept, counts = tail.state_counts(session, key)
    series, new = held_series(session, key, mine, counts)
    reps = list(series.reps)
    own_reps = representatives(new)  # the arriving version's own (its groups are new)
    for r in own_reps:
        bisect.insort(reps, r, key=StoredFigure.order)
    rep_ids = {r.id for r in own_reps}
    # this article's verdicts go in a layer over the held ones (the held series is read-only)
    held: ChainMap[int, tuple[tuple[str, int | None], ...]] = ChainMap({}, series.held)
    by_id = ChainMap({f.id: f for f in new}, series.by_id)
    first_mine = min(
        (bisect.bisect_left(reps, r.order(), key=StoredFigure.order) for r in own_reps),
        default=len(reps),
    )

    alerted = _alerted_in(held, by_id)
    out: list[VerdictRow] = []
    for f in new:
        if f.id not in rep_ids:
            v = _beside(f, own_reps, lambda g: list(series.by_value.agreeing(g)), reps)
            out.append(_write(session, f, v, key, f"verdict:{f.id}"))
    # the held verdicts say which values were live before this arrival; before anything new,
    # judgements cannot have changed, and after it only those the arrival can reach are judged
    # again (``monitor.verdicts.incremental``)
    was_live = series.live_ids()  # the held representatives are the series' own (not mine)
    before = [r for r in reps[:first_mine] if r.id in was_live]
    src = _source_of(source_key)
    mine_v: dict[int | None, tuple[str, int | None]] = {}  # the arriving values' verdicts
    for f, v in retrial(reps[first_mine:], before, was_live, mine, source_key=src):
        if f.id in mine:
            out.append(_write(session, f, v, key, f"verdict:{f.id}"))
            mine_v[f.id] = (v.kind, v.stored.id if v.stored else None)
        elif vr := _apply(session, f, v, key, held, series.alert_ids, alerted, superseded):
            out.append(vr)
    if own_reps:
        # the series' rows now: held ones, this version's figures, a verdict each, and a late
        # verdict for each held figure whose verdict changed (``_apply``: at most one each)
        rows = (len(series.by_id) + len(new), series.verdicts + len(new) + len(held.maps[0]))
        _settle(session, key, series, reps, own_reps, held, mine_v, was_live, first_mine, by_id,
                kept, rows)  # fmt: skip
    session.flush()
    return out


def _settle(
    session: Session,
    key: str,
    series: HeldSeries,
    reps: list[StoredFigure],
    own_reps: list[StoredFigure],
    held: ChainMap[int, tuple[tuple[str, int | None], ...]],
    mine_v: Mapping[int | None, tuple[str, int | None]],
    was_live: set[int | None],
    first_mine: int,
    by_id: Mapping[int, StoredFigure],
    kept: Any,
    rows: tuple[int | None, int | None],
) -> None:
    """Keep the series' state in the database (``tail.settle``) after an article judged on the
    whole series: the liveness that changed (``held.relive``) from its first value on;
    ``kept``: the state as read before (``tail.UNREAD`` when it was not); ``rows``: its figure
    and verdict rows now."""
    own_voices = {r.id: voice(r.figure) for r in own_reps}
    voices = ChainMap(own_voices, series.voices)

    def verdict(f: StoredFigure) -> tuple[str, int | None] | None:
        if f.id in mine_v:
            return mine_v[f.id]
        h = held.get(f.id)  # type: ignore[arg-type]
        return h[-1] if h else None

    touched = [r.order() for r in own_reps] + [series.by_id[i].order() for i in held.maps[0]]
    start = reps[first_mine].order()
    n_voices = len(series.voice_set | set(own_voices.values()))
    changes = relive(reps, verdict, was_live, voices, n_voices, start, max(touched))
    own = {r.id for r in own_reps}
    tail.settle(session, key, reps, own, changes, was_live, by_id, kept, rows)


def _arriving(session: Session, key: str, mine: set[int | None]) -> list[StoredFigure]:
    """The arriving version's figures in series ``key``, in time order."""
    rows = session.execute(
        select(*JUDGED_COLUMNS).where(
            FigureRow.__table__.c.comparison_key == key,  # type: ignore[attr-defined]
            FigureRow.__table__.c.id.in_([i for i in mine if i is not None]),  # type: ignore[attr-defined]
        )
    ).all()
    return sorted((stored_from_row(r) for r in rows), key=StoredFigure.order)


def _judge_at_end(
    session: Session,
    key: str,
    kept: tuple[Any, dict[str, int]],
    new: list[StoredFigure],
    now: list[StoredFigure],
    source_key: Callable[[int], str] | None,
    rows: tuple[int | None, int | None] = (None, None),
) -> list[VerdictRow]:
    """Judge a version whose values come after every value of series ``key`` on what the judge
    reads of it, read by key (``now``: ``monitor.verdicts.tail.read``), as ``_judge_series``
    would on the whole series, and keep the series' state (``rows``: its rows then)."""
    mark_read(session, key)
    own_reps = representatives(new)
    rep_ids = {r.id for r in own_reps}
    out: list[VerdictRow] = []
    for f in new:
        if f.id not in rep_ids:
            v = _beside(f, own_reps, lambda g, f=f: _held_agreeing(session, key, f, g))
            out.append(_write(session, f, v, key, f"verdict:{f.id}"))
    src = _source_of(source_key)
    live: dict[int | None, bool] = {}
    for f in own_reps:  # (``retrial`` of a tail of new values: each judged in turn)
        v, live[f.id] = judge_next(f, now, source_key=src)
        out.append(_write(session, f, v, key, f"verdict:{f.id}"))
        if live[f.id]:
            now.append(f)
    tail.advance(session, key, kept, own_reps, live, rows)
    session.flush()
    return out


def _held_agreeing(session: Session, key: str, f: StoredFigure, g: Figure) -> list[StoredFigure]:
    """The stored representatives of ``key`` that ``g`` (``f``'s figure) agrees with."""
    return tail.agreeing(session, key, f, lambda r: overlaps(g, r.figure))


def rejudge_series(
    session: Session,
    key: str,
    source_key: Callable[[int], str] | None = None,
    superseded: list[int] | None = None,
) -> list[VerdictRow]:
    """Judge a stored series again from its start (its figures were re-keyed:
    ``monitor.verdicts.rekey``): a late verdict for each representative whose verdict changed;
    returns the rows that alert; its state is written again (``tail.rebuild``). Call under the
    series' lock, with ``key`` marked written."""
    series, _ = held_series(session, key, ())
    reps = list(series.reps)
    held: ChainMap[int, tuple[tuple[str, int | None], ...]] = ChainMap({}, series.held)
    alerted = _alerted_in(held, series.by_id)
    src = _source_of(source_key)
    out = [
        vr
        for f, v in zip(reps, judge_in_turn(reps, source_key=src), strict=True)
        if (vr := _apply(session, f, v, key, held, series.alert_ids, alerted, superseded))
    ]

    def verdict(f: StoredFigure) -> tuple[str, int | None] | None:
        h = held.get(f.id)  # type: ignore[arg-type]
        return h[-1] if h else None

    live = {f.id for f, ok in live_flags(reps, verdict, {}) if ok}
    tail.rebuild(session, key, reps, lambda r: r.id in live)
    session.flush()
    return out


def _source_of(source_key: Callable[[int], str] | None) -> Callable[[StoredFigure], str]:
    return lambda s: s.source or _source(source_key, s.article_id, s.url, s.site)


def _alerted_in(
    held: Mapping[int, tuple[tuple[str, int | None], ...]], by_id: Mapping[int, StoredFigure]
) -> Callable[[StoredFigure, str], bool]:
    """Whether a verdict of ``kind`` was written for ``f`` or another copy of its claim."""

    def alerted(f: StoredFigure, kind: str) -> bool:
        return any(
            k == kind and _same_claim(f.figure, by_id[fid].figure)
            for fid, verdicts in held.items()
            if fid in by_id
            for k, _ in verdicts
        )

    return alerted


def _apply(
    session: Session,
    f: StoredFigure,
    v: Verdict,
    key: str,
    held: ChainMap[int, tuple[tuple[str, int | None], ...]],
    alert_ids: Mapping[int, tuple[int, ...]],
    alerted: Callable[[StoredFigure, str], bool],
    superseded: list[int] | None,
) -> VerdictRow | None:
    """Record a held figure's verdict when it changed (``_revise``); the row when it alerts."""
    before = held.get(f.id, ())  # type: ignore[arg-type]
    vr, alert = _revise(session, f, v, key, before, alerted)
    if vr is None:
        return None
    if superseded is not None and before and before[-1][0] != vr.kind:
        # the relation itself changed (an update that is now a confirmation): withdraw its
        # undelivered alert; a closer reference of the same kind keeps it (each value comes
        # once: its alerts are withdrawn once)
        superseded.extend(alert_ids.get(f.id, ()))  # type: ignore[arg-type]
    held[f.id] = (*before, (vr.kind, vr.stored_figure_id))  # type: ignore[index]
    return vr if alert else None


def _revise(
    session: Session,
    f: StoredFigure,
    v: Verdict,
    key: str,
    history: Sequence[tuple[str, int | None]],
    alerted: Callable[[StoredFigure, str], bool],
) -> tuple[VerdictRow | None, bool]:
    """A held figure re-judged after an older figure arrived: (row, alert). A new verdict row when
    its verdict changed (its latest row is its verdict now); it alerts only when it is a relation
    of an alert kind that neither this figure nor another copy of its claim carries yet — an
    alert already sent stays sent, and is not sent twice."""
    ref = v.stored.id if v.stored else None
    if history and history[-1] == (v.kind, ref):
        return None, False
    if (v.kind, ref) in history:
        return None, False  # back to a verdict it had: that row exists (its key is unique)
    alert = v.kind in ALERT_KINDS and not (
        any(k == v.kind for k, _ in history) or alerted(f, v.kind)
    )
    v.reason += " (revised: an older figure arrived after it)"
    return _write(session, f, v, key, f"verdict:{f.id}:late:{v.kind}:{ref}"), alert


def _beside(
    f: StoredFigure,
    own: Sequence[StoredFigure],
    agreeing: Callable[[Figure], list[StoredFigure]],
    reps: Sequence[StoredFigure] | None = None,
) -> Verdict:
    """The verdict on a figure that is not its article's representative in the series: an
    earlier value quoted beside the article's current one. Never an alert. ``own``: the
    arriving version's representatives; ``agreeing``: the held representatives a figure agrees
    with, found by value (a hot series holds thousands); ``reps``: all of them in time order,
    when held (of equal times, the one placed last there; else the last stored)."""
    # its version's own representative (a version is recorded once: none of it is held)
    head = next(
        (r for r in own if r.article_id == f.article_id and r.version_id == f.version_id), None
    )
    mine = {r.id for r in own}
    found = [r for r in agreeing(f.figure) if r.id != f.id]
    found += [r for r in own if r.id != f.id and overlaps(f.figure, r.figure)]
    same = max(found, key=lambda r: (r.order(), r.id in mine, r.id or 0), default=None)
    if reps is not None and same is not None and sum(r.order() == same.order() for r in found) > 1:
        same = next(r for r in reversed(reps) if r.id != f.id and overlaps(f.figure, r.figure))
    if same is not None:
        return Verdict("stale", f.figure, same, "an earlier value, quoted beside the current one")
    return Verdict(
        "stale", f.figure, head, "an earlier or partial value quoted beside the current one"
    )


def _write(session: Session, f: StoredFigure, v: Verdict, key: str, idem: str) -> VerdictRow:
    s = v.stored
    vr = VerdictRow(
        kind=v.kind,
        figure_id=f.id,  # type: ignore[arg-type]
        stored_figure_id=s.id if s else None,
        article_id=f.article_id,  # type: ignore[arg-type]
        version_id=f.version_id,  # type: ignore[arg-type]
        stored_article_id=s.article_id if s else None,
        comparison_key=key,
        reason=v.reason,
        new_sentence=f.figure.sentence,
        stored_sentence=s.figure.sentence if s else None,
        new_url=f.url or "",
        stored_url=s.url if s else None,
        independent_sources=v.independent_sources,
        idempotency_key=idem,
        data=json.dumps(v.to_dict(), ensure_ascii=False),
    )
    session.add(vr)
    return vr
