"""Figures indexed by value: the ones a figure could agree with, without scanning them all.

``judge.overlaps(a, b)`` holds only when the *reaches* of ``a`` and ``b`` intersect (``reach``):
the figure's span and stated number, widened by 2 % (1 at least). A ``ValueIndex`` keeps its
figures sorted by where their reach starts; most reaches are narrow (a count, a rounded number),
so those a figure can overlap lie in a short run of that order, and the few wide ones (bands,
open or negative spans) are checked one by one. Candidates are then confirmed with ``overlaps``:
the index only skips figures that cannot agree, so every answer is the scan's.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np
from sortedcontainers import SortedKeyList

from monitor.figures.model import Figure
from monitor.verdicts.judge import StoredFigure, _facts, overlaps

#: up to this many figures, an index is scanned in full (cheaper than its lookups)
_SCAN = 24
#: a reach is narrow when its top is at most this much above its floor (plus ``_SLACK``)
_RATIO = 1.1
_SLACK = 1.0


def reach(f: Figure) -> tuple[float, float]:
    """An interval holding every value ``f`` can agree with: ``overlaps(a, b)`` implies that
    ``reach(a)`` and ``reach(b)`` intersect (a rounded number agrees within 0.5 % of its stated
    number, any other within its span, or 2 % of its midpoint when rounded)."""
    return _reach(f.text or "", f.low, f.high)


@lru_cache(maxsize=65536)
def _reach(text: str, low: float | None, high: float | None) -> tuple[float, float]:
    _, n, lo, hi, _ = _facts(text, low, high)
    if n is not None:
        lo, hi = min(lo, n), max(hi, n)
    if math.isinf(lo) or math.isinf(hi) or math.isnan(lo) or math.isnan(hi):
        return (-math.inf, math.inf)
    d = 0.02 * max(abs(lo), abs(hi), 1.0)
    return (lo - d, hi + d)


def _narrow(r: tuple[float, float]) -> bool:
    return r[0] >= 0 and r[1] <= _RATIO * r[0] + _SLACK


class ValueIndex:
    """Stored figures by value; ``agreeing(f)`` gives those ``f`` overlaps (in no set order)."""

    def __init__(self, figs: Iterable[StoredFigure] = ()) -> None:
        self._narrow: SortedKeyList = SortedKeyList(key=lambda e: e[0])
        self._wide: list[StoredFigure] = []
        self._all: list[StoredFigure] = []
        for s in figs:
            self.add(s)

    def __len__(self) -> int:
        return len(self._all)

    def add(self, s: StoredFigure) -> None:
        """Index ``s``."""
        self._all.append(s)
        r = reach(s.figure)
        if _narrow(r):
            self._narrow.add((r[0], r[1], s))
        else:
            self._wide.append(s)

    def agreeing(self, f: Figure) -> Iterator[StoredFigure]:
        """The indexed figures ``f`` overlaps."""
        if len(self._all) <= _SCAN:
            yield from (s for s in self._all if overlaps(f, s.figure))
            return
        lo, hi = reach(f)
        # a narrow reach starting at x ends by _RATIO * x + _SLACK: below that start it cannot
        # reach ``lo``
        start = (lo - _SLACK) / _RATIO if lo > -math.inf else -math.inf
        for _, rhi, s in self._narrow.irange_key(start, hi):
            if rhi >= lo and overlaps(f, s.figure):
                yield s
        for s in self._wide:
            if overlaps(f, s.figure):
                yield s

    def any_agreeing(self, f: Figure) -> bool:
        """Whether ``f`` overlaps any indexed figure."""
        if len(self._all) <= _SCAN:  # (a plain loop: ``retrial`` asks this of every value)
            for s in self._all:  # noqa: SIM110 - no generator: measurably cheaper here
                if overlaps(f, s.figure):
                    return True
            return False
        return next(self.agreeing(f), None) is not None


#: from this many values on, ``LiveValues`` compares them all at once (numpy); below, one by
#: one costs less (about 0.1 µs a value against 35 µs a call)
_ARRAYS = 400

_Facts = tuple[bool, float | None, float, float, bool]  # what ``judge._facts`` gives


def _exact(x: float | None) -> bool:
    """Whether a float holds ``x`` exactly (an int past 2**53 it may not)."""
    return type(x) is not int or -(2**53) <= x <= 2**53


class LiveValues(list):
    """A series' live values in time order (a list, appended to only) that keeps what
    ``overlaps`` reads of each value (``judge._facts``) beside it: ``agreeing(f, end)`` gives
    the values of the first ``end`` that ``f`` overlaps, newest first — the scan
    ``judge._agreeing`` makes of a plain list, without reading each value's figure and facts
    again at every figure judged (``judge.judge_series`` scans the live values for most values
    it judges); a long list (a hot series' live values are hundreds or thousands) is compared
    all at once, in arrays."""

    def __init__(self, figs: Iterable[StoredFigure] = ()) -> None:
        super().__init__(figs)
        self._fx: list[_Facts] = []  # the facts of the first values
        self._inexact = False  # a value a float cannot hold exactly (an int past 2**53)
        self._n = 0  # values in the arrays (the first ones)
        self._cols: list[np.ndarray] = []  # rounded, stated number (NaN: none), low, high, band

    def _facts(self) -> list[_Facts]:
        fx = self._fx
        for i in range(len(fx), len(self)):
            g = self[i].figure
            a, num, lo, hi, w = facts = _facts(g.text or "", g.low, g.high)
            fx.append(facts)
            if not (_exact(lo) and _exact(hi) and _exact(num)):
                self._inexact = True
        return fx

    def _arrays(self, stop: int) -> list[np.ndarray]:
        """The facts of the first ``stop`` values as columns (room for more kept: appended
        values are written in, not copied with the rest)."""
        n, m = self._n, len(self._fx)
        if n < m:
            new = list(zip(*self._fx[n:m], strict=True))
            add = [
                new[0],
                [math.nan if x is None else x for x in new[1]],
                new[2],
                new[3],
                new[4],
            ]
            if not self._cols or m > len(self._cols[0]):
                room = max(2 * m, 1024)
                cols = [np.zeros(room, dtype=t) for t in (bool, float, float, float, bool)]
                for c, old in zip(cols, self._cols, strict=False):
                    c[:n] = old[:n]
                self._cols = cols
            for c, a in zip(self._cols, add, strict=True):
                c[n:m] = a
            self._n = m
        return [c[:stop] for c in self._cols]

    def agreeing(self, f: Figure, end: int | None = None) -> Iterator[StoredFigure]:
        """The values among the first ``end`` (all by default) that ``f`` overlaps, newest
        first: ``judge.overlaps`` inlined, on the facts kept."""
        stop = len(self) if end is None else max(0, min(end, len(self)))
        fx = self._facts()
        fa, fn, flo, fhi, fw = _facts(f.text or "", f.low, f.high)
        if stop > _ARRAYS and not self._inexact and _exact(flo) and _exact(fhi) and _exact(fn):
            yield from (self[i] for i in self._at_once(stop, fa, fn, flo, fhi, fw))
            return
        for i in range(stop - 1, -1, -1):
            ga, gn, glo, ghi, gw = fx[i]
            approx = fa or ga
            if approx and fn is not None and gn is not None:
                if abs(fn - gn) <= 0.005 * max(fn, gn):
                    yield self[i]
                continue
            if not (flo <= ghi and glo <= fhi) or fw != gw:
                continue
            if approx:
                mf, mg = (flo + fhi) / 2, (glo + ghi) / 2
                if abs(mf - mg) <= 0.02 * max(abs(mf), abs(mg), 1.0):  # false for an open span
                    yield self[i]
                continue
            yield self[i]

    def _at_once(
        self, stop: int, fa: bool, fn: float | None, flo: float, fhi: float, fw: bool
    ) -> list[int]:
        """The positions ``agreeing`` finds, newest first, the first ``stop`` compared at once
        (the same arithmetic on the same floats)."""
        ga, gn, glo, ghi, gw = self._arrays(stop)
        approx = ga | fa
        with np.errstate(invalid="ignore"):  # (an open span's midpoint is NaN: no agreement)
            span = (flo <= ghi) & (glo <= fhi) & (gw == fw)
            mf, mg = (flo + fhi) / 2, (glo + ghi) / 2
            near = np.abs(mf - mg) <= 0.02 * np.maximum(np.maximum(abs(mf), np.abs(mg)), 1.0)
            ok = span & (~approx | near)
            if fn is not None:  # both stated numbers, one rounded: within 0.5 % of each other
                close = np.abs(fn - gn) <= 0.005 * np.maximum(fn, gn)
                ok = np.where(approx & ~np.isnan(gn), close, ok)
        return np.flatnonzero(ok)[::-1].tolist()

    def _fixed(self, *args: object, **kwargs: object) -> None:
        raise TypeError("LiveValues is only appended to (the facts kept follow its positions)")

    insert = pop = remove = sort = reverse = clear = _fixed  # type: ignore[assignment]
    __setitem__ = __delitem__ = __iadd__ = _fixed  # type: ignore[assignment]

    def extend(self, figs: Iterable[StoredFigure]) -> None:  # type: ignore[override]
        """Append each of ``figs``."""
        for s in figs:
            self.append(s)
