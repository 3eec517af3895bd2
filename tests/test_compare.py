"""Verdict logic over Figure objects (no database)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from monitor.claimants import fold
from monitor.compare import (
    StoredFigure,
    Verdict,
    comparable,
    comparison_key,
    default_source_key,
    judge,
    scope_class,
)
from monitor.figures import Claimant, Figure, Scope


def fig(
    low,
    high,
    *,
    measure="killed",
    group="Russia, military",
    side="Russia",
    place="Bakhmut",
    scope=None,
    who=None,
    pub=datetime(2024, 3, 10),
    kind="count",
):
    c = Claimant()
    if who:
        c = (
            Claimant(person=who, key="p:" + fold(who.split()[-1]))
            if who[0].isupper() and " " in who or who.istitle()
            else Claimant(org=who, key="o:" + who)
        )
    return Figure(
        low=low,
        high=high,
        text=str(low),
        measure=measure,
        kind=kind,
        group=group,
        side=side,
        group_kind="military",
        place=place,
        scope=scope or Scope("cumulative"),
        claimant=c,
        sentence=f"{low} {measure}",
        published=pub,
    )


def stored(f, i=1, url="https://a.example/x", source=None):
    return StoredFigure(f, id=i, article_id=i, url=url, source=source)


RATE = Scope("rate", unit="day")


def day(d):
    return Scope("day", start=d, end=d)


def test_day_and_daily_rate_share_a_key_but_not_with_periods():
    a = fig(239, 239, scope=day(date(2023, 3, 12)))
    b = fig(50, 100, scope=RATE)
    c = fig(20000, None, scope=Scope("period", start=date(2022, 12, 1), end=date(2023, 5, 1)))
    d = fig(20000, None, scope=Scope("cumulative"))
    assert scope_class(a) == scope_class(b) == "per-day"
    assert comparison_key(a) == comparison_key(b)
    assert len({comparison_key(x) for x in (a, c, d)}) == 3
    assert comparison_key(fig(5, 5, scope=Scope("rate", unit="week"))) != comparison_key(b)


def test_key_separates_measure_group_place():
    base = fig(10, 10)
    assert comparison_key(base) != comparison_key(fig(10, 10, measure="casualties"))
    assert comparison_key(base) != comparison_key(
        fig(10, 10, group="Ukraine, military", side="Ukraine")
    )
    assert comparison_key(base) != comparison_key(fig(10, 10, place="Avdiivka"))


def test_unanchored_figures_are_never_compared():
    f = fig(10, 10, group=None, side=None, place=None)
    assert comparison_key(f) is None
    assert comparison_key(fig(3, 3, kind="multiple")) is None
    assert judge(f, [stored(f)]).kind == "new"


def test_periods_must_align():
    p1 = Scope("period", start=date(2022, 12, 2), end=date(2023, 5, 2))
    p2 = Scope("period", start=date(2022, 12, 1), end=date(2023, 5, 3))
    p3 = Scope("period", start=date(2022, 2, 24), end=date(2022, 10, 31))
    assert comparable(fig(1, 1, scope=p1), fig(1, 1, scope=p2))
    assert not comparable(fig(1, 1, scope=p1), fig(1, 1, scope=p3))


def test_vague_periods_only_meet_each_other_close_in_time():
    r1 = fig(1100, None, scope=Scope("period", end=date(2024, 3, 10), vague=True))
    r2 = fig(
        900,
        None,
        scope=Scope("period", end=date(2024, 3, 11), vague=True),
        pub=datetime(2024, 3, 11),
    )
    r3 = fig(
        900, None, scope=Scope("period", end=date(2024, 5, 1), vague=True), pub=datetime(2024, 5, 1)
    )
    dayf = fig(239, 239, scope=day(date(2024, 3, 10)))
    assert comparable(r1, r2) and not comparable(r1, r3) and not comparable(r1, dayf)


def test_confirms_on_overlap():
    v = judge(
        fig(20000, None, who="Kirby"),
        [stored(fig(19000, 21000, who="Kirby", pub=datetime(2024, 3, 9)))],
    )
    assert v.kind == "confirms"


def test_seed_like_update_from_rate_to_day():
    old = fig(50, 100, scope=RATE, who="Serhii Cherevatyi", pub=datetime(2022, 12, 5))
    new = fig(
        239, 239, scope=day(date(2023, 3, 12)), who="Serhiy Cherevatyi", pub=datetime(2023, 3, 13)
    )
    v = judge(new, [stored(old)])
    assert v.kind == "updates"
    assert (
        v.reason
        == "239 on 12 Mar 2023 (Cherevatyi) is outside 50–100 per day (Cherevatyi, 5 Dec 2022)"
    )
    assert v.stored is not None and v.stored.figure is old


def test_contradiction_needs_same_window_and_different_known_claimants():
    a = fig(19136, 19136, who="minister", pub=datetime(2024, 3, 10))
    b = fig(25000, None, who="station", pub=datetime(2024, 3, 10))
    assert judge(b, [stored(a)]).kind == "contradicts"
    # per-day figures two days apart from different claimants: still the same window
    r1 = fig(100, 100, scope=RATE, who="minister", pub=datetime(2024, 3, 10))
    r2 = fig(300, 300, scope=RATE, who="station", pub=datetime(2024, 3, 12))
    assert judge(r2, [stored(r1)]).kind == "contradicts"
    # outside the window it is an update
    c = fig(25000, None, who="station", pub=datetime(2024, 3, 20))
    assert judge(c, [stored(a)]).kind == "updates"
    # claimant unknown on the same day: not judged
    d = fig(25000, None, pub=datetime(2024, 3, 10))
    assert judge(d, [stored(a)]).kind == "new"


def test_rising_cumulative_from_another_claimant_is_an_update():
    a = fig(1500, 1500, who="agency", pub=datetime(2024, 3, 10))
    b = fig(2300, 2300, who="ministry", pub=datetime(2024, 3, 11))
    assert judge(b, [stored(a)]).kind == "updates"
    # but a falling one from another claimant, close in time, contradicts
    c = fig(900, 900, who="ministry", pub=datetime(2024, 3, 11))
    assert judge(c, [stored(a)]).kind == "contradicts"


def test_same_claimant_going_down_corrects():
    a = fig(450, 450, who="Tomas Novak", pub=datetime(2024, 3, 4))
    b = fig(120, 120, who="Novak", pub=datetime(2024, 3, 9))
    v = judge(b, [stored(a)])
    assert v.kind == "corrects" and "went down" in v.reason
    # a per-day rate going down is an update, not a correction
    r1 = fig(50, 100, scope=RATE, who="Novak", pub=datetime(2024, 3, 4))
    r2 = fig(10, 20, scope=RATE, who="Novak", pub=datetime(2024, 3, 9))
    assert judge(r2, [stored(r1)]).kind == "updates"


def test_same_article_revision_is_an_update_or_correction():
    a = fig(40, 40, pub=datetime(2024, 3, 10))
    b = fig(35, 35, pub=datetime(2024, 3, 10))
    v = judge(b, [stored(a, i=7)], new_article_id=7)
    assert v.kind == "corrects"


def test_older_figure_never_updates_a_newer_one():
    newer = fig(239, 239, scope=day(date(2023, 3, 12)), who="Cherevatyi", pub=datetime(2023, 3, 13))
    older = fig(50, 100, scope=RATE, who="Cherevatyi", pub=datetime(2022, 12, 5))
    v = judge(older, [stored(newer)])
    assert v.kind == "new" and "history" in v.reason
    # an older figure that overlaps is a confirmation of the timeline
    assert (
        judge(
            fig(200, 250, scope=RATE, who="Cherevatyi", pub=datetime(2023, 3, 11)), [stored(newer)]
        ).kind
        == "confirms"
    )


def test_reference_prefers_latest_then_same_claimant_then_narrowest():
    s1 = stored(fig(50, None, scope=RATE, who="Cherevatyi", pub=datetime(2022, 12, 5)), 1)
    s2 = stored(fig(50, 100, scope=RATE, who="Cherevatyi", pub=datetime(2022, 12, 5)), 2)
    s3 = stored(fig(50, 100, scope=RATE, who="military", pub=datetime(2022, 12, 5)), 3)
    new = fig(239, 239, scope=day(date(2023, 3, 12)), who="Cherevatyi", pub=datetime(2023, 3, 13))
    v = judge(new, [s3, s1, s2])
    assert v.kind == "updates" and v.stored is s2


def test_independent_sources_count_outlets_and_clusters():
    a = stored(fig(100, 100, pub=datetime(2024, 3, 9)), 1, url="https://www.one.example/a")
    b = stored(fig(100, 100, pub=datetime(2024, 3, 9)), 2, url="https://two.example/b")
    c = stored(fig(100, 100, pub=datetime(2024, 3, 9)), 3, url="https://one.example/c")
    new = fig(100, 100)
    assert judge(new, [a, b, c], new_source="three.example").independent_sources == 3
    cluster = {1: "k", 2: "k", 3: "k"}
    v = judge(new, [a, b, c], new_source="k", source_key=lambda s: cluster[s.article_id])
    assert v.independent_sources == 1
    assert default_source_key(a) == "one.example"


def test_verdict_dict_is_json_ready():
    import json

    v = judge(fig(1, 1), [])
    assert isinstance(v, Verdict) and v.kind == "new"
    d = json.loads(json.dumps(v.to_dict()))
    assert d["kind"] == "new" and d["stored"] is None and d["new"]["low"] == 1


@pytest.mark.parametrize("window_days", [0, 3, 10])
def test_window_is_configurable(window_days):
    a = fig(100, 100, scope=RATE, who="minister", pub=datetime(2024, 3, 10))
    b = fig(300, 300, scope=RATE, who="station", pub=datetime(2024, 3, 15))
    kind = judge(b, [stored(a)], window=timedelta(days=window_days)).kind
    assert kind == ("contradicts" if window_days >= 5 else "updates")


def test_related_organisations_are_not_different_claimants():
    from monitor.claimants import claimants_differ, make_claimant

    us = make_claimant("US")
    intel = make_claimant("US intelligence officials")
    assert not claimants_differ(us, intel)
    assert claimants_differ(make_claimant("Kremlin"), make_claimant("Ukraine's military"))
    a = fig(19136, 19136, who="US", pub=datetime(2024, 3, 10))
    b = fig(25000, None, who="US intelligence officials", pub=datetime(2024, 3, 10))
    b.claimant = intel
    a.claimant = us
    assert judge(b, [stored(a)]).kind != "contradicts"


def test_a_ratio_going_down_is_an_update_not_a_correction():
    a = fig(7, 7, measure="ratio:killed", kind="ratio", who="Pentagon", pub=datetime(2024, 1, 10))
    b = fig(3, 3, measure="ratio:killed", kind="ratio", who="Pentagon", pub=datetime(2024, 3, 10))
    assert judge(b, [stored(a)]).kind == "updates"
