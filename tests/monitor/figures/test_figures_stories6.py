"""Shapes found in the retold real stories, round 6: sentences that go on with the count of the
sentence before ("Of those, …", "Twelve of them …", "It held at 16", "the number rose to 820"),
changes "from N to M", "near 100" and "could top 350". Our own sentences."""

from __future__ import annotations

from datetime import datetime

from monitor.figures import extract_figures

PUB = datetime(2026, 3, 10)


def figs(text: str):
    return extract_figures(text, published=PUB)


def by_value(text: str) -> dict[float | None, object]:
    return {f.low: f for f in figs(text)}


def test_of_those_opening_a_sentence_is_a_part_of_the_count_before():
    got = by_value(
        "A police spokesman said 2,410 deaths had been registered in the port city. "
        "Of those, 1,905 have already been buried, he said."
    )
    assert got[1905].measure == "killed" and got[1905].group == "buried"
    assert "measure:part-of-previous" in got[1905].rule
    # without a count in the sentence before, "Of those" names nothing
    assert 1905 not in by_value("Rescuers searched all night. Of those, 1,905 were in the north.")


def test_of_the_n_continues_only_a_count_of_n():
    got = by_value(
        "The final toll stands at 57. Of the 57, 55 were recovered from the rubble, and two "
        "died in hospital."
    )
    assert got[55].measure == "killed"
    other = by_value("The final toll stands at 57. Of the 40, 35 were recovered from the rubble.")
    assert 35 not in other


def test_n_of_them_opening_a_sentence_takes_the_measure_before():
    got = by_value(
        "At least 88 Nepalis were injured in the explosion. Fourteen of them are crew members of "
        "a cargo ship."
    )
    assert got[14].measure == "injured"


def test_a_bulleted_breakdown_goes_on_across_bullets():
    text = (
        "The provincial office published its figures:\n\n"
        "- about 180 people are still reported missing\n"
        "- 151 of them are from Tsholotsho\n"
        "- and 29 are from Binga\n"
    )
    got = by_value(text)
    assert got[151].measure == "missing" and got[29].measure == "missing"
    assert got[29].place == "Binga"


def test_a_breakdown_after_of_the_n_burials():
    got = by_value(
        "Of the 140 burials, 120 were in Gokwe, nine in Kariba and two each in Hwange and Binga."
    )
    assert got[120].measure == "killed" and got[120].place == "Gokwe"
    assert got[9].measure == "killed" and got[9].place == "Kariba"
    assert got[2].measure == "killed"


def test_it_and_the_number_level_the_toll_of_the_sentence_before():
    got = by_value(
        "The official death count has changed many times since the storm. It held at 21 for a "
        "week, and that evening the governor raised it to 40."
    )
    assert got[21].measure == "killed" and "measure:level-previous-toll:killed" in got[21].rule
    assert got[40].measure == "killed"
    bullets = by_value(
        "- In the morning, radio reported a toll of 310 dead.\n"
        "- By the afternoon the number rose to 455."
    )
    assert bullets[455].measure == "killed"


def test_it_without_a_toll_before_is_no_figure():
    assert not figs("The hospital has 300 beds. It now has 450.")
    assert not figs("The bridge was closed for repairs. It reopened to 4,000 cars a day.")
    # "the number of homes" names what it counts: not the toll before
    got = by_value("Officials put the dead at 30. The number of homes rose to 820.")
    assert got[30].measure == "killed" and (820 not in got or got[820].measure != "killed")


def test_could_top_is_a_projected_floor_and_the_top_ten_is_no_qualifier():
    got = by_value("The minister put the number of dead at 292. It could top 350, an adviser said.")
    f = got[350]
    assert f.measure == "killed" and f.modality == "projection" and f.high is None
    f = by_value("The death count, which reached 41 on Monday, is likely to top 60.")[60]
    assert f.modality == "projection" and f.high is None
    assert all(f.high is not None for f in figs("The top 10 killed in the attack were soldiers."))


