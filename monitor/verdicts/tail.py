"""A series read by key, not whole: what judging an article at its end needs, from the database.

When a series is not held in memory (``monitor.verdicts.held``) and an article's values come
after every value of it (the usual case: news arrives in time order), the judge of each new value
``f`` reads only these of the series' live values (``judge_series``, ``_rival``, ``_disputed``,
``_restates``, and again among counts when a count is judged among counts):

- the latest value, the latest count (not an estimate), the latest of a voice that does not
  dissent and the latest such count (an official's rival scan stops at the first of those after
  its own latest value; anyone else's at the latest value);
- ``f``'s own voice's latest value and count, and the official voice's (a dissenting value is
  set against the standing official one);
- every value ``f`` agrees with (``overlaps``: a repeat, the sources of a confirmation);
- the series' newest ``PEAK_WINDOW`` live values (``_past_lone_peak``: categories ``r:0`` …,
  the newest first).

Those are read by key, in one statement with the state itself (``read``) — ``series_state`` keeps the latest live value of each such category as
a figure id, ``series_value`` each representative's liveness and reach by value (an index on
``(comparison_key, vclass, reach_lo)``, ``monitor.verdicts.values``) — and judged in time order
as the whole list would be: every value the judge reads is among them, and the others it skips
in any case. A value quoted beside its article's current one reads the latest representative it
agrees with, live or not, by value too. Both tables are kept up to date in each article's
transaction (``advance`` after such an article, ``settle`` after one judged on the whole series,
``rebuild`` where none is kept yet or a series was re-keyed). An article that arrives before
values already held reads the series whole (``held.load``), as every article did before.
**Keep this in step with the rules**, as ``monitor.verdicts.incremental``: a new way for a
judgement to read earlier values needs its category here.
``tests/monitor/verdicts/test_series_tail.py`` checks both paths against each other and the kept
state against the state written afresh.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    true,
    union,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from monitor.verdicts.held import JUDGED_COLUMNS, stored_from_row
from monitor.verdicts.judge import (
    OFFICIAL,
    PEAK_WINDOW,
    StoredFigure,
    _dissenting,
    _facts,
    estimate,
    voice,
)
from monitor.verdicts.values import _SLACK, reach
from storage.models.figures import VerdictRow
from storage.models.series import SeriesStateRow, SeriesValueRow

_SV = SeriesValueRow.__table__  # type: ignore[attr-defined]
_SS = SeriesStateRow.__table__  # type: ignore[attr-defined]
_FIG_ID = JUDGED_COLUMNS[0]
#: short reaches in ``series_value`` (a tighter class than the in-memory index: most are one
#: number's ±2 %, so a lookup's index range is a few per cent of the series' values)
_RATIO = 1.05

Order = tuple[datetime, date, str, int, int]
#: a kept state not read yet (``settle`` reads it)
UNREAD = object()
Latest = dict[str, int]  # category -> figure id of its latest live value


def categories(s: StoredFigure) -> list[str]:
    """The categories whose latest live value ``s`` is when it is the newest live one."""
    f = s.figure
    me = voice(f)
    quiet = not _dissenting(f)
    out = ["all", f"v:{me}"] + (["quiet"] if quiet else [])
    if not estimate(f):
        out += ["count", f"vc:{me}"] + (["quiet_count"] if quiet else [])
    return out


#: the categories of the series' newest live values, newest first ("r:0", "r:1", …)
RECENT = "r:"


def _recent(ids: Iterable[int]) -> Latest:
    """The recent categories of ``ids`` (newest first), the first ``PEAK_WINDOW`` of them."""
    out: Latest = {}
    for i, fid in enumerate(ids):
        if i >= PEAK_WINDOW:
            break
        out[f"{RECENT}{i}"] = fid
    return out


def _recent_ids(latest: Latest) -> list[int]:
    """The newest live values of a kept state, newest first."""
    return [latest[k] for k in sorted((k for k in latest if k.startswith(RECENT)),
                                      key=lambda k: int(k[len(RECENT):]))]  # fmt: skip


def _without_recent(latest: Latest) -> Latest:
    return {k: v for k, v in latest.items() if not k.startswith(RECENT)}


def _read_for(s: StoredFigure) -> list[str]:
    """The categories the judge of ``s`` reads."""
    me = voice(s.figure)
    return ["all", "count", "quiet", "quiet_count", f"v:{me}", f"vc:{me}", f"v:{OFFICIAL}",
            f"vc:{OFFICIAL}"]  # fmt: skip


def _encode(at: Order | None) -> str:
    if at is None:
        return "[]"
    pub, day, url, version, start = at
    return json.dumps([pub.isoformat(), day.isoformat(), url, version, start])


def _decode(text: str) -> Order | None:
    v = json.loads(text or "[]")
    if not v:
        return None
    return (datetime.fromisoformat(v[0]), date.fromisoformat(v[1]), v[2], int(v[3]), int(v[4]))


def value_row(key: str, s: StoredFigure, live: bool) -> dict[str, Any]:
    """The ``series_value`` row of representative ``s``."""
    lo, hi = reach(s.figure)
    approx, _, slo, shi, _ = _facts(s.figure.text or "", s.figure.low, s.figure.high)
    finite = not (math.isinf(lo) or math.isinf(hi))
    return {
        "figure_id": s.id, "comparison_key": key, "live": live,
        "vclass": _vclass(s),
        "reach_lo": lo if finite else None, "reach_hi": hi if finite else None,
        "approx": approx,
        "span_lo": None if math.isinf(slo) else slo, "span_hi": None if math.isinf(shi) else shi,
    }  # fmt: skip


def state(session: Session, key: str) -> tuple[Order | None, Latest] | None:
    """Series ``key``'s kept state (the latest value's time, the latest live values), or None
    when none is kept."""
    return state_counts(session, key)[0]


def state_counts(
    session: Session, key: str
) -> tuple[tuple[Order | None, Latest] | None, tuple[int | None, int | None]]:
    """Series ``key``'s kept state (``state``) and the counts of its rows kept with it."""
    row = session.execute(
        select(_SS.c.last, _SS.c.latest, _SS.c.figures, _SS.c.verdicts).where(
            _SS.c.comparison_key == key
        )
    )
    got = row.first()
    if got is None:
        return None, (None, None)
    kept = _decode(got.last), {k: int(v) for k, v in json.loads(got.latest).items()}
    return kept, (got.figures, got.verdicts)


