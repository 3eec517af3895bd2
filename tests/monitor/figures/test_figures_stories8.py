"""Shapes found in the round-8 development stories (a hurricane over several states, a disputed
hospital blast): tallies by state, province or county, ... Our own sentences."""

from __future__ import annotations

from datetime import datetime

from monitor.figures import extract_figures
from monitor.figures.sentences import split_sentences

PUB = datetime(2026, 3, 10)


def rows(text: str) -> list[tuple[float | None, str, str | None, str | None]]:
    return [(f.low, f.measure, f.side, f.place) for f in extract_figures(text, published=PUB)]


# --- tallies by state, province or county ---------------------------------------------------------


def test_a_bulleted_tally_by_province_gives_each_row_its_place():
    text = (
        "The storm's deaths, province by province:\n\n"
        "• Ontario: 14\n• Quebec: 9 people\n• Manitoba: 2\n\n"
        "Power was still out in much of the east."
    )
    assert rows(text) == [
        (14, "killed", None, "Ontario"),
        (9, "killed", None, "Quebec"),
        (2, "killed", None, "Manitoba"),
    ]


def test_each_bullet_line_is_a_sentence_of_its_own():
    text = "Missing by district:\n- Alpha: 3\n- Beta: 4"
    spans = [text[s:e] for s, e in split_sentences(text)]
    assert spans == ["Missing by district:", "- Alpha: 3", "- Beta: 4"]


def test_rows_that_come_next_with_their_count_after_a_sentence_about_the_dead():
    got = rows(
        "Kerala recorded the most deaths of any state. Next comes Karnataka, with 11, then "
        "Goa with four."
    )
    assert (11, "killed", None, "Karnataka") in got
    assert (4, "killed", None, "Goa") in got
    got = rows(
        "The ministry's list shows 40 dead in Kerala. Karnataka was next with 12, then Bihar "
        "with three."
    )
    assert (12, "killed", None, "Karnataka") in got and (3, "killed", None, "Bihar") in got


def test_county_rows_under_a_header_and_a_row_named_like_a_country_among_states():
    text = (
        "Deaths by county so far, Marlow said:\n\n• Polk County: 3\n• Wake County: 1\n\n"
        "Deaths from the storm, state by state:\n\n• Alabama: 6\n• Georgia: 5\n• Ohio: 1"
    )
    got = rows(text)
    assert (3, "killed", None, "Polk County") in got and (1, "killed", None, "Wake County") in got
    # Georgia among US states is the state: a place, not the country's people
    assert (5, "killed", None, "Georgia") in got


def test_rows_that_share_a_count_name_their_last_country():
    got = rows("Deaths by nationality: Peru, 12; Chile and the Netherlands, 1 each.")
    assert (1, "killed", "Netherlands", None) in got
    got = rows(
        "Tolls announced by other countries: Peru with 12; Chile and Bolivia each with three."
    )
    assert (3, "killed", "Bolivia", None) in got


def test_a_tally_of_something_else_or_a_name_in_passing_is_no_row():
    text = "Homes without power, by state:\n\n• Alabama: 40,000\n• Ohio: 12,000"
    assert rows(text) == []
    got = rows("Ravi Menon, 24, from South 24 Parganas, was among those treated for burns.")
    assert all(place != "South" for _, _, _, place in got)


# --- breakdowns by cause --------------------------------------------------------------------------


def test_bullet_rows_of_a_breakdown_by_cause_are_parts_of_the_toll():
    text = (
        "The coroner's report also broke the deaths down by cause:\n\n"
        "• Drowning: 12\n• Falling trees or debris: 7\n• Crush injuries: 7\n• Unknown: 3\n\n"
        "Forty-one people have died in the county since the storm, the coroner said."
    )
    got = extract_figures(text, published=PUB)
    rows_ = [(f.low, f.measure, f.group) for f in got if "breakdown-row" in f.rule]
    assert rows_ == [
        (12, "killed", "drowning"),
        (7, "killed", "falling trees or debris"),
        (7, "killed", "crush injuries"),  # a cause of death, not people hurt
        (3, "killed", "unknown"),
    ]
    assert any(f.low == 41 and f.measure == "killed" and not f.group for f in got)


