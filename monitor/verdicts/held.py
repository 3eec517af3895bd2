"""A series as the database holds it, kept in memory between articles (per engine).

A hot story judges its few series at every article. Reading a whole series each time (every
figure and verdict row, rebuilding figures, picking representatives) grows with the story; here
each series keeps what was read of it, and an article reads only the rows added since
(``id > `` the newest held) and two counts that prove nothing else changed (figure and verdict
rows are only ever added; a count that does not add up — a row deleted, moved to another series,
an id that came out of order — reads the whole series again). The counts are kept with the
series' state (``series_state.figures``, ``.verdicts``, written in each article's transaction
by ``monitor.verdicts.tail``), so proving it costs one row, not a count of the series' rows;
a state without them (written before they were kept) has its rows counted.

Only *committed* rows enter the memory: the rows a transaction reads are others' committed rows
and its own, and its own (the arriving version's figures, and anything a session wrote earlier
in the same transaction) are left out, so a rollback never leaves its rows behind. Writers of a
series are serialised (``storage.locks``), so no committed row is missed. The memory is bounded
(``MAX_FIGURES`` over all series, least recently used series out first).
"""

from __future__ import annotations

import bisect
import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from monitor.kinds import ALERT_KINDS
from monitor.verdicts.judge import StoredFigure, live_flags, representatives, voice
from monitor.verdicts.listings import row_to_figure
from monitor.verdicts.values import ValueIndex
from storage.models.figures import FigureRow, VerdictRow
from storage.models.series import SeriesStateRow

#: figures held in memory over all series of one engine
MAX_FIGURES = 60_000

_FIG = FigureRow.__table__.c  # type: ignore[attr-defined]
_VER = VerdictRow.__table__.c  # type: ignore[attr-defined]
_SS = SeriesStateRow.__table__.c  # type: ignore[attr-defined]
#: the columns a stored figure is judged on (``stored_from_row`` reads these and no others)
JUDGED_COLUMNS = [
    _FIG[name]
    for name in (
        "id", "article_id", "version_id", "url", "site", "source_key", "comparison_key",
        "low", "high", "text", "measure", "kind", "counted_group", "group_text", "side",
        "group_kind", "place", "scope_kind", "scope_unit", "scope_start", "scope_end",
        "scope_label", "scope_vague", "claimant_person", "claimant_org", "claimant_key",
        "claimant_role", "sentence", "char_start", "char_end", "rule", "published", "modality",
        "event",
    )
]  # fmt: skip


@dataclass
class HeldSeries:
    """One series' committed figures and verdicts."""

    by_id: dict[int, StoredFigure] = field(default_factory=dict)
    reps: list[StoredFigure] = field(default_factory=list)  # representatives, in time order
    max_id: int = 0
    held: dict[int, tuple[tuple[str, int | None], ...]] = field(default_factory=dict)
    alert_ids: dict[int, tuple[int, ...]] = field(default_factory=dict)
    verdicts: int = 0
    max_vid: int = 0
    live: set[int | None] = field(default_factory=set)  # representatives live after their verdicts
    rep_ids: set[int | None] = field(default_factory=set)
    voices: dict[int | None, str] = field(default_factory=dict)  # each representative's voice
    stale_from: tuple[Any, ...] | None = None  # time from which ``live`` must be worked out again
    stale_to: tuple[Any, ...] | None = None  # the latest changed value's time
    voice_set: set[str] = field(default_factory=set)  # every voice of the series
    by_value: ValueIndex = field(default_factory=ValueIndex)  # the representatives by value

    def touch(self, f: StoredFigure) -> None:
        """``f``'s verdict or presence changed: liveness from ``f`` on is to be worked out."""
        at = f.order()
        if self.stale_from is None or at < self.stale_from:
            self.stale_from = at
        if self.stale_to is None or at > self.stale_to:
            self.stale_to = at

    def add_rep(self, r: StoredFigure) -> None:
        """Hold a new representative (a committed one), in time order and by value."""
        bisect.insort(self.reps, r, key=StoredFigure.order)
        self.rep_ids.add(r.id)
        self.voices[r.id] = v = voice(r.figure)
        self.voice_set.add(v)
        self.by_value.add(r)
        self.touch(r)

    def live_ids(self) -> set[int | None]:
        """Ids of the representatives live under their held verdicts (``live_values``), worked
        out again from the earliest change since the last time (``relive``)."""
        if self.stale_from is None:
            return self.live

        def held(f: StoredFigure) -> tuple[str, int | None] | None:
            h = self.held.get(f.id)  # type: ignore[arg-type]
            return h[-1] if h else None

        changes = relive(
            self.reps, held, self.live, self.voices, len(self.voice_set),
            self.stale_from, self.stale_to,
        )  # fmt: skip
        for fid, now in changes.items():
            if now:
                self.live.add(fid)
            else:
                self.live.discard(fid)
        self.stale_from = self.stale_to = None
        return self.live


