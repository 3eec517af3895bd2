"""Sentence shapes of Japanese, South Asian and Latin American disaster reporting (grammar round
11). Our own sentences with invented places and numbers; the shapes come from the pages retold in
benchmarks/data/figures_real.jsonl rows fr323-fr564 (never copied from them)."""

from __future__ import annotations

from datetime import datetime

import pytest

from monitor.figures import extract_figures

PUB = datetime(2026, 3, 10)
PEOPLE = ("killed", "injured", "missing", "displaced", "casualties", "affected")


def figs(text: str):
    return [f for f in extract_figures(text, published=PUB) if f.measure in PEOPLE]


def by_place(text: str) -> list[tuple[float | None, str, str | None]]:
    return [(f.low, f.measure, f.place) for f in figs(text)]


# --- "N each in A, B and C": one count for every place ---------------------------------------


def test_each_in_a_list_of_places_gives_one_count_per_place():
    text = (
        "Four people have died in Dravik, two each in Ostrel and Pamira, and one each in "
        "Korvo, Lenta and Sabu."
    )
    assert by_place(text) == [
        (4, "killed", "Dravik"),
        (2, "killed", "Ostrel"),
        (2, "killed", "Pamira"),
        (1, "killed", "Korvo"),
        (1, "killed", "Lenta"),
        (1, "killed", "Sabu"),
    ]


def test_each_in_towns_and_cities_of():
    text = (
        "The prefecture said 21 people were confirmed dead in Hanemura and one each in the "
        "towns of Kitaro and Mosu and the city of Ubeno."
    )
    got = by_place(text)
    assert got[0] == (21, "killed", "Hanemura")
    assert got[1:] == [(1, "killed", "Kitaro"), (1, "killed", "Mosu"), (1, "killed", "Ubeno")]


def test_places_that_report_counts_each_are_places_not_claimants():
    got = figs("Tarvel and Dunmore have reported six deaths each.")
    assert [(f.low, f.measure, f.place) for f in got] == [
        (6, "killed", "Tarvel"),
        (6, "killed", "Dunmore"),
    ]
    assert all(not f.claimant.key for f in got)


def test_each_without_a_list_stays_one_count():
    # "each" of people, not of places: one figure
    assert by_place("Three climbers each lost a hand; 12 people died in the avalanche.") == [
        (12, "killed", None)
    ]


# --- numbers joined before one measure noun; "respectively" ----------------------------------


def test_coordinated_numbers_share_the_measure_noun_and_take_places_respectively():
    text = "Orvia, Bassan and Teluk are the worst-hit districts, with 58, 31 and 17 deaths respectively."
    assert by_place(text) == [
        (58, "killed", "Orvia"),
        (31, "killed", "Bassan"),
        (17, "killed", "Teluk"),
    ]


def test_coordinated_numbers_without_respectively_keep_their_measure():
    assert [(f.low, f.measure) for f in figs("The floods left 14, 9 and 3 people dead.")][-1] == (
        3,
        "killed",
    )
    got = [(f.low, f.measure) for f in figs("Rescuers counted 40 and 12 injured in two towns.")]
    assert got == [(40, "injured"), (12, "injured")]


def test_ages_in_a_list_take_no_shared_measure():
    got = [f.low for f in figs("Three children aged 4, 7 and 9 died.")]
    assert 4 not in got and 7 not in got


# --- rankings: "followed by", "the worst at" --------------------------------------------------


def test_followed_by_continues_a_list_and_is_no_change():
    text = "By Monday, 52 deaths had been reported in Kamiura, followed by 33 in Sodegawa and 8 in Ikeno."
    got = figs(text)
    assert [(f.low, f.place) for f in got] == [(52, "Kamiura"), (33, "Sodegawa"), (8, "Ikeno")]
    assert all(f.measure == "killed" and f.scope.kind != "increment" for f in got)


def test_rose_by_is_still_a_change():
    got = figs("The toll rose by 36 to 120.")
    assert [(f.low, f.scope.kind) for f in got] == [(36, "increment"), (120, "cumulative")]


def test_ranked_at_takes_the_measure_and_the_place_before_it():
    got = by_place("Marra Province has recorded 61 deaths, with Selby the worst at 25.")
    assert got == [(61, "killed", "Marra Province"), (25, "killed", "Selby")]
    assert by_place("District-wise, Tova has the most missing people at 19.") == [
        (19, "missing", "Tova")
    ]


# --- people the authorities cannot reach ------------------------------------------------------


@pytest.mark.parametrize(
    "text,value",
    [
        ("The number of people whose safety is unconfirmed stands at 37.", 37),
        ("The safety of 52 residents has not been confirmed.", 52),
        ("Officials were unable to confirm the safety of 140 people.", 140),
        ("The mayor said 26 people were still unreachable on Tuesday morning.", 26),
        ("At first 190 people could not be reached.", 190),
        ("The prefecture said it still could not contact 1,340 residents.", 1340),
        ("The city says the fate of 88 people is unknown.", 88),
    ],
)
def test_unreachable_and_unconfirmed_safety_are_missing(text, value):
    assert [(f.low, f.measure) for f in figs(text)] == [(value, "missing")]


