"""Shapes found in the round-7 development stories (a train crash, landslides, an earthquake):
people out of hospital, … Our own sentences, fictional places."""

from __future__ import annotations

from datetime import datetime

from monitor.figures import extract_figures

PUB = datetime(2026, 3, 10)


def by_value(text: str) -> dict[float | None, object]:
    return {f.low: f for f in extract_figures(text, published=PUB)}


def test_people_discharged_or_gone_home_are_a_part_of_the_injured():
    got = by_value(
        "Altogether 640 people were taken into hospitals in Varnow; 410 of them had since gone "
        "home and 230 were still under treatment."
    )
    assert got[640].measure == "injured"
    assert got[410].measure == "injured" and got[410].group == "discharged"
    assert got[230].measure == "injured"
    got = by_value("By noon 58 had been discharged, the Kessel health office said.")
    assert got[58].measure == "injured" and got[58].group == "discharged"
    got = by_value("More than 90 people have left hospital, the clinic in Dorra said.")
    assert got[90].measure == "injured" and got[90].group == "discharged"
    got = by_value("Some 40 patients are being treated in Ostrel, and 75 have been sent home.")
    assert got[75].measure == "injured" and got[75].group == "discharged"


def test_going_home_without_hospital_words_is_no_count():
    got = by_value("Three pupils, the teachers found, had missed the bus and had gone home.")
    assert 3 not in got


# --- numbers -------------------------------------------------------------------------------------


def test_a_one_sided_bound_is_the_number_as_written():
    from monitor.figures.numbers import find_numbers

    (more,) = find_numbers("more than 1.45 million")
    assert (more.low, more.high) == (1_450_000, None)
    (upto,) = find_numbers("as many as 5.3 million")
    assert (upto.low, upto.high) == (0, 5_300_000)
    (plain,) = find_numbers("1.2 million")  # without a qualifier: the rounding band
    assert plain.low < 1_200_000 < plain.high


def test_south_asian_scales_after_digits():
    from monitor.figures.numbers import find_numbers

    (n,) = find_numbers("over 2.5 lakh people")
    assert n.low == 250_000
    (c,) = find_numbers("1 crore residents")
    assert c.low == c.high == 10_000_000
    assert find_numbers("the lakh was calm") == []


# --- people in camps are displaced; families and camps are no people -----------------------------


def test_people_in_relief_camps_or_sheltered_by_camps_are_displaced():
    got = by_value("In all, 3,400 people are in relief camps across Morvane, officials said.")
    assert got[3400].measure == "displaced"
    got = by_value("The district runs 31 relief camps, sheltering 4,120 people from 988 families.")
    assert got[4120].measure == "displaced"
    assert 31 not in got or got[31].measure not in ("displaced", "killed")
    assert 988 not in got
    got = by_value("Floods in 2019 killed 12 people and sent thousands to relief camps in Ulm.")
    assert [f.measure for f in got.values()] == ["killed", "displaced"]
    got = by_value("More than 2.1 million people had to be put up in relief camps in Veska.")
    assert got[2_100_000].measure == "displaced"


def test_a_headline_list_member_in_camps_is_displaced_not_the_dead():
    got = by_value("Storm in Parl: 41 bodies recovered, 2,870 in relief camps")
    assert got[41].measure == "killed" and got[2870].measure == "displaced"


def test_a_number_of_families_is_no_number_of_people():
    people = {"killed", "injured", "missing", "displaced", "casualties", "affected"}
    got = by_value("Hundreds of families were homeless in Dresk before the flood.")
    assert not any(f.measure in people for f in got.values())
    got = by_value("Some 900 people from 210 displaced families were staying in schools.")
    assert [f.measure for f in got.values() if f.measure in people] == ["displaced"]


# --- not yet traced are missing; died or gone missing are casualties ----------------------------


def test_people_yet_to_be_traced_are_missing():
    got = by_value("About 140 people from Hollin and Marsk are yet to be traced.")
    assert got[126].measure == "missing"
    got = by_value("Nine passengers had still not been traced by noon, the Tarvel office said.")
    assert got[9].measure == "missing"


def test_died_or_gone_missing_counts_the_dead_and_the_missing_together():
    got = by_value("In all, 31 pupils have either died or gone missing in the mudslides.")
    assert got[31].measure == "casualties"
    got = by_value("Some 40 people are dead or missing and presumed dead, police in Orle said.")
    assert got[36].measure == "killed"


# --- parts named by their group ------------------------------------------------------------------


def test_groups_named_before_among_them_are_parts_of_the_count():
    got = by_value(
        "In Dalvor, 96 people have died, 14 children and 30 women among them, and about 50 "
        "are missing."
    )
    assert got[14].measure == "killed" and got[14].group == "children"
    assert got[30].measure == "killed" and got[30].group == "women"
    # the parts are no subject for the count after them
    assert got[45].measure == "missing" and got[45].group is None


def test_a_list_after_among_them_goes_on_past_and():
    got = by_value("The camps are housing 1,240 people, among them 310 children and 402 women.")
    assert got[310].measure == "displaced" and got[402].measure == "displaced"


