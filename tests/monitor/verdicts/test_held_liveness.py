"""``HeldSeries.live_ids`` (liveness worked out again from the earliest change, stopping once
nothing after the last change can differ) against ``live_flags`` over the whole series, on random
series whose held verdicts change and grow in random places."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from monitor.figures import Claimant, Figure, Scope
from monitor.verdicts.held import HeldSeries
from monitor.verdicts.judge import StoredFigure, live_flags, voice

VOICES = [Claimant(), Claimant(org="Red Cross", key="o:red cross"),
          Claimant(person="Ana Ruiz", org="UN", key="p:ruiz")]  # fmt: skip


def _fig(rng: random.Random, i: int) -> StoredFigure:
    n = rng.choice([40, 41, 60, 100, 120])
    f = Figure(low=n, high=n, text=f"{n}", measure="killed", group="people",
               scope=Scope("cumulative"), claimant=rng.choice(VOICES),
               sentence=f"{n} people were killed",
               published=datetime(2024, 3, 1) + timedelta(hours=rng.randrange(200)))  # fmt: skip
    return StoredFigure(f, id=i, article_id=i, version_id=i, url=f"https://s.example/{i}")


def _full(s: HeldSeries) -> set[int | None]:
    def held(f: StoredFigure) -> tuple[str, int | None] | None:
        h = s.held.get(f.id)  # type: ignore[arg-type]
        return h[-1] if h else None

    return {f.id for f, live in live_flags(s.reps, held, {}, lambda f: voice(f.figure)) if live}


def _verdict(rng: random.Random, s: HeldSeries, f: StoredFigure) -> tuple[str, int | None]:
    same = [r for r in s.reps if voice(r.figure) == voice(f.figure) and r.order() < f.order()]
    if same and rng.random() < 0.6:
        return "stale", rng.choice(same[-3:]).id
    return rng.choice(["updates", "confirms", "stale"]), None


def test_incremental_liveness_is_the_full_one() -> None:
    for seed in range(60):
        rng = random.Random(seed)
        s = HeldSeries()
        next_id = 1
        for _ in range(40):
            if rng.random() < 0.5 or not s.reps:  # a new value arrives (with its verdict)
                f = _fig(rng, next_id)
                next_id += 1
                s.add_rep(f)
                s.by_id[f.id] = f  # type: ignore[index]
                s.held[f.id] = (_verdict(rng, s, f),)  # type: ignore[index]
            else:  # a held value gets a later verdict
                f = rng.choice(s.reps)
                s.held[f.id] = (*s.held.get(f.id, ()), _verdict(rng, s, f))  # type: ignore[index]
                s.touch(f)
            if rng.random() < 0.7:
                assert s.live_ids() == _full(s), seed
        assert s.live_ids() == _full(s), seed
