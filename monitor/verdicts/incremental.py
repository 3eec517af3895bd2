"""Re-judging a series after an article arrives: only the values its arrival can change.

``judge_in_turn`` judges a series' representatives in time order, each against the *live*
values before it (``judge_next``). When an article arrives before values already held, the
verdicts after it may change, and a full re-judge of that tail costs O(series) judgements of
O(series) each. ``retrial`` walks the same tail but calls the judge only for a value whose
judgement can differ; for the others the held verdict and liveness stand.

A value's judgement reads the live values before it in these ways only (``judge_series``,
``_rival``, ``_restates``): the latest value (and the latest count, when a count is judged among
counts), its own voice's latest value (and count), the newest other voice's value after that
(which is the latest value, or nothing), and the values it agrees with (``overlaps``: repeats,
the sources of a confirmation). So a *change* of the live list — the new article's values, or a
held value that became live or stale — can reach a later value ``f`` only if:

1. no official value live both before and after the arrival, and not an estimate, lies between
   them (the change may be ``f``'s latest value or latest count, or the newest value of another
   voice that ``_rival`` stops at: an official's scan skips dissenting claims);
2. no such value of the change's own voice lies between them (the change may be that voice's
   latest: ``f``'s own, or the official count a dissenting voice disputes);
3. it agrees with ``f`` (``overlaps``);
4. fewer than ``PEAK_WINDOW`` live values lie between them, and it or one of the series'
   newest values does not lie wholly below ``f`` (``_past_lone_peak`` reads the values at or
   above ``f`` among the newest, and the newest below it: a change among them can make or
   unmake a lone peak, or move its reference; a value above all the newest is no peak's).

Every other value is judged against live values that are the same in every way the judge reads,
so its verdict is the one held. **Keep this in step with the rules**: a new way for a judgement
to read earlier values needs its condition here. ``tests/monitor/verdicts/test_incremental_judge.py``
checks ``retrial`` against the full ``judge_in_turn`` on random series and arrival orders.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import timedelta

from monitor.figures.model import Figure
from monitor.verdicts.judge import (
    DEFAULT_WINDOW,
    OFFICIAL,
    PEAK_WINDOW,
    StoredFigure,
    Verdict,
    below,
    default_source_key,
    estimate,
    judge_next,
    voice,
)
from monitor.verdicts.values import LiveValues, ValueIndex


def retrial(
    tail: Sequence[StoredFigure],
    live: Sequence[StoredFigure],
    was_live: Collection[int | None],
    new: Collection[int | None],
    *,
    source_key: Callable[[StoredFigure], str] = default_source_key,
    window: timedelta = DEFAULT_WINDOW,
) -> Iterator[tuple[StoredFigure, Verdict]]:
    """The values of ``tail`` (representatives in time order, from the first new one) whose
    judgement can have changed, each with its verdict now; the held verdicts of the others
    stand. ``live``: the live values before ``tail[0]``; ``was_live``: ids of the held values
    that were live before this arrival; ``new``: ids of the arriving values (always judged)."""
    now = LiveValues(live)  # (the judge scans it for the values it agrees with)
    changed = ValueIndex()  # the changes so far, by value (a hot series has many)
    latest_open = False  # a change may still be the latest value (or count) of what follows
    voices_open: set[str] = set()  # voices whose latest value (or count) may be a change
    # changes (and arrivals) still within the peak window: (value, live values left)
    recent: list[tuple[StoredFigure, int]] = []
    for f in tail:
        before = f.id in was_live and f.id not in new
        if f.id not in new and not (latest_open or voices_open or changed):
            if before:  # nothing has changed yet that a value could see
                now.append(f)
            continue
        fig = f.figure
        me = voice(fig) if voices_open or latest_open else None  # a regex: only when it matters
        if (
            f.id in new
            or latest_open
            or voices_open  # any voice's latest may be read (a dissenting voice reads the official's)
            or (recent and _under_recent(fig, recent, now))
            or changed.any_agreeing(fig)
        ):
            v, kept = judge_next(f, now, source_key=source_key, window=window)
            yield f, v
        else:
            kept = before
        if kept:
            now.append(f)
            recent = [(c, n - 1) for c, n in recent if n > 1]
        if kept != before or f.id in new:
            recent.append((f, PEAK_WINDOW))
        if kept != before:
            changed.add(f)
            latest_open = True
            voices_open.add(me or voice(fig))
        elif kept and (latest_open or voices_open) and not estimate(fig):
            # an official count closes every rival scan (an official's own latest, anyone
            # else's first other voice); another voice's may be skipped as a dissenting claim
            latest_open = latest_open and me != OFFICIAL
            voices_open.discard(me)  # type: ignore[arg-type]


def _under_recent(
    fig: Figure, recent: Sequence[tuple[StoredFigure, int]], now: Sequence[StoredFigure]
) -> bool:
    """Whether a change still in the peak window, or one of the newest live values, does not
    lie wholly below ``fig`` (condition 4 of the module docstring)."""
    return any(not below(c.figure, fig) for c, _ in recent) or any(
        not below(p.figure, fig) for p in now[-PEAK_WINDOW:]
    )
