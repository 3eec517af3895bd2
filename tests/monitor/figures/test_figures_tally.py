"""Tallies of casualties by country or nationality: each row is its own country's count, never
the story's whole toll. Sentences written for this test."""

from __future__ import annotations

from datetime import datetime

from monitor.figures import extract_figures

D = datetime(2024, 5, 2)


def _rows(text: str) -> list[tuple[float, str, str | None, str | None]]:
    return [(f.low, f.measure, f.side, f.place) for f in extract_figures(text, published=D)]


def test_a_tally_by_nationality_gives_each_row_its_country():
    got = _rows("The victims came from nine countries: Peru 41, Chile 17, Bolivia 9 and "
                "Ecuador 3, the embassy said.")  # fmt: skip
    assert got == [(41, "killed", "Peru", None), (17, "killed", "Chile", None),
                   (9, "killed", "Bolivia", None), (3, "killed", "Ecuador", None)]  # fmt: skip


def test_a_tally_by_country_with_semicolons_and_its_measure_from_the_head():
    got = _rows("Injured pilgrims by country: Kenya 22; Ghana 14; Senegal 6.")
    assert got == [(22, "injured", "Kenya", None), (14, "injured", "Ghana", None),
                   (6, "injured", "Senegal", None)]  # fmt: skip


def test_a_bulleted_row_with_its_own_measure():
    assert _rows("- Tunisia: 12 dead") == [(12, "killed", "Tunisia", None)]


def test_a_breakdown_by_place_is_not_a_tally_and_a_name_without_a_casualty_word_is_nothing():
    got = _rows("The flood killed 40 people in Haiti, 12 in Cuba and 3 in Jamaica.")
    assert [(low, side, place) for low, _, side, place in got] == [
        (40, None, "Haiti"),
        (12, None, "Cuba"),
        (3, None, "Jamaica"),
    ]
    assert _rows("The exports by country: Peru 41, Chile 17.") == []


def test_tally_rows_in_the_forms_news_tallies_take():
    # "Country, N;" after "came from"
    got = _rows("Other confirmed deaths, by a news agency's tally, came from Peru, 12; Chile, 9; "
                "and Bolivia, 4.")  # fmt: skip
    assert [(low, side) for low, _, side, _ in got] == [(12, "Peru"), (9, "Chile"), (4, "Bolivia")]
    # "Country with N", a number in words, and a country that "lost" its people
    got = _rows("Tolls from other governments: Kenya with 31; Ghana 17; Senegal five.")
    assert [(low, m, side) for low, m, side, _ in got] == [
        (31, "killed", "Kenya"),
        (17, "killed", "Ghana"),
        (5, "killed", "Senegal"),
    ]
    got = _rows("Peru lost 41 of its citizens, Chile 17 and Bolivia 9.")
    assert [(low, m, side) for low, m, side, _ in got] == [
        (41, "killed", "Peru"),
        (17, "killed", "Chile"),
        (9, "killed", "Bolivia"),
    ]


def test_bullets_under_a_sentence_that_introduces_a_tally():
    text = ("Numbers of citizens lost in the crush, country by country:\n\n  • Peru: 41\n"
            "  • Chile: 17\n\nThe embassy said more names would follow.")  # fmt: skip
    assert [(low, m, side) for low, m, side, _ in _rows(text)] == [
        (41, "killed", "Peru"),
        (17, "killed", "Chile"),
    ]


def test_a_full_date_of_another_year_is_another_event():
    text = ("Only one crush was deadlier: on March 3, 1994, 812 pilgrims died in a tunnel "
            "stampede.")  # fmt: skip
    [old] = extract_figures(text, published=D)
    assert old.event is False and "event:background:1994" in old.rule
    # a date of last year is still the story's (an anniversary restates its toll)
    [anniv] = extract_figures("The quake on 6 February 2023 killed 5,300 people.",
                              published=datetime(2024, 2, 6))  # fmt: skip
    assert anniv.event is True
