"""``ValueIndex`` finds by value exactly the figures a scan with ``overlaps`` finds: counts,
floors, rounded numbers, numbers in words, bands and values with no bounds; ``LiveValues``
finds them in a live list in the order a scan from the newest does."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from monitor.figures import Figure
from monitor.verdicts import values
from monitor.verdicts.judge import StoredFigure, _agreeing, overlaps
from monitor.verdicts.values import LiveValues, ValueIndex


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


def _timed(rng: random.Random, i: int, tie: bool = False) -> StoredFigure:
    f = _figure(rng)
    f.published = datetime(2023, 3, 1, tzinfo=UTC) + timedelta(minutes=i // 2 if tie else i)
    # ``tie``: two values at one time (same page too), where only the list's order tells them apart
    url = f"https://example.org/{i // 2 if tie else i}"
    return StoredFigure(f, id=i, article_id=i, version_id=1, url=url)


def _scanned(f: Figure, prior: list[StoredFigure], end: int) -> list[int | None]:
    return [s.id for s in _agreeing(f, prior, end)]  # (a plain list: scanned)


@pytest.mark.parametrize("arrays", [0, 10**9], ids=["all-at-once", "one-by-one"])
def test_live_values_find_what_a_scan_finds_newest_first(monkeypatch, arrays):
    """``LiveValues.agreeing`` gives the values a scan of the same list gives, in the same
    order, for the whole list and all but its newest value, as values are appended (equal
    times too: the list's order), compared one by one or all at once."""
    monkeypatch.setattr(values, "_ARRAYS", arrays)
    rng = random.Random(5)
    for tie in (False, True):
        plain = [_timed(rng, i, tie) for i in range(150)]
        live = LiveValues(plain)
        for step in range(150):
            # the newest value's own figure too: it agrees with that value, left out or not
            for f in (_figure(rng), _figure(rng), plain[-1].figure):
                for end in (len(plain), len(plain) - 1, None):
                    want = _scanned(f, plain, len(plain) if end is None else end)
                    assert [s.id for s in live.agreeing(f, end)] == want
                    if end is not None:
                        assert [s.id for s in _agreeing(f, live, end)] == want
            new = _timed(rng, 1000 + step, tie)
            live.append(new)
            plain.append(new)
        live.extend(plain[:3])
        assert list(live) == plain + plain[:3]


def test_live_values_past_what_a_float_holds_are_scanned(monkeypatch):
    """Counts a float cannot hold exactly (ints past 2**53) are compared as ``overlaps`` does."""
    monkeypatch.setattr(values, "_ARRAYS", 0)
    big = 2**60
    figs = [StoredFigure(Figure(low=big + i, high=big + i, text=f"{big + i}", measure="killed"),
                         id=i) for i in range(40)]  # fmt: skip
    live = LiveValues(figs)
    f = Figure(low=big + 7, high=big + 7, text=f"{big + 7}", measure="killed")
    assert [s.id for s in live.agreeing(f)] == [7]
    g = Figure(low=float(big), high=float(big), text="a float", measure="killed")  # 2**60 exactly
    assert [s.id for s in live.agreeing(g)] == [0]  # (as floats, all 40 would be 2**60)


def test_live_values_are_only_appended_to():
    live = LiveValues([StoredFigure(Figure(low=1, high=1, text="1", measure="killed"), id=1)])
    with pytest.raises(TypeError):
        live.insert(0, live[0])
    with pytest.raises(TypeError):
        live[0] = live[0]
