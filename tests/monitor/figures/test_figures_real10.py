"""Shapes from round-10 development stories (floods and quakes: province tally tables, group
breakdowns, counts in brackets). Our own sentences."""

from __future__ import annotations

from datetime import datetime

from monitor.figures import Figure, extract_figures

PUB = datetime(2026, 3, 10)  # a Tuesday


def figs(text: str) -> list[Figure]:
    return [f for f in extract_figures(text, published=PUB) if f.kind == "count"]


def by_value(text: str) -> dict[float | None, Figure]:
    return {f.low: f for f in figs(text)}


# --- tally tables: long names, abbreviations, "with", a reporting verb ----------------------------


def test_a_tally_with_abbreviations_and_long_names_keeps_the_measure():
    got = by_value(
        "Of the 2,310 deaths, the agency said, Orvia has reported 912, Upper Belmar (UB) 407, "
        "Cordon 266, Fen Vale and Marrow (FVM) 51 and Northern Hill Territory one."
    )
    assert {912, 407, 266, 51, 1} <= set(got)
    assert all(got[v].measure == "killed" for v in (912, 407, 266, 51, 1))
    assert got[407].place == "Upper Belmar"
    assert got[51].place == "Fen Vale and Marrow"
    assert got[1].place == "Northern Hill Territory"


def test_followed_by_a_place_with_a_count():
    got = by_value(
        "The capital was hit hardest, with 1,204 bodies recovered, followed by Orvia with 88 "
        "and Belmar with 3."
    )
    assert got[88].measure == "killed" and got[88].place == "Orvia"
    assert got[3].measure == "killed" and got[3].place == "Belmar"


def test_the_injured_tally_keeps_its_own_measure():
    got = by_value(
        "The storms injured 4,120 people: Orvia has recorded 3,002, Upper Belmar (UB) 95."
    )
    assert got[3002].measure == "injured" and got[95].measure == "injured"


def test_a_year_after_a_name_is_no_member():
    got = by_value("Forty people died in Orvia, and the Belmar Accord 2019 was cited.")
    assert set(got) == {40}


# --- a count in brackets after its measure noun ---------------------------------------------------


def test_a_bracketed_count_after_deaths():
    got = by_value(
        "By the agency's count, Orvia had the most deaths (412), followed by Belmar with 97."
    )
    assert got[412].measure == "killed"
    assert got[97].measure == "killed" and got[97].place == "Belmar"


def test_a_bracketed_count_after_the_dead_or_injured():
    assert by_value("Many of the dead (58) were over 80.")[58].measure == "killed"
    assert by_value("Most of the injured (230) were treated in Orv.")[230].measure == "injured"


def test_a_bracketed_year_is_no_count():
    assert by_value("The deaths (2019) were counted again in Orv.") == {}


# --- lists of groups: the measure said once, after the last member or before a colon ------------


def test_a_group_list_takes_the_verb_after_its_last_member():
    got = by_value("In all, 412 men, 230 women and 198 children have died in Orvia since June.")
    assert {412, 230, 198} == set(got)
    assert all(f.measure == "killed" for f in got.values())
    assert got[412].group == "men" and got[230].group == "women"


def test_a_whole_then_its_part_of_them_before_the_verb():
    got = by_value("Of those, 311 people, 120 of them children and 61 women, drowned in Orvia.")
    assert got[311].measure == "killed" and got[120].measure == "killed"
    assert got[61].measure == "killed"


def test_a_group_list_of_the_injured():
    got = by_value("Some 90 men and 45 women were injured when the bridge fell.")
    assert got[81].measure == "injured" and got[45].measure == "injured"


def test_a_breakdown_after_a_colon_keeps_the_counts_measure():
    got = by_value("The floods have killed 1,288 people: 601 men, 455 children and 232 women.")
    assert {1288, 601, 455, 232} == set(got)
    assert all(f.measure == "killed" for f in got.values())
    assert got[601].group == "men" and got[455].group == "children"


def test_the_whole_before_its_parts_is_no_member():
    got = by_value("Of the 212 pupils, 40 are confirmed dead, 90 were rescued and 82 are missing.")
    assert 212 not in got
    assert got[40].measure == "killed" and got[82].measure == "missing"


def test_a_group_list_with_no_casualty_verb_is_no_figure():
    assert by_value("Some 300 men, 120 women and 80 children were registered to vote in Orv.") == {}


# --- animals are no people ------------------------------------------------------------------------


def test_livestock_killed_is_no_death_toll():
    got = by_value(
        "The floods killed 38 people and 1.2 million head of livestock: 700,000 in Orvia and "
        "500,000 in Belmar. Another 41,000 cattle, sheep and goats were lost."
    )
    assert got[38].measure == "killed"
    assert all(got[v].measure == "livestock" for v in (700000, 500000, 41000))


def test_a_head_injury_is_still_an_injury():
    assert by_value("Doctors in Orv treated 20 head injuries.")[20].measure == "injured"


