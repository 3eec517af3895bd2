"""Shapes from round-9 real reporting (benchmarks/data/figures_real.jsonl fr084-fr235: quakes,
floods, landslides, cyclones, tsunamis, wildfires, tornadoes, collapses). Our own sentences."""

from __future__ import annotations

from datetime import datetime

from monitor.figures import Figure, extract_figures

PUB = datetime(2026, 3, 10)  # a Tuesday


def figs(text: str) -> list[Figure]:
    return [f for f in extract_figures(text, published=PUB) if f.kind == "count"]


def by_value(text: str) -> dict[float | None, Figure]:
    return {f.low: f for f in figs(text)}


# --- a change, then the level it led to ----------------------------------------------------------


def test_a_change_before_to_is_no_range():
    got = by_value(
        "The toll in Orv rose by four to 5,313, but the number of missing kept slipping, "
        "down 25 to 3,345."
    )
    assert got[4].measure == "killed" and got[4].high == 4 and got[4].scope.kind == "increment"
    assert got[5313].measure == "killed" and got[5313].scope.kind == "cumulative"
    assert got[25].measure == "missing" and got[25].scope.kind == "increment"
    assert got[3345].measure == "missing" and got[3345].scope.kind == "cumulative"


def test_a_plain_range_after_up_to_stays():
    got = by_value("Up to 40 to 50 people died in the blaze in Orv.")
    assert 40 in got and got[40].high == 50


# --- the living are no part of the dead -----------------------------------------------------------


def test_survivors_after_the_bodies_are_not_dead():
    got = by_value("Rescuers in Orv have found 31 bodies and six survivors so far.")
    assert set(got) == {31}


def test_more_bodies_expected_to_be_found_are_a_projected_increment():
    got = by_value('"We have found 31 bodies and expect to find 20 more bodies," the chief said.')
    assert got[31].modality == "count" and got[31].scope.kind == "cumulative"
    assert got[20].measure == "killed" and got[20].modality == "projection"
    assert got[20].scope.kind == "increment"


def test_a_quoted_could_have_died_is_a_projection():
    got = by_value('The senator wrote that "as many as 300" people could have died in the fire.')
    assert got[0].high == 300 and got[0].modality == "projection"


# --- when a count was said, not what it counts ----------------------------------------------------


def test_the_day_a_count_was_told_is_no_scope():
    got = by_value("The governor told the regional assembly on Friday that 16 people were missing.")
    assert got[16].scope.kind == "cumulative"
    got = by_value("At least 40 people died, the mayor said in a radio interview on Monday.")
    assert got[40].scope.kind == "cumulative"


def test_as_of_a_day_is_the_count_then():
    got = by_value("The agency said 31 people were dead and 174 missing as of late yesterday.")
    assert got[31].scope.kind == "cumulative" and got[174].scope.kind == "cumulative"


def test_still_missing_today_is_a_state_not_a_days_count():
    got = by_value("In Orv some 160 people were still missing today and 11 were confirmed dead.")
    assert all(f.scope.kind == "cumulative" for f in got.values())


def test_a_day_opening_the_sentence_before_the_report_dates_the_report():
    got = by_value("On Monday morning the state broadcaster reported 113 people killed in Orv.")
    assert got[113].scope.kind == "cumulative"
    got = by_value("On Monday, 12 people died in Orv.")
    assert got[12].scope.kind == "day"


def test_the_night_a_landslide_buried_them_is_the_events_day():
    got = by_value(
        "The bodies of nine people buried by a mudslide in the hamlets above the Orv river "
        "valley last night have been recovered, and four are still missing."
    )
    assert got[9].scope.kind == "cumulative" and got[4].scope.kind == "cumulative"


# --- level verbs and lists of the missing ---------------------------------------------------------


def test_a_count_that_came_to_a_total_takes_the_measure_of_its_parts():
    got = by_value("The latest count came to 1,250, with 400 deaths in Orv and 85 in Tarn.")
    assert got[1250].measure == "killed" and got[400].measure == "killed"


def test_a_toll_from_a_cause_is_still_a_toll():
    got = by_value("The toll from wildfires in the Orv hills rose to 31 on Sunday.")
    assert got[31].measure == "killed"


def test_a_count_of_other_things_is_no_toll():
    assert by_value("The count of people aboard had been cut to 459, down from 477.") == {}


def test_level_verbs_with_a_day_or_a_time_between():
    got = by_value("The number listed as missing was cut on Friday to fewer than 50.")
    assert got[0].measure == "missing" and got[0].high == 50
    got = by_value("The confirmed toll was unchanged from the past few days at 88.")
    assert got[88].measure == "killed"


