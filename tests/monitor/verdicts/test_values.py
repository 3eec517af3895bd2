"""``ValueIndex`` finds by value exactly the figures a scan with ``overlaps`` finds: counts,
floors, rounded numbers, numbers in words, bands and values with no bounds."""

from __future__ import annotations

import random

from monitor.figures import Figure
from monitor.verdicts.judge import StoredFigure, overlaps
from monitor.verdicts.values import ValueIndex


def _figure(rng: random.Random) -> Figure:
    n = rng.choice([0, 1, 5, 40, 41, 99, 100, 101, 102, 230, 5000, 4990, 5030, 212_000, 230_000])
    shape = rng.randrange(7)
    if shape == 0:
        return Figure(low=n, high=n, text=f"{n:,}", measure="killed")
    if shape == 1:
        return Figure(low=n, high=None, text=f"more than {n:,}", measure="killed")
    if shape == 2:
        return Figure(low=n, high=n, text=f"about {n:,}", measure="killed")
    if shape == 3:
        return Figure(low=n, high=n * 2 + 10, text=f"{n:,} to {n * 2 + 10:,}", measure="killed")
    if shape == 4:
        return Figure(low=n, high=n, text="dozens", measure="killed")
    if shape == 5:
        return Figure(low=None, high=None, text="many", measure="killed")
    return Figure(low=n * 1.01, high=n * 1.01, text=f"close to {n:,}", measure="killed")


def test_the_index_finds_what_a_scan_finds():
    rng = random.Random(3)
    figs = [StoredFigure(_figure(rng), id=i) for i in range(400)]
    index = ValueIndex(figs)
    for _ in range(300):
        f = _figure(rng)
        found = sorted(s.id for s in index.agreeing(f))  # type: ignore[type-var]
        assert found == [s.id for s in figs if overlaps(f, s.figure)]
        assert index.any_agreeing(f) == bool(found)