def test_a_gapped_verb_keeps_the_measure_for_a_group():
    got = by_value("Of the dead, 21 were children and 34 women, officials in Brenne said.")
    assert got[34].measure == "killed" and got[34].group == "women"
    got = by_value("In Ostra, police arrested 40 men and 12 women.")
    assert got[12].measure == "arrested"
    # a verb of its own names the measure
    got = by_value("Floods killed 18 people and 40 children were rescued in Pell.")
    assert got[40].measure == "rescued"


# --- smaller shapes ------------------------------------------------------------------------------


def test_deaths_among_the_injured_are_deaths():
    got = by_value("In Parvel, one of the injured died on Monday.")
    assert got[1].measure == "killed"
    got = by_value("Two of the injured have since died, the Olsk clinic said.")
    assert got[2].measure == "killed"
    assert by_value("It was one of the worst floods in Olsk.") == {}


def test_a_count_before_a_colon_and_its_list():
    got = by_value(
        "The toll now stands at 131: 95 bodies were found in Keln and 36 from the river at Ablo."
    )
    assert got[131].measure == "killed"
    assert got[95].measure == "killed" and got[36].measure == "killed"
    (ratio,) = by_value("The ratio of dead to injured was 1:3 in Kessel.").values()
    assert ratio.kind == "ratio"


def test_already_does_not_end_the_window_before_the_measure():
    got = by_value("Some 20,000 people in the northern valleys had already been displaced.")
    assert got[18_000].measure == "displaced"


def test_scores_after_a_casualty_verb_is_a_vague_count():
    got = by_value("Ferries collide off Marn, killing scores and stranding many more")
    assert got[40].measure == "killed" and got[40].high == 199
    assert by_value("The side scores twice in Marn.") == {}


def test_the_modal_may_is_no_month():
    got = by_value("As many as 40 may have died in the fire in Orv.")
    assert got[0].measure == "killed" and got[0].high == 40
    assert got[0].scope.kind == "cumulative"
    got = by_value('"The final toll may exceed 300," the Orv governor said.')
    assert got[300].measure == "killed" and got[300].modality == "projection"
    got = by_value("On 12 May, 40 people died in Orv.")
    assert got[40].scope.kind == "day"


def test_a_level_verb_with_an_adverb_before_to():
    got = by_value("The number of dead in the hill towns climbed overnight to 412, officials said.")
    assert got[412].measure == "killed"
    got = by_value("The number of injured rose sharply to 90 in Orv.")
    assert got[90].measure == "injured"


def test_people_in_desperate_need_of_aid_are_affected():
    got = by_value("The flood killed 60 people and left thousands more in desperate need of aid.")
    assert got[60].measure == "killed" and got[2000].measure == "affected"


def test_patients_taken_to_a_named_hospital_are_injured():
    got = by_value(
        "Of the 140 patients taken into Orv District Hospital, 31 are still being treated."
    )
    assert got[140].measure == "injured" and got[31].measure == "injured"


def test_a_name_after_of_is_inside_the_noun_phrase():
    got = by_value(
        "On the first night, 61 passengers of the Varna Night Mail and the Ostel Express were "
        "killed at Pell junction."
    )
    assert got[61].measure == "killed"
    assert 61 not in by_value("The 61 members of the Pell Chess Club met on Sunday.")


def test_a_date_before_a_count_is_no_spaced_thousands():
    got = by_value("On the day of the crash, March 4, 126 passengers were killed near Pell.")
    assert got[126].measure == "killed"
    assert by_value("In all, 1, 500 people died in Pell.")[1500].measure == "killed"


def test_patients_still_critical_are_injured_in_a_critical_state():
    got = by_value("Two to three of the patients in Orv are still critical, the doctor said.")
    (fig,) = got.values()
    assert (fig.low, fig.high, fig.measure, fig.group) == (2, 3, "injured", "critical")


def test_a_number_joined_to_a_noun_by_a_hyphen_is_a_modifier():
    got = by_value("Officials cut the toll in Monday's two-bus crash near Pell to 41 from 46.")
    assert 2 not in got and got[41].measure == "killed"
    got = by_value("The toll could rise eight-fold, the Pell health office warned.")
    assert got == {}
    got = by_value("Some 40-odd people died in Pell.")
    assert got[36].measure == "killed"


def test_a_surname_said_later_is_the_named_official_before():
    figs = extract_figures(
        "Pellow floods: toll climbs to 31 as the search goes on\n\n"
        "Pellow: Thirty-one people are now known to have died in Monday's floods in the hill "
        "district of Pellow, state Water Minister Dana Varrick said.\n\n"
        "Speaking to reporters, Varrick said 31 bodies had been brought out so far.",
        published=PUB,
    )
    assert [f.low for f in figs if f.measure == "killed"].count(31) == 1


def test_one_in_n_is_a_share_not_a_count():
    assert by_value("By the council's reckoning, one in six Pellians was affected.") == {}
    got = by_value("In Orv, 1 in 10 people were injured, and 12 in the north died.")
    assert list(got) == [12]


def test_a_year_before_an_event_is_no_count():
    assert by_value("DEATH TOLL SURPASSES 1987 VARNA EARTHQUAKE") == {}
    got = by_value("More than 1,987 people died in Varna.")
    assert got[1987].measure == "killed"
