"""Hedged and expected figures are projections, and a place right after the count is the count's
own. Our own sentences with invented names, in the shapes of real casualty reporting."""

from __future__ import annotations

from datetime import datetime

import pytest

from monitor.figures import extract_figures

PUB = datetime(2026, 3, 10)


def killed(text: str):
    return [f for f in extract_figures(text, published=PUB) if f.measure == "killed"]


@pytest.mark.parametrize(
    "text",
    [
        "Officials expect the final number of dead to reach about 400.",
        "The mayor said he expected the toll in Tarnow to climb above 8,000.",
        "As many as 9,000 people may have died, the regional police chief said.",
        "Officials feared hundreds, and perhaps more than 50,000, had died.",
        "She said perhaps 70,000 dead had yet to be counted.",
        "Reports had put the number feared dead nationwide at more than 3,400.",
        "The change means 212 people are now feared dead.",
        '"We expect between 60,000 and 90,000 dead in all," the minister said.',
        '"We are expecting something like 40,000 dead," the health minister told reporters.',
    ],
)
def test_hedged_and_expected_tolls_are_projections(text: str):
    found = [f for f in killed(text) if any(ch.isdigit() for ch in f.text)]
    assert found and all(f.modality == "projection" for f in found), [
        (f.text, f.modality, f.rule) for f in found
    ]


def test_a_count_stated_plainly_stays_a_count():
    (f,) = killed("The interior ministry said 2,012 people had died.")
    assert f.modality == "count"


def test_people_evacuated_from_a_place_are_that_place_s():
    figs = [
        f
        for f in extract_figures(
            "The governor said between 200 and 300 people had been evacuated from Lisk's harbour.",
            published=PUB,
        )
        if f.low == 200
    ]
    assert figs and figs[0].place and "Lisk" in figs[0].place and "place:attached" in figs[0].rule


@pytest.mark.parametrize(
    "text",
    [
        "Only one storm in a century killed more: Veyland's 2009 Cyclone Ora, which left 95 dead.",
        "More than 14,000 people were killed, half of the town's people at the time.",
    ],
)
def test_another_event_s_toll_is_background(text: str):
    found = [f for f in killed(text) if any(ch.isdigit() for ch in f.text)]
    assert found and all(not f.event for f in found), [(f.text, f.event, f.rule) for f in found]