def test_a_group_list_verb_beats_the_part_of_the_count_before():
    got = by_value(
        "The rains caused 2,040 deaths and 9,310 injuries nationwide. Of these, 880 people, "
        "301 of them children and 140 women, died in Orvia."
    )
    assert got[880].measure == "killed" and got[301].measure == "killed"
    assert got[140].measure == "killed"


# --- "Of the new deaths, …", "Of the nine who died …": the parts keep the whole's measure -------


def test_of_the_new_deaths_names_the_parts_measure():
    got = by_value("Of the new deaths, 14 were in Orvia province and three in Belmar.")
    assert got[14].measure == "killed" and got[14].place == "Orvia"
    assert got[3].measure == "killed" and got[3].place == "Belmar"


def test_of_the_n_who_died_names_the_parts_measure():
    got = by_value("Of the 12 who died in the last 24 hours, seven were men and five women.")
    assert got[7].measure == "killed" and got[5].measure == "killed"


def test_of_the_n_who_were_injured():
    got = by_value("Of the 30 people who were injured in Orv on Monday, 11 were children.")
    assert got[11].measure == "injured"


def test_ages_after_the_names_of_the_dead_are_no_counts():
    got = by_value("Police have named two of the dead as Ana Orv, 54, and Jon Belmar, 61.")
    assert 54 not in got and 61 not in got


# --- what the new shapes must leave alone ---------------------------------------------------------


def test_a_countrys_row_with_its_toll_is_its_people_not_a_place():
    got = by_value(
        "Orvia has said 464 of its pilgrims died. Next on the list come India with 101, Nigeria "
        "with 99 and Mali with 70."
    )
    assert got[99].side == "Nigeria" and got[99].place != "Nigeria"


def test_a_table_of_states_is_no_colon_breakdown():
    text = "Deaths by state, as of Saturday:\n\nOrvia County: 113 people\nBelmar County: 48 people"
    got = by_value(text)
    assert got[48].place == "Belmar County"


# --- believed buried, lying buried: not yet reached, so missing -----------------------------------


def test_people_believed_buried_under_debris_are_missing():
    assert by_value("A further 88 were believed buried under debris in Orv.")[88].measure == (
        "missing"
    )
    got = by_value("Hundreds of villagers still lie buried under the rubble in Belmar.")
    assert [f.measure for f in got.values()] == ["missing"]


def test_bodies_under_the_rubble_stay_dead():
    assert by_value("Rescuers found 30 bodies buried under the rubble.")[30].measure == "killed"


# --- a toll's level: more level verbs, longer subjects, a quoted level -----------------------------


def test_a_toll_that_shot_up_is_a_level():
    got = by_value(
        "The number of people killed by the quakes in Orvia's west has shot up to at least 410."
    )
    assert got[410].measure == "killed" and got[410].scope.kind == "cumulative"


def test_the_number_of_victims_of_a_flood_is_a_death_toll():
    got = by_value("The total number of victims of the flood disaster in Orvia rises to 188.")
    assert got[188].measure == "killed"


def test_the_number_of_people_somewhere_who_died():
    got = by_value("The number of people in Orvia who have died of cholera has risen to 512.")
    assert got[512].measure == "killed"


def test_a_quoted_level_after_to():
    got = by_value('The ministry lowered the number of injured to "more than 1,900" on Friday.')
    assert got[1900].measure == "injured"


def test_the_number_of_passengers_is_still_no_toll():
    assert by_value("The number of passengers on board rose to 412.") == {}


# --- a table of rows, one label and one number a line -----------------------------------------------


def test_each_row_of_a_table_is_read_on_its_own():
    text = (
        "Storm effects in Orvia (as of May 2)\n"
        "Deaths in the storm: 31\n"
        "Storm-related deaths: 6\n"
        "Injured: 412 (38 seriously)\n"
        "Evacuation shelters: 90\n"
        "Evacuees: 18,220\n"
    )
    got = by_value(text)
    assert got[31].measure == "killed" and got[6].measure == "killed"
    assert got[412].measure == "injured" and got[18220].measure == "displaced"
    assert 90 not in got


def test_a_wrapped_sentence_with_a_colon_is_still_one_sentence():
    got = by_value("The agency gave its count:\n40 people died and 12 were hurt in Orv.")
    assert got[40].measure == "killed" and got[12].measure == "injured"


# --- a tally's next row in a new sentence; victims who received aid ---------------------------------


def test_a_province_that_follows_with_a_count_is_the_next_row():
    got = by_value(
        "The agency said 410 people have died in Orvia Province. Belmar Province follows with "
        "206, then Cordon Province with 77."
    )
    assert got[206].measure == "killed" and got[206].place == "Belmar Province"


def test_victims_who_received_aid_are_not_the_dead():
    assert by_value("Some 52,000 victims have received cash from the relief fund.") == {}
    assert by_value("The 19 victims were buried on Friday.")[19].measure == "killed"
