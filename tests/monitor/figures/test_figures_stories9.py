"""Shapes found reading the development stories' misses, session 8 (our own sentences): a part
that is larger than its whole ends a list, quoted measure words, other events ranked with this
one."""

from __future__ import annotations

from datetime import datetime

from monitor.figures import extract_figures

PUB = datetime(2026, 3, 10)


def by_value(text: str) -> dict[float | None, object]:
    return {f.low: f for f in extract_figures(text, published=PUB)}


def test_a_count_larger_than_the_whole_is_not_a_part_of_the_list_before_it():
    figs = by_value(
        "Weeks of rain have left more than 512 people dead, 190 of them children, and "
        "4 million residents without a home or clean water."
    )
    assert figs[190].measure == "killed" and figs[190].group_kind == "children"
    big = figs[4_000_000]
    assert big.measure != "killed"
    assert big.group_kind != "children"
    assert "measure:not-a-part" in big.rule


def test_a_part_of_the_list_still_takes_the_list_s_measure():
    figs = by_value("The blast killed 120 people, including 14 children and 9 firefighters.")
    assert figs[14].measure == "killed" and figs[9].measure == "killed"


def test_quoted_measure_words_are_read_whole():
    (f,) = extract_figures(
        "Rebels say 3,100 people 'dead or injured' in the valley quake", published=PUB
    )
    assert f.measure == "casualties"


def test_events_a_storm_is_ranked_with_are_background():
    text = (
        "Storm Orla is now among the five deadliest U.S. storms in 40 years, behind only Katrina, "
        "which killed 1,392 people, and Hurricane Maria, which killed at least 2,975 when it "
        "struck the island."
    )
    figs = by_value(text)
    assert figs[1392].event is False and figs[2975].event is False
    now = by_value("Storm Orla, the deadliest in years, has killed 212 people.")[212]
    assert now.event is True


def test_a_live_page_s_key_points_under_its_headline_are_facts():
    text = (
        "Flood toll climbs in the Karsk valley - live\n\n"
        "- Karsk now reports at least 81 people dead\n"
        "- Many people are still missing\n"
        "- The regional cabinet meets tonight\n\n"
        "Rescuers worked through the night."
    )
    assert [(f.low, f.measure) for f in extract_figures(text, published=PUB)] == [(81, "killed")]
    links = (
        "Floods in the Karsk valley have killed 41 people.\n\n"
        "- Quake toll in Verra passes 900\n- Floods kill 15 in Ostmark\n- Ferry fares rise\n"
    )
    assert [f.low for f in extract_figures(links, published=PUB)] == [41]


def test_a_currency_code_is_a_whole_word():
    (f,) = extract_figures("Death toll from the quakes soars past 1,200", published=PUB)
    assert f.low == 1200 and f.measure == "killed"
    assert not extract_figures("Each family of the 12 dead got Rs 500,000.", published=PUB)[1:]


def test_people_put_at_risk_are_affected_not_killed():
    figs = extract_figures(
        "The floods have put the lives of some 30 million people in Karsk at risk and killed "
        "more than 900.",
        published=PUB,
    )
    assert [(f.measure, f.low <= 30_000_000 <= f.high) for f in figs[:1]] == [("affected", True)]
    assert (figs[1].low, figs[1].measure) == (900, "killed")


def test_the_day_s_deaths_are_a_day_s_count():
    (f,) = extract_figures(
        "Reports from the districts on Friday put the day's deaths at 17.", published=PUB
    )
    assert f.scope.kind == "day" and "scope:days_toll" in f.rule


def test_an_intensity_on_a_scale_is_no_count():
    figs = extract_figures(
        "Six of the deaths were in Varsk, where shaking of 7 on the Japanese scale was felt.",
        published=PUB,
    )
    assert [f.low for f in figs] == [6]


def test_the_preceding_24_hours_and_a_part_of_the_new_deaths_are_no_toll():
    (day,) = extract_figures(
        "The agency said on Sunday that 119 people had died in the preceding 24 hours.",
        published=PUB,
    )
    assert day.scope.kind == "day"
    part = extract_figures("Of the new deaths, 19 were in Varsk province.", published=PUB)[0]
    assert part.scope.kind == "increment"


def test_deaths_reported_in_the_past_24_hours_are_that_day_s_and_so_are_its_members():
    figs = extract_figures(
        "Agency data show that 54 deaths were reported nationwide in the past 24 hours: 44 in "
        "Varsk, eight in Ostmark and two in Lorne.",
        published=PUB,
    )
    assert [(f.low, f.scope.kind) for f in figs] == [
        (54, "day"),
        (44, "day"),
        (8, "day"),
        (2, "day"),
    ]
    (said,) = extract_figures("The ministry said on Monday that 300 had died.", published=PUB)
    assert said.scope.kind == "cumulative"


def test_people_who_may_still_be_missing_are_a_projection_but_feared_missing_a_count():
    (may,) = extract_figures(
        "Officials said more than a thousand people may still be missing in the town.",
        published=PUB,
    )
    assert may.modality == "projection"
    (feared,) = extract_figures("Another 240 are feared missing in Varsk.", published=PUB)
    assert feared.modality == "count" and feared.measure == "missing"


def test_a_place_revising_its_own_tally_owns_both_numbers():
    figs = extract_figures(
        "The national toll rose to 1,731 after Varsk province revised its death tally from 786 to "
        "792, the agency said.",
        published=PUB,
    )
    assert [(f.low, f.place) for f in figs][1:] == [(786, "Varsk"), (792, "Varsk")]
