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
