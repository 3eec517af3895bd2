"""``retrial`` (re-judge only what an arrival can change) against the full ``judge_in_turn``.

Random series — counts, estimates, bands, floors, rounded values, five voices (one of them
dissenting: residents), recalled and
revised values, a few days apart — arrive in random orders. After each arrival every value's
verdict must be what judging the whole series from scratch gives: where ``retrial`` skips a value
its held verdict must be that, and where it judges one the verdict must be the same. A rule that
reads earlier values in a new way without its condition in ``retrial`` fails here.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from monitor.figures import Claimant, Figure, Scope
from monitor.verdicts.incremental import retrial
from monitor.verdicts.judge import StoredFigure, Verdict, judge_in_turn, live_values

VOICES = [Claimant(), Claimant(org="health ministry", key="o:health ministry"),
          Claimant(org="Red Cross", key="o:red cross"),
          Claimant(person="Ana Ruiz", org="UN", key="p:ruiz")]  # fmt: skip
SAYS = ["{t} people were killed", "the national toll stands at {t} dead",
        "officials had put it at {t} killed", "the toll was revised to {t}",
        "now {t} confirmed killed"]  # fmt: skip


def _value(rng: random.Random) -> tuple[float | None, float | None, str]:
    n = rng.choice([40, 41, 60, 100, 120, 150, 200, 1000, 2000, 3000])
    shape = rng.random()
    if shape < 0.55:
        return n, n, f"{n:,}"
    if shape < 0.7:
        return n, None, f"more than {n:,}"
    if shape < 0.85:
        return n, n, f"about {n:,}"
    return n, n * 2, f"{n:,} to {n * 2:,}"


def _series(rng: random.Random, size: int, measure: str) -> list[StoredFigure]:
    start = datetime(2024, 3, 10)
    out = []
    for i in range(1, size + 1):
        low, high, text = _value(rng)
        pub = start + timedelta(hours=rng.randrange(0, 24 * 5))
        f = Figure(low=low, high=high, text=text, measure=measure, group="people",
                   scope=Scope("cumulative"), claimant=rng.choice(VOICES),
                   sentence=rng.choice(SAYS).format(t=text), published=pub)  # fmt: skip
        out.append(StoredFigure(f, id=i, article_id=i, url=f"https://s{i % 5}.example/{i}"))
    return out


def _ref(v: Verdict) -> tuple[str, int | None]:
    return v.kind, v.stored.id if v.stored else None


def _arrive(series: list[StoredFigure], rng: random.Random) -> int:
    """Let the series arrive in a random order; check every step; return values judged."""
    held: dict[int | None, tuple[str, int | None]] = {}
    arrived: list[StoredFigure] = []
    judged = 0
    for x in rng.sample(series, len(series)):
        arrived.append(x)
        reps = sorted(arrived, key=StoredFigure.order)
        full = dict(zip([r.id for r in reps], judge_in_turn(reps), strict=True))
        old = [r for r in reps if r is not x]
        was_live = {r.id for r in live_values(old, lambda r, h=held: h.get(r.id))}
        at = reps.index(x)
        before = [r for r in reps[:at] if r.id in was_live]
        seen = set()
        for f, v in retrial(reps[at:], before, was_live, {x.id}):
            want = full[f.id]
            seen.add(f.id)
            assert (_ref(v), v.reason, v.independent_sources) == (
                _ref(want), want.reason, want.independent_sources)  # fmt: skip
        assert x.id in seen
        judged += len(seen)
        for f in reps[at:]:  # where it did not judge, the held verdict is still the verdict
            if f.id not in seen:
                assert held[f.id] == _ref(full[f.id]), (f.id, held[f.id], full[f.id].reason)
        held = {i: _ref(v) for i, v in full.items()}
    return judged


def test_retrial_matches_judging_the_whole_series_in_any_order():
    judged = arrivals = 0
    for seed in range(120):
        rng = random.Random(seed)
        measure = "killed" if seed % 3 else "displaced"
        series = _series(rng, rng.randrange(5, 40), measure)
        judged += _arrive(series, rng)
        arrivals += len(series)
    assert judged >= arrivals  # the arrivals themselves, at least


def test_retrial_skips_values_an_arrival_cannot_reach():
    start = datetime(2024, 3, 10)
    series = [  # an official toll rising by the hour; its first value arrives last
        StoredFigure(Figure(low=n, high=n, text=str(n), measure="killed", group="people",
                            scope=Scope("cumulative"), sentence=f"{n} people were killed",
                            published=start + timedelta(hours=i)),
                     id=i + 1, article_id=i + 1, url=f"https://s{i % 5}.example/{i}")
        for i, n in enumerate(range(10, 610, 10))
    ]  # fmt: skip
    late, rest = series[0], series[1:]
    held = {r.id: _ref(v) for r, v in zip(rest, judge_in_turn(rest), strict=True)}
    was_live = {r.id for r in live_values(rest, lambda r: held.get(r.id))}
    judged = [f for f, _ in retrial(series, [], was_live, {late.id})]
    assert judged[0] is late and len(judged) <= 3


def test_retrial_follows_a_lone_peak_arriving_late_in_any_order():
    start = datetime(2024, 3, 10)
    values = [100, 130, 4870, 160, 190, 175, 220, 4870, 240]  # two lone peaks, one repeated
    series = [
        StoredFigure(Figure(low=n, high=n, text=str(n), measure="killed", group="people",
                            scope=Scope("cumulative"), sentence=f"{n} people were killed",
                            published=start + timedelta(hours=i)),
                     id=i + 1, article_id=i + 1, url=f"https://s{i % 3}.example/{i}")
        for i, n in enumerate(values)
    ]  # fmt: skip
    for seed in range(40):
        _arrive(series, random.Random(seed))