def relive(
    reps: Sequence[StoredFigure],
    held: Callable[[StoredFigure], tuple[str, int | None] | None],
    live: Collection[int | None],
    voices: Mapping[int | None, str],
    n_voices: int,
    start: tuple[Any, ...],
    end: tuple[Any, ...] | None,
) -> dict[int | None, bool]:
    """The representatives whose liveness (``live_flags`` under the verdicts ``held``) is no
    longer what ``live`` says, with their liveness now, when nothing before time ``start`` and
    nothing after time ``end`` changed (verdicts or presence; a representative not in ``reps``
    before counts as not live). A value's liveness reads its own verdict and its voice's latest
    live value before it, so the walk stops past ``end`` once every voice's latest live value is
    the one it was. ``voices``: each representative's voice; ``n_voices``: how many there are."""
    at = bisect.bisect_left(reps, start, key=StoredFigure.order)
    own: dict[str, StoredFigure] = {}  # each voice's latest live value before ``at``
    for i in range(at - 1, -1, -1):  # (a few voices; the scan stops when all are seen)
        if len(own) == n_voices:
            break
        if reps[i].id in live:
            own.setdefault(voices[reps[i].id], reps[i])
    was = dict(own)  # the same, as ``live`` has it (nothing before ``at`` changed)
    differ: set[str] = set()  # voices whose latest live value is not what it was
    changes: dict[int | None, bool] = {}

    def voice_of(f: StoredFigure) -> str:
        return voices[f.id]

    for i in range(at, len(reps)):
        f = reps[i]
        if not differ and end is not None and f.order() > end:
            break
        me = voices[f.id]
        before = f.id in live
        if before:
            was[me] = f
        _, now = next(live_flags((f,), held, own, voice_of))
        if now != before:
            changes[f.id] = now
        if own.get(me) is was.get(me):
            differ.discard(me)
        else:
            differ.add(me)
    return changes


_CACHE: weakref.WeakKeyDictionary[Engine, OrderedDict[str, HeldSeries]] = (
    weakref.WeakKeyDictionary()
)
_LOCK = threading.Lock()


def stored_from_row(r: Any) -> StoredFigure:
    """A stored figure from a row of ``JUDGED_COLUMNS`` (or a ``FigureRow``)."""
    return StoredFigure(
        figure=row_to_figure(r),
        id=r.id,
        article_id=r.article_id,
        version_id=r.version_id,
        url=r.url,
        site=r.site,
        source=r.source_key or None,
        key=r.comparison_key,
    )


class _Shared:
    """A row whose strings are interned (``sys.intern``): the figures a series holds repeat
    their key, site, source, measure, claimant, rule, ... and share one copy of each (about 40 %
    less memory a held figure); an interned string goes when nothing refers to it."""

    __slots__ = ("_row",)

    def __init__(self, row: Any) -> None:
        self._row = row

    def __getattr__(self, name: str) -> Any:
        v = getattr(self._row, name)
        return sys.intern(v) if type(v) is str else v


def _written(session: Session) -> set[str]:
    """Series keys this session wrote in its current transaction."""
    txn = session.get_transaction()
    mark = session.info.get("figwatch_series_written")
    if mark is None or mark[0] is not txn:
        mark = session.info["figwatch_series_written"] = (txn, set())
    return mark[1]


def mark_written(session: Session, keys: Collection[str]) -> None:
    """Mark series this transaction changed other than by adding an arriving version's figures
    (re-keyed rows): they are read afresh, and none of their rows is held, until it ends."""
    _written(session).update(keys)


def holds(session: Session, key: str) -> bool:
    """Whether series ``key`` is held in memory and this transaction wrote none of it."""
    if key in _written(session):
        return False
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with _LOCK:
        per = _CACHE.get(engine)
        return per is not None and key in per


def mark_read(session: Session, key: str) -> None:
    """Mark series ``key`` as read (and written) by this transaction without holding it."""
    _written(session).add(key)


def _series(session: Session, key: str) -> tuple[OrderedDict[str, HeldSeries], HeldSeries]:
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with _LOCK:
        per = _CACHE.get(engine)
        if per is None:
            per = _CACHE[engine] = OrderedDict()
        s = per.get(key)
        if s is None:
            s = per[key] = HeldSeries()
        per.move_to_end(key)
    return per, s