#: a series' figure and verdict rows (``series_state.figures``, ``.verdicts``; None: uncounted)
Counts = tuple[int | None, int | None]


def _count_rows(session: Session, key: str) -> Counts:
    """Series ``key``'s figure and verdict rows, counted (after a flush)."""
    fig, ver = JUDGED_COLUMNS[0].table, VerdictRow.__table__  # type: ignore[attr-defined]
    n_fig = select(func.count()).select_from(fig).where(fig.c.comparison_key == key)
    n_ver = select(func.count()).select_from(ver).where(ver.c.comparison_key == key)
    got = session.execute(select(n_fig.scalar_subquery(), n_ver.scalar_subquery())).one()
    return int(got[0]), int(got[1])


def _put_state(
    session: Session, key: str, last: Order | None, latest: Latest, rows: Counts = (None, None)
) -> None:
    values = {"comparison_key": key, "last": _encode(last), "latest": json.dumps(latest),
              "figures": rows[0], "verdicts": rows[1]}  # fmt: skip
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        ins = (sqlite_insert if dialect == "sqlite" else pg_insert)(_SS).values(**values)
        session.execute(
            ins.on_conflict_do_update(
                index_elements=["comparison_key"],
                set_={k: v for k, v in values.items() if k != "comparison_key"},
            )
        )
    else:  # pragma: no cover - the two backends above are the ones figwatch runs on
        session.execute(delete(_SS).where(_SS.c.comparison_key == key))
        session.execute(insert(_SS).values(**values))


def _figures(session: Session, ids: Iterable[int]) -> list[StoredFigure]:
    ids = sorted(set(ids))
    if not ids:
        return []
    rows = session.execute(select(*JUDGED_COLUMNS).where(_FIG_ID.in_(ids))).all()
    return [stored_from_row(r) for r in rows]


def _point_reach(v: float) -> tuple[float, float]:
    """The reach of an exact count of ``v`` (``values.reach``)."""
    d = 0.02 * max(abs(v), 1.0)
    return (v - d, v + d)


def _vclass(s: StoredFigure) -> int:
    """How ``series_value`` finds a representative: 0 an exact count (by its number), 1 another
    short reach (by where it starts), 2 a wide or unbounded one (with every such one)."""
    lo, hi = reach(s.figure)
    approx, _, slo, shi, _ = _facts(s.figure.text or "", s.figure.low, s.figure.high)
    if math.isinf(lo) or math.isinf(hi) or not (lo >= 0 and hi <= _RATIO * lo + _SLACK):
        return 2
    return 0 if not approx and slo == shi and (lo, hi) == _point_reach(slo) else 1