def test_a_breakdown_row_named_by_a_measure_and_a_list_of_other_things():
    text = "Casualties in the district, the council said:\n\n- Dead: 9\n- Injured: 31"
    got = [(f.low, f.measure, f.group) for f in extract_figures(text, published=PUB)]
    assert got == [(9, "killed", None), (31, "injured", None)]
    text = "The council listed the damage:\n\n- Bridges: 4\n- Schools: 11"
    assert extract_figures(text, published=PUB) == []


# --- a disputed blast: who is under the rubble, who is a patient, who lives there ---------------


def by_value(text: str) -> dict[float | None, object]:
    return {f.low: f for f in extract_figures(text, published=PUB)}


def test_people_still_under_the_rubble_are_missing_not_dead():
    got = by_value("Hundreds of victims are still under the rubble, the agency said.")
    assert got[200].measure == "missing"
    got = by_value("The mayor said dozens of people were still buried in the debris of the mall.")
    assert got[24].measure == "missing"
    # bodies still buried are dead; people pulled out from under it are not missing
    assert by_value("Some 30 bodies are still buried, the mayor said.")[27].measure == "killed"
    got = by_value("Crews pulled 12 people from under the rubble.")
    assert all(f.measure != "missing" for f in got.values())


def test_patients_a_hospital_shelters_are_no_count_of_the_injured():
    assert by_value("The clinic had been sheltering hundreds of sick and wounded people.") == {}
    got = by_value("The shelling wounded 60, among them the sick and wounded of the ward.")
    assert got[60].measure == "injured"


def test_a_place_s_population_is_no_count_whatever_verb_follows():
    got = by_value(
        "The army has encircled the port and its 400,000 residents, and its shelling has "
        "killed hundreds."
    )
    assert 400000 not in got and got[200].measure == "killed"
    assert by_value("The valley is home to 90,000 people.") == {}
    assert by_value("Their 12 children were killed.")[12].measure == "killed"


def test_cases_that_remain_critical_are_injured_in_a_critical_condition():
    f = by_value("Doctors at the clinic said 31 cases remain critical.")[31]
    assert (f.measure, f.group) == ("injured", "critical")
    assert by_value("The clinic reported 40 cases of cholera.")[40].measure == "cases"


def test_killed_in_a_hospital_is_where_they_died_and_hundreds_is_nobody_s_claim():
    f = by_value("Blast Kills Dozens in Hospital, Officials Say")[24]
    assert f.measure == "killed"
    f = by_value("Hundreds reported killed in Tarvin blast")[200]
    assert f.measure == "killed" and f.claimant.key is None


# --- a roundup by place: headings give the paragraphs under them their place ----------------------


def test_place_headings_of_a_roundup_give_their_paragraphs_a_place():
    text = (
        "Storm kills at least 20 across the region\n\n"
        "The toll rose on Friday as crews reached cut-off valleys.\n\n"
        "Ontario\n\n"
        "Four deaths have been confirmed, the provincial police said.\n\n"
        "Quebec\n\n"
        "Officials said the remaining four deaths were all drivers.\n"
    )
    got = [
        (f.low, f.place, "place:section" in f.rule) for f in extract_figures(text, published=PUB)
    ]
    assert (4, "Ontario", True) in got and (4, "Quebec", True) in got  # two counts, not a repeat
    text = (
        "Floods in the east\n\n"
        "Ontario: Four people died when the river rose, police said.\n\n"
        "Quebec: A landslide killed two people near the border.\n"
    )
    got = [(f.low, f.place) for f in extract_figures(text, published=PUB)]
    assert got == [(4, "Ontario"), (2, "Quebec")]


def test_a_single_place_before_a_colon_is_a_dateline_not_a_section():
    text = (
        "Two trains collide in the east\n\n"
        "Delhi: At least 20 people died when two trains crashed, officials said.\n"
    )
    [f] = [f for f in extract_figures(text, published=PUB) if f.low == 20]
    assert "place:section" not in f.rule


