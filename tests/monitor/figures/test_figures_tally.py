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
