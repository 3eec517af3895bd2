"""Shapes found in the retold real stories, round 5: sub-counts of the dead and the injured, tables
of counts, lists that are not typos, events told "last year" or in a flashback. Our own sentences;
real place names so that the gazetteer knows them."""

from __future__ import annotations

from datetime import datetime

from monitor.figures import extract_figures

PUB = datetime(2026, 3, 10)


def figs(text: str):
    return extract_figures(text, published=PUB)


def by_value(text: str) -> dict[float | None, object]:
    return {f.low: f for f in figs(text)}


def test_the_buried_dead_are_a_sub_count_of_their_own():
    f = by_value("Of the dead, 1,210 have now been buried, the ministry said.")[1210]
    assert f.measure == "killed" and f.group == "buried" and "group:buried" in f.rule
    whole = by_value("The earthquake has killed 1,480 people, the ministry said.")[1480]
    assert whole.group in (None, "people")


def test_people_still_in_hospital_and_in_a_critical_condition_are_not_the_injured_total():
    got = by_value(
        "According to the police, 41 people are still being cared for in hospital, and 12 of "
        "them are in a critical condition."
    )
    assert got[41].measure == "injured" and got[41].group == "in hospital"
    assert got[12].measure == "injured" and got[12].group == "critical"
    total = by_value("Hospitals have treated 96 injured people since the fire.")[96]
    assert total.group in (None, "people")


def test_an_event_last_year_or_years_before_is_background():
    f = by_value("In May last year a landslide in the same valley killed 37 people.")[37]
    assert not f.event and "event:background" in f.rule
    f = by_value("The collapse comes six years after a mill fire nearby killed 58 workers.")[58]
    assert not f.event
    now = by_value("The landslide on Monday has killed 19 people, officials said.")[19]
    assert now.event


def test_a_flashback_keeps_its_figures_out_of_the_story():
    text = (
        "In 1994 a ferry went down off the cape in a winter storm.\n\n"
        "The sinking killed 212 people and is still the country's worst at sea.\n\n"
        "Rescuers said on Monday that 41 people are dead so far."
    )
    got = by_value(text)
    assert not got[212].event and "event:background:flashback" in got[212].rule
    assert got[41].event


def test_a_table_row_takes_its_label_s_measure():
    text = (
        "Casualties in the province as of 3 May:\n"
        "Total deaths: 57\n"
        "Missing: 12\n"
        "Injured: 30\n\n"
        "The figures are provisional."
    )
    got = {(f.measure, f.low) for f in figs(text)}
    assert {("killed", 57), ("missing", 12), ("injured", 30)} <= got


def test_a_list_after_a_comma_is_two_counts_and_the_typo_stays_one():
    got = {
        (f.measure, f.low) for f in figs("The toll: total deaths 44, 120 missing and 16 injured.")
    }
    assert {("killed", 44), ("missing", 120), ("injured", 16)} <= got
    [f] = figs("The death toll rose to 3, 621 on Friday.")
    assert f.low == 3621


def test_a_projection_does_not_reach_past_a_comma_and_with():
    got = by_value(
        "The toll has climbed to 99 and could double over the next week, with 1,000 people "
        "still missing, the governor said."
    )
    assert got[1000].measure == "missing" and got[1000].modality == "count"
    [f] = figs("Officials fear the death toll could rise to 200 by the weekend.")
    assert f.modality == "projection"


def test_unofficial_counts_are_a_voice_of_their_own():
    [f] = figs(
        "Judging by the area the storm crossed, unofficial counts still exceed 2,000 deaths."
    )
    assert f.claimant.key == "o:unofficial count"
    [g] = figs("The official toll stands at 700.")
    assert not g.claimant.key


def test_an_adjective_before_countries_is_no_place():
    [f] = figs(
        "The combined death toll in the three African countries has climbed to more than 700."
    )
    assert f.place is None
    [g] = figs("At least 12 people died in Beira on Monday.")
    assert g.place == "Beira"


def test_bullets_a_sentence_introduces_are_facts_not_links():
    text = (
        "The ministry has published its latest casualty figures for the storm:\n\n"
        "- 344 people have so far been confirmed dead\n"
        "- about 257 people are still reported missing\n"
        "- 19 are from Chipinge\n\n"
        "More headlines\n"
        "- Floods kill 37 in Safi\n"
        "- Quake toll climbs to 2,012\n"
    )
    got = {(f.measure, f.low) for f in figs(text)}
    assert ("killed", 344) in got
    assert not {v for _, v in got} & {37, 2012}


def test_a_compass_part_of_an_owner_is_the_place():
    from monitor.figures.places import place_mentions

    got = [p for _, p in place_mentions("more than 80 in Zimbabwe's eastern Chimanimani region")]
    assert got == ["Chimanimani"]
    assert [p for _, p in place_mentions("Flooding in Libya's east killed 20.")] == ["Libya"]
