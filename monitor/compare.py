"""Verdicts: judge a new Figure against stored comparable Figures. Pure logic, no database.

Comparable = same measure, counted group, place and scope class (``comparison_key``), and for
periods also the same window. Scope classes: a day-scoped count and a per-day rate share
``per-day`` (a single day *is* a daily rate); ``per-week`` etc. for other rates; ``period`` (then
aligned within max(7 days, 10 %) at both ends, vague periods like "recent days" only with each
other within the time window); ``cumulative`` to the publication date. So a per-day figure never
meets a five-month total, and "recent days" never meets "12 March".

Reference: among comparable stored figures, the latest one at or before the new figure's date
(ties: same claimant first, then the narrowest bounded interval); if the new figure is older than
all of them, the nearest later one. Then:

- confirms: intervals overlap;
- corrects: no overlap, same claimant (or same article), cumulative, new is lower and not older;
- updates: no overlap, new is later (or same claimant / same article on the same day); also a
  same-claimant (or same-article) "at least N" whose floor rises ("at least 12" → "at least 19");
- contradicts: no overlap, within the window, both claimants known and different (except a
  cumulative count that rises later: that is an update);
- new: nothing comparable — or an older figure that does not overlap a newer one (it is history,
  it never "updates" or "contradicts" the newer figure: the newer one carries that relation, as
  a late verdict recorded by ``monitor.verdicts``), or a same-time difference whose claimant is
  unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from monitor.claimants import claimants_differ, same_claimant
from monitor.figures.model import Figure, fmt_interval
from monitor.figures.places import place_key

VERDICT_KINDS = ("new", "confirms", "updates", "contradicts", "corrects")
DEFAULT_WINDOW = timedelta(days=3)


@dataclass(slots=True)
class StoredFigure:
    """A figure already held, with where it came from."""

    figure: Figure
    id: int | None = None
    article_id: int | None = None
    version_id: int | None = None
    url: str | None = None
    site: str | None = None
    source: str | None = None
    key: str | None = None  # its comparison key, when known


@dataclass(slots=True)
class Verdict:
    """The judgement on one new figure, with the stored figure it was compared with."""

    kind: str
    new: Figure
    stored: StoredFigure | None
    reason: str
    independent_sources: int = 1

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        s = self.stored
        return {
            "kind": self.kind,
            "reason": self.reason,
            "independent_sources": self.independent_sources,
            "new": self.new.to_dict(),
            "stored": None
            if s is None
            else {
                "id": s.id,
                "article_id": s.article_id,
                "version_id": s.version_id,
                "url": s.url,
                "site": s.site,
                "figure": s.figure.to_dict(),
            },
        }


def domain(url: str | None) -> str | None:
    """Site domain of a URL without 'www.'."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    return host.removeprefix("www.") or None


def default_source_key(s: StoredFigure) -> str:
    """Outlet of a stored figure: its precomputed source, else its domain, else its article."""
    return s.source or domain(s.url) or (s.site or "").lower() or f"article:{s.article_id}"


def scope_class(fig: Figure) -> str:
    """'per-day' for a day or a daily rate, 'per-<unit>' for other rates, else the scope kind."""
    sc = fig.scope
    if sc.kind == "day":
        return "per-day"
    if sc.kind == "rate":
        return f"per-{sc.unit or 'day'}"
    return sc.kind


def _norm(s: str | None) -> str:
    return "".join(ch for ch in (s or "").lower() if ch.isalnum() or ch in " ,:").strip() or "-"


def comparison_key(fig: Figure) -> str | None:
    """Key shared by comparable figures; None when the figure is never compared (multiples, or
    neither group side nor place known)."""
    return _key(fig.kind, fig.measure, fig.side, fig.place, fig.group, scope_class(fig))


@lru_cache(maxsize=65536)
def _key(
    kind: str, measure: str, side: str | None, place: str | None, group: str | None, sc: str
) -> str | None:
    if kind == "multiple" or not measure:
        return None
    if not side and not place and not (group and kind == "ratio"):
        return None
    return f"{measure}|{_norm(group)}|{_norm(place_key(place))}|{sc}"


def _label(s: str) -> str:
    return " ".join(
        w for w in s.lower().replace("-", " ").split() if w not in ("the", "just", "only")
    )


def comparable(a: Figure, b: Figure, window: timedelta = DEFAULT_WINDOW) -> bool:
    """Same key, and for periods the same window (see module docstring)."""
    ka = comparison_key(a)
    if ka is None or ka != comparison_key(b):
        return False
    if a.scope.kind != "period":
        return True
    sa, sb = a.scope, b.scope
    if sa.vague or sb.vague:
        if not (sa.vague and sb.vague):
            return False
        da, db = a.as_of, b.as_of
        return da is not None and db is not None and abs((da - db).days) <= window.days
    if sa.start and sa.end and sb.start and sb.end:
        tol = max(7, int(0.1 * max((sa.end - sa.start).days, (sb.end - sb.start).days)))
        return abs((sa.start - sb.start).days) <= tol and abs((sa.end - sb.end).days) <= tol
    return bool(sa.label) and _label(sa.label) == _label(sb.label) and not (sa.start or sb.start)


def overlaps(a: Figure, b: Figure) -> bool:
    """Closed-interval overlap; None bounds are unbounded."""
    alo = a.low if a.low is not None else float("-inf")
    ahi = a.high if a.high is not None else float("inf")
    blo = b.low if b.low is not None else float("-inf")
    bhi = b.high if b.high is not None else float("inf")
    return alo <= bhi and blo <= ahi


def _width(f: Figure) -> float:
    if f.low is None or f.high is None:
        return float("inf")
    return f.high - f.low