def _agreeing_ids(session: Session, key: str, s: StoredFigure, live_only: bool) -> list[int]:
    """Ids of the representatives of ``key`` that ``s`` may agree with (a superset: confirm
    with ``overlaps``): their reaches meet and, when neither is rounded, their spans too (an
    exact count is found by its number), in one statement."""
    lo, hi = reach(s.figure)
    approx, _, slo, shi, _ = _facts(s.figure.text or "", s.figure.low, s.figure.high)
    c = _SV.c
    where = [c.comparison_key == key]
    if live_only:
        where.append(c.live.is_(True))
    if math.isinf(lo) or math.isinf(hi):  # it reaches every value
        return list(session.execute(select(c.figure_id).where(*where)).scalars())
    exact = not approx and not (math.isinf(slo) or math.isinf(shi))
    start = (lo - _SLACK) / _RATIO
    window = and_(c.reach_lo >= start, c.reach_lo <= hi, c.reach_hi >= lo)
    parts = [
        select(c.figure_id).where(*where, c.vclass == 2,
                                  or_(c.reach_lo.is_(None), and_(c.reach_lo <= hi,
                                                                 c.reach_hi >= lo))),
    ]  # fmt: skip
    if exact:
        # an exact value agrees with an exact count only where the count lies in its span
        # (the count's reach starts in step with its number: a short range of the index)
        parts.append(select(c.figure_id).where(
            *where, c.vclass == 0,
            c.reach_lo >= _point_reach(slo)[0], c.reach_lo <= _point_reach(shi)[0],
            c.span_lo >= slo, c.span_lo <= shi,
        ))  # fmt: skip
        # ... and with another exact value only where their spans meet
        parts.append(select(c.figure_id).where(
            *where, c.vclass == 1, window,
            or_(c.approx.is_(True), and_(c.span_lo <= shi, c.span_hi >= slo)),
        ))  # fmt: skip
    else:
        parts.append(select(c.figure_id).where(*where, c.vclass.in_((0, 1)), window))
    return list(session.execute(union_all(*parts)).scalars())


def _agreeing_parts(c: Any, where: list[Any], shape: str, i: int) -> list[Any]:
    """``_agreeing_ids``'s statements for a value of ``shape`` ("all": it reaches every value,
    "exact", "approx"), its bounds bound as ``lo{i}``, ``hi{i}``, ... (one cached statement per
    shape, not one built per value)."""
    if shape == "all":
        return [select(c.figure_id).where(*where)]
    lo, hi = bindparam(f"lo{i}"), bindparam(f"hi{i}")
    window = and_(c.reach_lo >= bindparam(f"start{i}"), c.reach_lo <= hi, c.reach_hi >= lo)
    parts = [
        select(c.figure_id).where(*where, c.vclass == 2,
                                  or_(c.reach_lo.is_(None), and_(c.reach_lo <= hi,
                                                                 c.reach_hi >= lo))),
    ]  # fmt: skip
    if shape != "exact":
        return [*parts, select(c.figure_id).where(*where, c.vclass.in_((0, 1)), window)]
    slo, shi = bindparam(f"slo{i}"), bindparam(f"shi{i}")
    return [
        *parts,
        select(c.figure_id).where(
            *where, c.vclass == 0, c.reach_lo >= bindparam(f"plo{i}"),
            c.reach_lo <= bindparam(f"phi{i}"), c.span_lo >= slo, c.span_lo <= shi,
        ),
        select(c.figure_id).where(
            *where, c.vclass == 1, window,
            or_(c.approx.is_(True), and_(c.span_lo <= shi, c.span_hi >= slo)),
        ),
    ]  # fmt: skip


def _shape(s: StoredFigure, i: int) -> tuple[str, dict[str, float]]:
    """The shape of ``s``'s by-value read (``_agreeing_parts``) and its bound values."""
    lo, hi = reach(s.figure)
    if math.isinf(lo) or math.isinf(hi):
        return "all", {}
    approx, _, slo, shi, _ = _facts(s.figure.text or "", s.figure.low, s.figure.high)
    bound = {f"lo{i}": lo, f"hi{i}": hi, f"start{i}": (lo - _SLACK) / _RATIO}
    if approx or math.isinf(slo) or math.isinf(shi):
        return "approx", bound
    bound |= {f"slo{i}": slo, f"shi{i}": shi, f"plo{i}": _point_reach(slo)[0],
              f"phi{i}": _point_reach(shi)[0]}  # fmt: skip
    return "exact", bound


_READS: dict[tuple[str, tuple[str, ...]], Any] = {}