def _kept_counts(session: Session, key: str) -> tuple[int | None, int | None]:
    """Series ``key``'s committed figure and verdict rows as its kept state counts them
    (``series_state``: written with the rows in each article's transaction); None uncounted."""
    got = session.execute(
        select(_SS.figures, _SS.verdicts).where(_SS.comparison_key == key)
    ).first()
    return (got.figures, got.verdicts) if got is not None else (None, None)


def _refresh_figures(
    session: Session, key: str, s: HeldSeries, mine: Collection[int | None], kept: int | None
) -> list[StoredFigure] | None:
    """Add committed figures newer than the held ones; the arriving ones (``mine``) are
    returned, not held. None when the counts do not add up (read the series again): the kept
    count of committed rows (``kept``; counted here when None) against the held ones and the
    newer ones; nothing to check when nothing is held yet (the read is whole)."""
    whole = s.max_id == 0 and not s.by_id
    rows = session.execute(
        select(*JUDGED_COLUMNS).where(_FIG.comparison_key == key, _FIG.id > s.max_id)
    ).all()
    ours = [stored_from_row(r) for r in rows if r.id in mine]
    theirs = [stored_from_row(_Shared(r)) for r in rows if r.id not in mine]  # (held)
    if not whole:
        if kept is None:
            count = session.execute(select(func.count()).where(_FIG.comparison_key == key))
            kept = int(count.scalar() or 0) - len(ours)
        if kept != len(s.by_id) + len(theirs):
            return None
    for f in theirs:
        s.by_id[f.id] = f  # type: ignore[index]
        s.max_id = max(s.max_id, f.id)  # type: ignore[type-var]
    for r in representatives(theirs):  # a version's figures are committed together
        s.add_rep(r)
    return ours


def _refresh_verdicts(session: Session, key: str, s: HeldSeries, kept: int | None) -> bool:
    """Add committed verdicts newer than the held ones; False when the counts do not add up
    (``kept``, as ``_refresh_figures``)."""
    whole = s.max_vid == 0 and not s.verdicts
    rows = session.execute(
        select(_VER.id, _VER.figure_id, _VER.kind, _VER.stored_figure_id)
        .where(_VER.comparison_key == key, _VER.id > s.max_vid)
        .order_by(_VER.id)
    ).all()
    if not whole:
        if kept is None:
            count = session.execute(select(func.count()).where(_VER.comparison_key == key))
            kept = int(count.scalar() or 0)
        if kept != s.verdicts + len(rows):
            return False
    for vid, fid, kind, ref in rows:
        s.held[fid] = (*s.held.get(fid, ()), (kind, ref))
        if fid in s.rep_ids:  # (its version's new value is touched already; to be sure)
            s.touch(s.by_id[fid])
        if kind in ALERT_KINDS:
            s.alert_ids[fid] = (*s.alert_ids.get(fid, ()), vid)
        s.max_vid = max(s.max_vid, vid)
    s.verdicts += len(rows)
    return True


def load(
    session: Session,
    key: str,
    mine: Collection[int | None],
    counts: tuple[int | None, int | None] | None = None,
) -> tuple[HeldSeries, list[StoredFigure]]:
    """Series ``key`` as committed (figures, representatives, verdicts), and the arriving
    figures (``mine``) in time order. Call under the series' lock, after flushing ``mine``;
    treat the returned series as read-only. ``counts``: the kept counts of its committed rows
    when the caller read them (``series_state``; read here when None)."""
    written = _written(session)
    per, cached = _series(session, key)
    fresh = key in written  # read what this transaction wrote before too, but hold none of it
    s = HeldSeries() if fresh else cached
    # the kept counts are committed ones: this transaction wrote none of a series it holds
    if not s.by_id:
        counts = (None, None)  # (a whole read checks nothing)
    n_fig, n_ver = counts if counts is not None else _kept_counts(session, key)
    ours = _refresh_figures(session, key, s, mine, n_fig)
    if ours is None or not _refresh_verdicts(session, key, s, n_ver):
        s = HeldSeries()
        ours = _refresh_figures(session, key, s, mine, None) or []
        _refresh_verdicts(session, key, s, None)
        if not fresh:
            with _LOCK:
                per[key] = s
    written.add(key)
    _bound(per)
    return s, sorted(ours, key=StoredFigure.order)


def _bound(per: OrderedDict[str, HeldSeries]) -> None:
    with _LOCK:
        total = sum(len(s.by_id) for s in per.values())
        while total > MAX_FIGURES and len(per) > 1:
            _, old = per.popitem(last=False)
            total -= len(old.by_id)