def test_a_toll_that_goes_from_one_level_to_another_gives_both():
    got = by_value('"The death toll has gone from 27 to more than 50 now," the minister said.')
    assert got[27].measure == "killed" and got[50].measure == "killed"
    got = by_value("The death toll from the hotel bombings was lowered from 412 to 301.")
    assert got[412].kind == "count" and got[412].measure == "killed"
    assert got[301].measure == "killed"


def test_near_is_an_approximate_upper_bound():
    f = by_value("The toll from the cyclone climbed to near 100 on Monday night.")[90]
    assert f.measure == "killed" and f.high == 100


def test_among_the_dead_and_among_those_unaccounted_for_give_the_group_its_measure():
    got = by_value(
        "Five sailors of the Northern Fleet, the navy's largest command, are among those "
        "unaccounted for, its spokesman said."
    )
    assert got[5].measure == "missing"
    got = by_value("Three girls, aged 6 and 9, were among the latest bodies pulled from the mud.")
    assert got[3].measure == "killed"
    assert 6 not in got and 9 not in got


def test_refugees_among_the_dead_are_dead_not_displaced():
    got = by_value("At least 11 refugees, among them at least three Afghans, were among the dead.")
    assert got[11].measure == "killed" and got[11].group == "refugees"
    assert by_value("Some 2,000 refugees were sheltering in the school.")[1800].measure == (
        "displaced"
    )


def test_a_list_along_with_a_count_keeps_its_measure():
    got = by_value(
        "Officials said 22 soldiers had been confirmed dead, along with three police officers "
        "and 9 members of the relief staff."
    )
    assert got[3].measure == "killed" and got[9].measure == "killed"
    got = by_value(
        "Among them were 410 unidentified bodies in Sorsogon, 92 unidentified in the town of "
        "Irosin and 40 unidentified in Bulan."
    )
    assert got[92].measure == "killed" and got[40].measure == "killed"


def test_an_aside_that_closed_does_not_carry_its_measure_on():
    got = by_value(
        "More than 80 staff, among them the station chief, have not been found, and at least 9 "
        "guards, Kenyans and Ugandans, are confirmed dead."
    )
    assert got[80].measure == "missing" and got[9].measure == "killed"


def test_people_accounted_for_are_no_toll():
    got = by_value(
        "On Monday she said 205 people affected by the collapse were accounted for, and 96 "
        "people remain unaccounted for."
    )
    assert 205 not in got and got[96].measure == "missing"
    got = by_value("She put the number of people still missing at 31, with 240 accounted for.")
    assert got[31].measure == "missing" and 240 not in got
    assert not figs("All 150 passengers have now been accounted for.")


def test_a_toll_said_by_officials_and_by_named_officials_is_one_figure():
    text = (
        "County officials said the final confirmed death toll had reached 61.\n\n"
        "Officials say they have identified the last victim, a month after the disaster that "
        "took 61 lives."
    )
    assert [f.low for f in figs(text)] == [61]


def test_over_a_month_after_dates_a_moment_it_is_no_period():
    f = by_value("Crews finished the search over a month after a fire that killed 44 people.")[44]
    assert f.scope.kind == "cumulative"
    f = by_value("Police said 12 people were killed over the past two weeks.")[12]
    assert f.scope.kind == "period"


def test_a_minister_with_a_long_title_is_a_person():
    f = by_value(
        "In Gokwe, 31 people have died, Deputy Minister of Home Affairs Tendai Moyo said."
    )[31]
    assert f.claimant.person == "Tendai Moyo" and f.claimant.key == "p:moio"
    f = by_value("Land and Environment Minister Rui Tembe said 140 people had died.")[140]
    assert f.claimant.person == "Rui Tembe"
    f = by_value("The Minister of Foreign Affairs said 15 citizens were killed.")[15]
    assert f.claimant.person is None


def test_estimated_after_its_subject_is_the_verb_not_a_qualifier():
    f = by_value("The researchers estimated 3,120 excess deaths over the winter.")[3120]
    assert f.high == 3120 and f.measure == "killed"
    f = by_value("An estimated 3,000 people were injured.")[2700]
    assert f.high > 3000  # "an estimated 3,000" stays about 3,000