# --- counts that leave their measure to the count before them ------------------------------------


def test_an_elided_verb_keeps_the_count_before_and_the_where_clause_names_the_place():
    got = extract_figures(
        "Deaths were reported in Alder County, where three people died, and Birch County, "
        "where one did.",
        published=PUB,
    )
    assert [(f.low, f.measure, f.place) for f in got] == [
        (3, "killed", "Alder"),
        (1, "killed", "Birch"),
    ]
    got = by_value("Four people were killed and the army said two had.")
    assert got[2].measure == "killed"


def test_a_counting_verb_in_a_contrasted_clause_counts_what_the_first_clause_counted():
    got = by_value(
        "By noon the wire service had counted 51 deaths from the storm, while a rival agency "
        "had tallied 48."
    )
    assert got[48].measure == "killed"
    assert by_value("Four people died, and the town reported 12.")[12].measure == "killed"


def test_a_rejected_rival_count_is_the_rival_s_and_no_projection():
    got = by_value(
        "An army spokesman said the blast killed several dozen people, not nearly 500 as "
        "the health ministry had claimed."
    )
    f = got[450]
    assert f.measure == "killed" and f.claimant.key and "ministry" in f.claimant.key
    got = by_value("An analyst said a fairer figure would be around 40 dead, not 300.")
    assert got[300].measure == "killed" and got[300].modality == "count"
    assert got[300].claimant.key is None


def test_a_level_of_its_count_from_one_value_to_another_after_a_sentence_about_deaths():
    got = by_value(
        "The capital reported at least 35 deaths. The province raised its count on Monday from "
        "17 to 25."
    )
    assert got[25].measure == "killed" and got[17].measure == "killed"
    assert "measure:earlier-value" in got[17].rule


def test_a_count_in_apposition_and_its_parts_by_cause_after_a_colon():
    got = extract_figures(
        "The coast had the most direct deaths from the storm, 85: eight caused by wind and 77 by "
        "flash flooding.",
        published=PUB,
    )
    assert [(f.low, f.measure, f.group) for f in got] == [
        (85, "killed", None),
        (8, "killed", "wind"),
        (77, "killed", "flash flooding"),
    ]
    assert by_value("Lorne had the second-highest number of deaths, 20.")[20].measure == "killed"
    # a number that goes on into its own clause is no apposition
    assert 5 not in by_value("Among the deaths, 5 were never explained.")


def test_an_estimate_placed_in_a_range_is_a_count_of_what_the_sentence_counts():
    got = by_value(
        'An intelligence report put the death toll "at the low end of the 60 to 200 spectrum".'
    )
    assert (got[60].measure, got[60].high) == ("killed", 200)
    got = by_value("The number of deaths is probably at the lower end of the 60-to-200 range.")
    assert (got[60].measure, got[60].high) == ("killed", 200)
    assert by_value("Fares are at the high end of the 10 to 20 range.") == {}
    # a score or a vote is no range: "a 3-to-1 vote"
    assert by_value("The council backed the plan in a 3-to-1 vote.") == {}


# --- a war's toll inside a story about one incident -----------------------------------------------


def test_a_war_s_whole_toll_in_a_story_about_one_blast_is_another_event_s():
    text = (
        "Blast at a market in Varnow kills at least 60\n\n"
        "An explosion at a crowded market in Varnow killed at least 60 people on Friday, the "
        "city's health office said.\n\n"
        "Since the war broke out in March, about 9,000 people have been killed across the "
        "region. Artillery strikes on the valley since May 2 had killed 1,200 and wounded 4,000, "
        "officials said earlier."
    )
    got = {f.low: f for f in extract_figures(text, title=text.split("\n")[0], published=PUB)}
    assert got[60].event is True
    assert got[8100].event is False and got[1200].event is False and got[4000].event is False
    # a count hanging off the war's phrase earlier in its sentence is the war's too
    text2 = (
        "Blast at a market in Varnow kills at least 60\n\n"
        "Before the blast, 9,000 people had died in 40 days of shelling, which began after a "
        "raid on border villages in which 700 people were killed."
    )
    got2 = {f.low: f for f in extract_figures(text2, title=text2.split("\n")[0], published=PUB)}
    assert got2[9000].event is False and got2[700].event is False
    # in a story about the war itself, its toll is the story's
    war = "Since the war broke out in March, about 9,000 people have been killed, officials said."
    [f] = extract_figures(war, title="War toll passes 9,000", published=PUB)
    assert f.event is True
    # a superlative compares; it dates nothing
    text = "Blast kills 60 in Varnow\n\nThe blast killed 60, the deadliest since the war began."
    assert all(f.event for f in extract_figures(text, published=PUB))