def _read_statement(dialect: str, shapes: tuple[str, ...]) -> Any:
    """One statement for ``read``: the kept state's row, outer-joined to the figures it reads
    (the latest live values of the categories ``cats`` and the newest ones, from the state's
    JSON; the live values each arriving value may agree with, by value)."""
    stmt = _READS.get((dialect, shapes))
    if stmt is not None:
        return stmt
    c = _SV.c
    key = bindparam("key")
    latest = _SS.c.latest if dialect != "postgresql" else cast(_SS.c.latest, JSON)
    each = func.json_each_text if dialect == "postgresql" else func.json_each
    j = each(latest).table_valued("key", "value").alias("j")
    kept_ids = select(cast(j.c.value, BigInteger).label("id")).select_from(_SS.join(j, true())).where(
        _SS.c.comparison_key == key,
        or_(j.c.key.in_(bindparam("cats", expanding=True)), j.c.key.like(f"{RECENT}%")),
    )  # fmt: skip
    where = [c.comparison_key == key, c.live.is_(True)]
    parts = [p for i, sh in enumerate(shapes) for p in _agreeing_parts(c, where, sh, i)]
    ids = union(kept_ids, *parts).cte("ids")
    st = select(_SS.c.last, _SS.c.latest, _SS.c.figures.label("n_figures"),
                _SS.c.verdicts.label("n_verdicts")).where(_SS.c.comparison_key == key).cte("st")  # fmt: skip
    fig = JUDGED_COLUMNS[0].table
    found = ids.join(fig, ids.c.id == _FIG_ID)
    stmt = select(
        st.c.last, st.c.latest, st.c.n_figures, st.c.n_verdicts, *JUDGED_COLUMNS
    ).select_from(st.outerjoin(found, true()))
    _READS[(dialect, shapes)] = stmt
    return stmt


def read(
    session: Session, key: str, own: Sequence[StoredFigure]
) -> tuple[tuple[Order | None, Latest] | None, list[StoredFigure], Counts]:
    """Series ``key``'s kept state (None when none is kept), in time order the live values
    judging ``own`` reads when ``own`` comes at the series' end (``live_before``), and its
    rows as counted, in one statement. (When ``own`` does not come at its end, the values are
    not those: check ``at_end`` first.)"""
    cats = sorted({c for r in own for c in _read_for(r)})
    bound: dict[str, Any] = {"key": key, "cats": cats}
    shapes = []
    for i, r in enumerate(own):
        shape, b = _shape(r, i)
        shapes.append(shape)
        bound |= b
    stmt = _read_statement(session.get_bind().dialect.name, tuple(shapes))
    rows = session.execute(stmt, bound).all()
    if not rows:
        return None, [], (None, None)
    got = rows[0]
    kept = _decode(got.last), {k: int(v) for k, v in json.loads(got.latest).items()}
    now = [stored_from_row(r) for r in rows if r.id is not None]
    return kept, sorted(now, key=StoredFigure.order), (got.n_figures, got.n_verdicts)


def at_end(kept: tuple[Order | None, Latest] | None, own: Sequence[StoredFigure]) -> bool:
    """Whether the arriving representatives ``own`` all come after every value of a series
    whose kept state is ``kept`` (False when none is kept)."""
    if kept is None:
        return False
    last = kept[0]
    return last is None or not own or min(r.order() for r in own) > last


def live_before(
    session: Session, key: str, kept: tuple[Order | None, Latest], own: Sequence[StoredFigure]
) -> list[StoredFigure]:
    """The live values of series ``key`` that judging ``own`` (arriving at its end) reads, in
    time order (see the module docstring)."""
    latest = kept[1]
    ids = {latest[c] for r in own for c in _read_for(r) if c in latest}
    ids.update(_recent_ids(latest))
    for r in own:
        ids.update(_agreeing_ids(session, key, r, live_only=True))
    return sorted(_figures(session, ids), key=StoredFigure.order)


def agreeing(
    session: Session, key: str, s: StoredFigure, overlaps: Callable[[StoredFigure], bool]
) -> list[StoredFigure]:
    """The representatives of series ``key``, live or not, that ``s`` agrees with
    (``overlaps``), read by value."""
    ids = _agreeing_ids(session, key, s, live_only=False)
    return [r for r in _figures(session, ids) if overlaps(r)]