def test_the_real_number_may_be_near_and_closer_to_are_levels_of_the_toll():
    got = by_value(
        "The official toll stands at 38. Several newspapers concluded the real number may be "
        "near 700."
    )
    assert got[630].measure == "killed" and got[630].modality == "projection"
    f = figs(
        "The minister said the number of people killed by the storm was likely closer to "
        "900 or 1,200."
    )[0]
    assert (f.low, f.high, f.measure) == (900, 1200, "killed")


def test_a_final_toll_that_would_land_somewhere_around_is_a_projection():
    got = by_value("Officials said the final toll would land somewhere around 150 to 250.")
    assert got[150].measure == "killed" and got[150].modality == "projection"


def test_putting_its_own_estimate_at_takes_the_toll_of_the_clause():
    got = by_value(
        "The paper found that the real toll went well beyond 38, putting its own estimate at "
        "about 600."
    )
    assert got[38].high is None and got[38].measure == "killed"
    assert got[540].measure == "killed"


def test_it_had_shown_levels_the_count_of_its_sentence():
    got = by_value(
        "A board at the town hall listed 900 dead on Friday, where a day earlier it had shown 450."
    )
    assert got[450].measure == "killed"


def test_victims_without_another_measure_are_the_dead():
    assert (
        by_value("Last month we were at 240 victims, the minister said.")[240].measure == "killed"
    )
    f = by_value("Officials said 14 more victims had been found on Tuesday.")[14]
    assert f.measure == "killed" and f.scope.kind == "increment"
    assert by_value("The ministry released a list of 97 victims.")[97].measure == "killed"
    # the people a flood hit, and the identification of the dead, are not the toll
    assert not figs("Some 3,000 flood victims received food parcels.")
    (ident,) = figs("Police said 32 victims had so far been formally identified.")
    assert ident.group == "identified"  # a series of its own


def test_people_buried_are_dead_but_buried_under_rubble_is_not_a_burial():
    got = by_value(
        "Soldiers confirmed that nine people had been buried by villagers. Another 12 were "
        "buried at a second site."
    )
    assert got[9].measure == "killed" and got[9].group == "buried"
    assert got[12].measure == "killed"
    assert not figs("Twelve people were buried under the rubble.")


def test_a_list_of_places_after_the_people_does_not_end_the_window():
    f = figs(
        "The council said 4.1 million people in 320 municipalities and 41 cities had been "
        "affected by the storm."
    )[0]
    assert f.measure == "affected" and f.low > 4_000_000


def test_a_year_old_is_an_age_not_a_rate():
    f = by_value(
        "The death toll ends at 61, and children were among the victims, one only a year old."
    )[61]
    assert f.scope.kind == "cumulative"


def test_a_list_after_namely_keeps_the_count_s_measure():
    got = figs(
        "The army listed nine people as still missing, namely four Kenyans, three "
        "Somalis and two Ethiopians."
    )
    assert [f.measure for f in got] == ["missing"] * 4


def test_a_relative_clause_before_the_main_verb_does_not_end_the_window():
    f = by_value("Two elderly brothers who were confined to bed died when the water rose.")[2]
    assert f.measure == "killed"


def test_a_bare_official_is_nobody_in_particular():
    text = (
        "Over 40 people are still missing, a civil defence official said on Sunday.\n\n"
        '"We have 96 dead," the official told reporters. "There are more than 40 people still '
        'missing."'
    )
    assert sorted(f.low for f in figs(text) if f.measure == "missing") == [40]


def test_confirmed_toll_in_a_headline_is_no_speech():
    f = figs("Brask confirmed toll rises to 31")[0]
    assert f.measure == "killed" and f.claimant.key is None


def test_a_time_in_a_closed_which_clause_is_not_the_count_s_scope():
    f = figs(
        "The number of people killed by the storm, which struck the coast last month, is "
        "now above 900."
    )[0]
    assert f.scope.kind == "cumulative"