def test_a_part_of_them_at_the_end_of_a_sentence_and_an_island_after_on():
    got = by_value("In the county five people died, drowning accounting for at least two of them.")
    assert got[2].measure == "killed" and "measure:of-them-part" in got[2].rule
    got = extract_figures(
        "Two of the dead were found on Pelican Island, two in Mardale and one in Dunmore.",
        published=PUB,
    )
    assert [f.place for f in got] == ["Pelican", "Mardale", "Dunmore"]
    # "on the Big Island" is a nickname, "on Monday" a day
    got = extract_figures("A tsunami killed 61 people on the Big Island.", published=PUB)
    assert got[0].place is None


def test_an_organisation_s_spokesman_by_name_is_a_person_with_that_role():
    from monitor.figures.claimants import find_claimant

    c, _ = find_claimant(
        "In a statement on Friday, Tarvin health ministry spokesman Omar Al-Haddad said 30 "
        "people had been killed."
    )
    assert (c.person, c.key, c.role) == (
        "Omar Al-Haddad",
        "p:hadad",
        "Tarvin health ministry spokesman",
    )
    text = (
        "Tarvin health ministry spokesman says 30 killed in market blast\n\n"
        "Tarvin health ministry spokesman Omar Al-Haddad said 30 people had been killed."
    )
    got = [
        f for f in extract_figures(text, title=text.split("\n")[0], published=PUB) if f.low == 30
    ]
    assert len(got) == 1  # the headline's spokesman and the named one are one claimant


def test_a_comparison_with_an_earlier_storm_dates_nothing():
    got = by_value(
        "The report says the storm caused 248 deaths, the most for a hurricane since Katrina "
        "in 2005."
    )
    assert got[248].scope.kind == "cumulative" and got[248].event is True
    # a year that governs the count still dates it
    assert by_value("Storms killed 40 people in January.")[40].scope.kind == "period"


def test_people_reported_to_be_in_critical_condition_are_a_critical_part_of_the_injured():
    f = by_value("Twenty-eight people are reported to be in critical condition.")[28]
    assert (f.measure, f.group) == ("injured", "critical")


def test_people_a_relative_clause_lists_as_missing():
    got = by_value(
        "They are among the hundreds of people across the valley whom officials still list as "
        "unaccounted for."
    )
    assert got[200].measure == "missing"
    got = by_value("There are 40 people in the district who the police have classed as missing.")
    assert got[40].measure == "missing"


def test_a_toll_s_level_after_now_and_a_long_subject_of_a_level_verb():
    got = by_value("The agency's count of the dead, now at least 1,112, takes in 40 countries.")
    assert got[1112].measure == "killed"
    assert by_value("The missing count, now 40, keeps falling.")[40].measure == "missing"
    assert by_value("The number of flights, now 40, keeps rising.") == {}
    got = by_value(
        "The number of Kenyan pilgrims who died in the Sept. 24 crush at Mina, Saudi Arabia, "
        "has risen to 68, the commission said."
    )
    assert got[68].measure == "killed"
    assert by_value("The number of people rescued has risen to 40.")[40].measure != "killed"


def test_people_still_in_a_named_country_s_hospitals_are_injured_in_hospital():
    got = by_value("Of the 42 pilgrims hurt in the crush, seven were still in Saudi hospitals.")
    assert (got[7].measure, got[7].group) == ("injured", "in hospital")
    assert by_value("Four were in Paris on Monday.") == {}