def advance(
    session: Session,
    key: str,
    kept: tuple[Order | None, Latest],
    own: Sequence[StoredFigure],
    live: Mapping[int | None, bool],
    rows: Counts = (None, None),
) -> None:
    """Keep the state of series ``key`` after representatives ``own`` (in time order) arrived
    at its end with liveness ``live``; ``rows``: its figure and verdict rows now."""
    last, latest = kept
    recent = [r.id for r in reversed(own) if live[r.id]] + _recent_ids(latest)
    latest = _without_recent(latest)
    for r in own:
        if live[r.id]:
            for c in categories(r):
                latest[c] = r.id  # type: ignore[assignment]
    latest.update(_recent(recent))  # type: ignore[arg-type]
    if own:
        session.execute(insert(_SV), [value_row(key, r, live[r.id]) for r in own])
        last = max([r.order() for r in own] + ([last] if last is not None else []))
    _put_state(session, key, last, latest, rows)


def _latest_of(reps: Sequence[StoredFigure], is_live: Callable[[StoredFigure], bool]) -> Latest:
    latest: Latest = {}
    for r in reversed(reps):
        if is_live(r):
            for c in categories(r):
                latest.setdefault(c, r.id)  # type: ignore[arg-type]
    latest.update(_recent_of(reps, is_live))
    return latest


def _recent_of(reps: Sequence[StoredFigure], is_live: Callable[[StoredFigure], bool]) -> Latest:
    """The recent categories of ``reps`` (in time order) under liveness ``is_live``."""
    newest: list[int] = []
    for r in reversed(reps):
        if len(newest) >= PEAK_WINDOW:
            break
        if is_live(r):
            newest.append(r.id)  # type: ignore[arg-type]
    return _recent(newest)


def rebuild(
    session: Session,
    key: str,
    reps: Sequence[StoredFigure],
    is_live: Callable[[StoredFigure], bool],
) -> None:
    """Write the whole state of series ``key`` from its representatives (in time order) and
    their liveness, with its rows counted."""
    session.execute(delete(_SV).where(_SV.c.comparison_key == key))
    if reps:
        session.execute(insert(_SV), [value_row(key, r, is_live(r)) for r in reps])
    last = reps[-1].order() if reps else None
    _put_state(session, key, last, _latest_of(reps, is_live), _count_rows(session, key))


def settle(
    session: Session,
    key: str,
    reps: Sequence[StoredFigure],
    own: Collection[int | None],
    changes: Mapping[int | None, bool],
    was_live: Collection[int | None],
    by_id: Mapping[int, StoredFigure],
    kept: Any = UNREAD,
    rows: Counts = (None, None),
) -> None:
    """Keep the state of series ``key`` after an article judged on the whole series: ``reps``
    with the arriving ones (``own``), the liveness ``changes`` since ``was_live``; ``by_id``:
    every figure of the series, the arriving ones too; ``kept``: its state as read in this
    transaction (``UNREAD``: read it here); ``rows``: its figure and verdict rows now. Without
    a kept state, write it whole."""

    def is_live(r: StoredFigure) -> bool:
        return changes.get(r.id, r.id in was_live)

    if kept is UNREAD:
        kept = state(session, key)
    if kept is None:
        rebuild(session, key, reps, is_live)
        return
    new = [r for r in reps if r.id in own]
    if new:
        session.execute(insert(_SV), [value_row(key, r, is_live(r)) for r in new])
    moved = [{"fid": fid, "now": now} for fid, now in changes.items() if fid not in own]
    if moved:
        session.execute(
            update(_SV).where(_SV.c.figure_id == bindparam("fid")).values(live=bindparam("now")),
            moved,
        )
    if not new and not changes and rows == (None, None):
        return
    # a category's latest live value changes only where liveness did: a value that became
    # live (or arrived live) is its categories' latest if later than theirs; a category whose
    # latest is no longer live is read again from the newest value down (rare: a late arrival
    # that makes a series' latest value stale)
    latest = _without_recent(kept[1])
    lost = {fid for fid, now in changes.items() if not now}
    pending = {c for c, fid in latest.items() if fid in lost or fid not in by_id}
    for c in pending:
        del latest[c]
    gained = [r for r in new if is_live(r)]
    gained += [by_id[fid] for fid, now in changes.items() if now and fid not in own]  # type: ignore[index]
    for r in gained:
        for c in categories(r):
            if c not in pending and (c not in latest or r.order() > by_id[latest[c]].order()):
                latest[c] = r.id  # type: ignore[assignment]
    if pending:
        for r in reversed(reps):
            if not pending:
                break
            if is_live(r):
                for c in pending.intersection(categories(r)):
                    latest[c] = r.id  # type: ignore[assignment]
                    pending.discard(c)
    latest.update(_recent_of(reps, is_live))
    _put_state(session, key, reps[-1].order() if reps else None, latest, rows)