def test_the_n_include_opens_a_part_of_a_count_of_n():
    got = by_value(
        "The mayor said another body was found, taking the number of victims to 31. The 31 "
        "include four people found earlier in the day."
    )
    assert got[4].measure == "killed"
    assert 4 not in by_value("The toll rose to 31. The 50 include four people from abroad.")


def test_more_in_another_place_continues_the_increment_before():
    got = by_value(
        "Twelve more bodies were recovered on Tuesday. Most were found on the upper deck, and "
        "four more were on the car deck."
    )
    assert got[12].scope.kind == "increment"
    assert got[4].measure == "killed" and got[4].scope.kind == "increment"


def test_the_figure_of_n_before_is_an_earlier_value_of_the_toll():
    got = by_value(
        "The minister said the death toll was at least 12. That is lower than the figure of 15 "
        "the governor gave on Friday."
    )
    assert got[15].measure == "killed" and "measure:earlier-value" in got[15].rule
    got = by_value(
        "The death toll from the storms, which had once been given as 9, now stood at 6."
    )
    assert "measure:earlier-value" in got[9].rule and "measure:earlier-value" not in got[6].rule


def test_the_figure_put_on_people_whose_fate_is_unknown_is_missing():
    got = by_value(
        "It was the second swing this week in the count of people whose fate is unknown. On "
        "Monday, the mayor had put the figure at 640."
    )
    assert got[640].measure == "missing"


def test_shelter_needed_for_people_counts_the_displaced():
    f = figs("County officials said that shelter was needed for about 2,800 people.")[0]
    assert f.measure == "displaced"


def test_the_from_value_of_a_change_is_an_earlier_value():
    got = by_value("The island's death toll has been lowered from 120 to 101, the governor said.")
    assert "measure:earlier-value" in got[120].rule
    assert "measure:earlier-value" not in got[101].rule


def test_a_number_of_events_is_no_count_of_people():
    got = by_value("The cargo went up in the first of two huge blasts that killed 412 people.")
    assert 2 not in got and got[412].measure == "killed"
    got = by_value("Three people died in landslides in the hills; two drowned in floods nearby.")
    assert got[2].measure == "killed"


def test_people_at_risk_are_not_a_list_member():
    got = by_value("Some 300 are dead, and thousands at risk from the rising water.")
    # the people at risk are the affected (a vague amount), never more of the dead
    assert all(f.low < 2000 or f.measure == "affected" for f in got.values())


def test_it_with_a_bare_copula_or_a_clock_time_is_no_level():
    assert [
        f.low
        for f in figs("The storm killed 14 people. It was 3 a.m. when the river burst its banks.")
    ] == [14]
    assert [
        f.low for f in figs("The flood killed 12 people. It is 40 years since the last one.")
    ] == [12]


def test_victims_of_something_other_than_an_event_are_not_the_dead():
    assert not figs("The charity helps 500 victims of domestic violence every year.")
    assert by_value("Officials said 61 victims of the blast had been recovered.")[61].measure == (
        "killed"
    )


def test_a_count_compared_with_the_toll_takes_its_measure():
    got = by_value("He said the dead would far outnumber the 140 in the official count.")
    assert got[140].measure == "killed" and got[140].modality == "count"
    got = figs(
        "Officials said 1,500 had died, up from 900. It was the first sign that the dead would "
        "far outnumber the 900 to 1,200 that the president had predicted."
    )
    assert any(x.modality == "projection" and (x.low, x.high) == (900, 1200) for x in got)
    assert not figs("Sales would far exceed the 300 units sold last year.")


def test_people_in_need_of_help_are_affected_and_missing_person_reports_are_missing():
    f = figs("Aid groups said as many as 250,000 people may need help after the quake.")[0]
    assert f.measure == "affected"
    f = figs("The governor said 27 missing-person reports remain open.")[0]
    assert f.measure == "missing"
    assert not figs("The team needs 40 people to help.")