def test_or_more_is_a_lower_bound_and_the_nearest_verb_names_the_toll():
    got = by_value("News reports put the dead at 23 or more, but the official toll is 19.")
    assert got[23].measure == "killed" and got[23].high is None


def test_the_list_of_the_missing_and_its_names():
    got = by_value("The missing-persons list then held 196 names.")
    assert got[196].measure == "missing"
    got = by_value(
        "By Friday the list of the missing had been whittled down again to just 49 names."
    )
    assert got[49].measure == "missing"
    got = by_value("Nearly 200 people are still on the list of the missing.")
    assert got[180].measure == "missing"
    got = by_value(
        "The sheriff said the list of missing people had shrunk from dozens to just seven or eight."
    )
    assert got[7].measure == "missing" and got[7].high == 8


def test_news_reports_count_is_no_official_toll():
    got = by_value("The official toll stands at 222; news reports put the dead at 386.")
    assert got[386].measure == "killed" and got[386].claimant.key == "o:unofficial count"
    assert got[222].claimant.key is None


# --- places that keep the counts ------------------------------------------------------------------


def test_a_prefecture_or_country_that_confirms_or_reports_is_the_place_not_the_claimant():
    got = by_value("Miyagi Prefecture has confirmed 1,200 deaths and says 400 people are missing.")
    assert got[1200].place and got[1200].place.startswith("Miyagi")
    assert got[400].place and got[400].place.startswith("Miyagi")
    assert got[1200].claimant.key is None
    got = by_value("Thailand has now reported 5,000 deaths, with 3,000 people missing.")
    assert got[5000].place == "Thailand" and got[3000].place == "Thailand"


def test_a_countrys_toll_opening_the_sentence_covers_its_other_counts():
    got = by_value(
        "Thailand's toll stayed at 5,393, and a further 3,071 people were listed as missing."
    )
    assert got[5393].place == "Thailand" and got[3071].place == "Thailand"


def test_a_ranked_area_the_gazetteer_lacks_after_said():
    got = by_value("The agency chief said North Orvia had the most casualties, with 166 deaths.")
    assert got[166].place == "North Orvia"


def test_an_island_after_on_and_the_head_of_a_parenthesised_list():
    got = by_value("In Thailand, 390 people died, 130 of them on Phuket alone.")
    assert got[130].place == "Phuket"
    got = by_value("The districts hit included Orvale (7 deaths), Tarnby (2) and Hessel (1).")
    assert [got[v].place for v in (7, 2, 1)] == ["Orvale", "Tarnby", "Hessel"]


# --- parts, increments and amounts ----------------------------------------------------------------


def test_the_parts_of_an_added_count_are_added_too():
    got = by_value("The agency reported 13 more deaths, including two in Orv and 11 in Tarn.")
    assert [got[v].scope.kind for v in (13, 2, 11)] == ["increment"] * 3
    got = by_value(
        "Two provinces reported six more deaths on Saturday, four in Orv and two in Tarn."
    )
    assert [got[v].scope.kind for v in (6, 4, 2)] == ["increment"] * 3


def test_another_n_bodies_bringing_the_toll_is_an_increment_but_another_place_is_not():
    got = by_value("Rescuers pulled another 13 bodies from the ruins, bringing the toll to 42.")
    assert got[13].scope.kind == "increment" and got[42].scope.kind == "cumulative"
    got = by_value("The agency said 100 people died in Orv and another 11 in Tarn.")
    assert got[11].scope.kind == "cumulative"


def test_sets_of_human_remains_are_the_dead():
    got = by_value("Two more sets of human remains were found, bringing the number killed to 79.")
    assert got[2].measure == "killed" and got[2].scope.kind == "increment"


def test_a_part_of_the_dead_that_is_a_group():
    got = by_value("The coroner said at least three of the dead were children.")
    assert got[3].measure == "killed" and got[3].group == "children"


def test_a_little_more_than_and_emergency_aid():
    got = by_value("A little more than 150,000 people remain in evacuation centres.")
    assert got[150000].high == 165000 and got[150000].measure == "displaced"
    got = by_value("More than 296,000 people are in need of emergency aid.")
    assert got[296000].measure == "affected"


def test_a_level_after_an_added_count_is_no_part_of_it():
    got = by_value("After four more deaths in Orv, the number killed has risen to at least 166.")
    assert got[4].scope.kind == "increment" and got[166].scope.kind == "cumulative"
    got = by_value(
        "About 1,000 died in Orv and another 200 in Tarn, the two areas that took the first blow."
    )
    assert got[200].scope.kind == "cumulative"


def test_a_commandant_or_coroner_named_before_told_is_the_claimant():
    got = by_value('"We have found 92 bodies," Ana Lind, commandant of the rescue force, told AFP.')
    assert got[92].claimant.key == "p:lind"