@pytest.mark.parametrize(
    "text",
    [
        "They have established the whereabouts of 135 of them.",
        "The whereabouts of 102 people have been confirmed.",
        "The safety of 300 residents has been confirmed.",
    ],
)
def test_whereabouts_or_safety_confirmed_are_no_missing(text):
    assert figs(text) == []


def test_confirmed_and_unknown_fates_in_one_sentence():
    text = "The whereabouts of 102 have been confirmed, while the fate of 113 is unknown."
    assert [(f.low, f.measure) for f in figs(text)] == [(113, "missing")]


# --- evacuation centres; animals; the dead a doctor has not certified ----------------------------


def test_people_at_evacuation_centres_are_displaced_but_the_centres_are_not_counted():
    assert [(f.low, f.measure) for f in figs("2,310 people were at evacuation centres.")] == [
        (2310, "displaced")
    ]
    got = figs("Some 3,100 people are staying in 87 evacuation centres.")
    assert [f.measure for f in got] == ["displaced"] and got[0].low == pytest.approx(2790)


def test_livestock_toll_is_no_people():
    assert figs("The number of livestock killed in the floods stands at 612.") == []


def test_cardiopulmonary_arrest_is_a_projected_death():
    got = figs("Two people died and five others were found in cardiopulmonary arrest.")
    assert [(f.low, f.measure, f.modality) for f in got] == [
        (2, "killed", "count"),
        (5, "killed", "projection"),
    ]


# --- the dead and the missing counted as one ---------------------------------------------------


def test_combined_dead_or_unaccounted_for_is_casualties():
    got = figs("The combined number of people dead or unaccounted for topped 900 on Sunday.")
    assert [(f.low, f.measure) for f in got] == [(900, "casualties")]
    got = figs("The number of people who had died or were unaccounted for passed 1,500.")
    assert [(f.low, f.measure) for f in got] == [(1500, "casualties")]


def test_number_of_dead_alone_stays_killed():
    assert [(f.low, f.measure) for f in figs("The number of people killed rose to 64.")] == [
        (64, "killed")
    ]


# --- noun phrases that hold a place list, an appositive, another clause -----------------------


def test_count_of_prefectures_inside_the_noun_phrase_is_stepped_over():
    got = figs("A total of 64 people in Osaka and 9 prefectures have died in the storm.")
    assert [(f.low, f.measure) for f in got] == [(64, "killed")]


def test_appositive_among_them_and_share_of_population_are_stepped_over():
    got = figs("Over 95 others, 20 soldiers among them, remain missing.")
    assert [(f.low, f.measure) for f in got] == [(95, "missing"), (20, "missing")]
    got = figs(
        "In Ranmura, about 3,000 people, more than half of the town's population, remain unaccounted for."
    )
    assert [f.measure for f in got] == ["missing"]


def test_a_later_clause_does_not_lend_its_measure_to_the_toll():
    got = figs("The toll from the quake reached 29 as the last missing person was found.")
    assert [(f.low, f.measure) for f in got] == [(29, "killed")]


# --- places' counts closed by one verb; "each" over "the neighbouring city of" ------------------


def test_counts_of_places_closed_by_one_verb_take_its_measure():
    text = "As many as 64 people in Darel and 29 in East Vormo were injured."
    got = [(f.low, f.high, f.measure, f.place) for f in figs(text)]
    assert got == [(0, 64, "injured", "Darel"), (29, 29, "injured", "East Vormo")]


def test_counts_of_places_without_a_closing_verb_stay_list_members():
    text = "Eleven people died in Pelna, 7 in Orsk and 2 in Tamu."
    assert [(f.low, f.measure) for f in figs(text)] == [
        (11, "killed"),
        (7, "killed"),
        (2, "killed"),
    ]


def test_each_over_a_typed_place():
    text = (
        "So far 31 people have been confirmed dead, 24 in Kanemura and two each in the "
        "Saito village of Uno and the neighbouring city of Rigo."
    )
    assert by_place(text)[-2:] == [(2, "killed", "Uno"), (2, "killed", "Rigo")]


def test_claimants_of_titled_according_to_and_documents_from():
    got = figs("According to police spokesperson Ram Dhakal, 14 people died in Ketu.")
    assert got[0].claimant.key == "p:dhakal"
    got = figs("The official count from the Disaster Management Agency was 19 dead.")
    assert got[0].claimant.org == "Disaster Management Agency"
    got = figs("The latest report puts deaths at 112 nationwide.")
    assert not got[0].claimant.key


def test_a_part_of_the_count_before_it_named_by_its_group():
    got = figs("Police said that of the 120 people killed in the quake, 47 were children.")
    assert [(f.low, f.measure, f.group) for f in got] == [
        (120, "killed", None),
        (47, "killed", "children"),
    ]


def test_one_person_in_a_place_closed_by_a_verb():
    text = "One person in Hanari and four in the village of Kedo were missing."
    assert by_place(text) == [(1, "missing", "Hanari"), (4, "missing", "Kedo")]