def _short_claimant(f: Figure) -> str:
    c = f.claimant
    if c.person:
        return c.person.split()[-1]
    return c.org or "unattributed"


def _when(d: date | None) -> str:
    return f"{d.day} {d:%b %Y}" if d else "undated"


def describe(f: Figure) -> str:
    """'239 on 12 Mar 2023', '50–100 per day', 'more than 20,000 in 2 Dec 2022–2 May 2023'."""
    v = fmt_interval(f.low, f.high)
    sc = f.scope
    if f.kind == "ratio":
        v = f"{v} to 1"
    if sc.kind == "day":
        return f"{v} on {_when(sc.start)}" if sc.start else f"{v} in one day"
    if sc.kind == "rate":
        return f"{v} per {sc.unit or 'day'}"
    if sc.kind == "period":
        if sc.start and sc.end:
            return f"{v} in {_when(sc.start)}–{_when(sc.end)}"
        return f"{v} {sc.label}".strip()
    return f"{v} to date"


def _side(f: Figure, with_date: bool) -> str:
    who = _short_claimant(f)
    if with_date:
        pub = f.published.date() if f.published else f.as_of
        return f"{describe(f)} ({who}, {_when(pub)})"
    return f"{describe(f)} ({who})"


def _pick_reference(new: Figure, cands: list[StoredFigure]) -> StoredFigure:
    nd = new.as_of

    def rank(s: StoredFigure) -> tuple:
        return (
            0 if same_claimant(new.claimant, s.figure.claimant) else 1,
            0 if s.figure.low is not None and s.figure.high is not None else 1,
            _width(s.figure),
            -(s.id or 0),
        )

    if nd is None:
        return min(cands, key=rank)
    before = [s for s in cands if s.figure.as_of is None or s.figure.as_of <= nd]
    if before:
        latest = max((s.figure.as_of or nd) for s in before)
        return min((s for s in before if (s.figure.as_of or nd) == latest), key=rank)
    earliest = min(s.figure.as_of for s in cands if s.figure.as_of is not None)
    return min((s for s in cands if s.figure.as_of == earliest), key=rank)


def pick_reference(new: Figure, stored: Sequence[StoredFigure]) -> StoredFigure | None:
    """The stored figure ``new`` is judged against: the latest comparable one at or before it
    (see module docstring), or None when none is at or before it."""
    nd = new.as_of
    before = [
        s
        for s in stored
        if comparable(new, s.figure)
        and (nd is None or s.figure.as_of is None or s.figure.as_of <= nd)
    ]
    return _pick_reference(new, before) if before else None


def weak_update(v: Verdict) -> bool:
    """An 'update' only because another claimant's cumulative count is higher a day later — too
    weak to record when it is discovered late (the claimant's own series decides)."""
    return (
        v.kind == "updates"
        and v.stored is not None
        and claimants_differ(v.new.claimant, v.stored.figure.claimant)
    )


def judge(
    new: Figure,
    stored: Sequence[StoredFigure],
    *,
    new_source: str | None = None,
    new_article_id: int | None = None,
    source_key: Callable[[StoredFigure], str] = default_source_key,
    window: timedelta = DEFAULT_WINDOW,
) -> Verdict:
    """Verdict on ``new`` given the stored figures (non-comparable ones are ignored)."""
    cands = [s for s in stored if comparable(new, s.figure, window)]
    own = new_source or domain(new.article_url) or "new"
    if not cands:
        return Verdict("new", new, None, f"{_side(new, False)}: nothing comparable held", 1)
    ref = _pick_reference(new, cands)
    r = ref.figure
    nd, rd = new.as_of, r.as_of
    dt = (nd - rd).days if nd and rd else 0
    within = abs(dt) <= window.days
    a, b = _side(new, False), _side(r, True)
    same = same_claimant(new.claimant, r.claimant) or (
        new_article_id is not None and new_article_id == ref.article_id
    )
    floor_rose = (
        new.high is None
        and r.high is None
        and new.low is not None
        and r.low is not None
        and new.low > r.low
    )
    if overlaps(new, r) and floor_rose and same and dt >= 0:
        return Verdict("updates", new, ref, f"{a} raises the floor of {b}", 1)
    if overlaps(new, r):
        sources = {own} | {source_key(s) for s in cands if overlaps(new, s.figure)}
        return Verdict("confirms", new, ref, f"{a} overlaps {b}", len(sources))
    differ = claimants_differ(new.claimant, r.claimant) and not same
    lower = r.low is not None and new.high is not None and new.high < r.low
    if dt < 0:
        # the newer figure carries the relation (monitor.verdicts records it as a late verdict)
        return Verdict("new", new, ref, f"{a} is older than {b}: kept as history, not an update", 1)
    if same:
        if r.scope.kind == "cumulative" and lower and new.kind == "count":
            return Verdict(
                "corrects",
                new,
                ref,
                f"{a} is below {b}: the same claimant's cumulative count went down",
                1,
            )
        return Verdict("updates", new, ref, f"{a} is outside {b}", 1)
    rising_total = r.scope.kind == "cumulative" and new.kind == "count" and dt > 0 and not lower
    if within and differ and not rising_total:
        return Verdict(
            "contradicts",
            new,
            ref,
            f"{a} disagrees with {b}: different claimants, same time window",
            1,
        )
    if dt == 0 and not differ:
        return Verdict(
            "new",
            new,
            ref,
            f"{a} differs from {b} at the same time, but the claimants are unknown or related: not judged",
            1,
        )
    return Verdict("updates", new, ref, f"{a} is outside {b}", 1)
