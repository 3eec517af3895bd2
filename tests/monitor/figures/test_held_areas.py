"""Areas named by who holds them: "rebel-held", "areas held by the regime", "not under
government control" — one side's part of a country, counted apart from the country."""

from __future__ import annotations

from datetime import datetime

import pytest

from monitor.figures.areas import resolve
from monitor.figures.extract import extract_figures
from monitor.figures.places import place_mentions
from monitor.verdicts.series import SeriesContext, series_key
from monitor.verdicts.stories import headline_areas

PUB = datetime(2026, 3, 4)


@pytest.mark.parametrize(
    "sent,place",
    [
        (
            "In rebel-held parts of northwest Syria 412 people have died, the group said.",
            "opposition-held Syria",
        ),
        (
            "In the parts of northern Syria that are not under government control, 90 died.",
            "opposition-held Syria",
        ),
        (
            "Rescuers said the toll in northwestern Syria, the areas held by insurgent groups, "
            "had risen to 300.",
            "opposition-held Syria",
        ),
        (
            "In the insurgent-held areas, the toll has risen to 515, rescuers said.",
            "opposition-held areas",
        ),
        ("An earlier count gave 61 dead in the areas held by the regime.", "government-held areas"),
        (
            "In Syria the toll stood at 812, with some 400 killed in the rebel-held northwest of "
            "the country.",
            "opposition-held Syria",
        ),
    ],
)
def test_a_held_area_is_the_count_s_place(sent: str, place: str) -> None:
    figs = [f for f in extract_figures(sent, published=PUB) if f.measure == "killed"]
    assert figs[-1].place == place


def test_plain_places_keep_their_names() -> None:
    assert place_mentions("The quake hit in southern Turkey, where 284 died.") == [(26, "Turkey")]


def test_held_areas_resolve_to_one_side_s_part_of_the_country() -> None:
    assert resolve("opposition-held areas", countries=("SY",)).id == "SY|held:opposition"
    assert resolve("opposition-held areas", countries=("TR", "SY")) is None  # which country?


def test_the_count_of_a_held_area_is_its_own_series_not_the_country_s() -> None:
    (whole,) = extract_figures("In Syria the toll stood at 812 on Friday.", published=PUB)
    (part,) = extract_figures(
        "In rebel-held parts of northwest Syria 412 people have died, the group said.",
        published=PUB,
    )
    ctx = SeriesContext(story_id=1, event="earthquake", countries=("SY",), home=("SY",))
    assert series_key(whole, ctx)[0] != series_key(part, ctx)[0]
    assert "SY|held:opposition" in series_key(part, ctx)[0]
    # in a two-country story, an unnamed held area is the article's own country's
    (bare,) = extract_figures("In the insurgent-held areas, 515 have died.", published=PUB)
    two = SeriesContext(story_id=1, event="earthquake", countries=("TR", "SY"), home=("SY",),
                        home_country="SY")  # fmt: skip
    assert "SY|held:opposition" in series_key(bare, two)[0]


def test_a_headline_s_held_area_is_not_the_event_s_place() -> None:
    title = "Rebel-held northwest Syria counts 412 dead"
    assert headline_areas("In rebel-held northwest Syria 412 died.", title) == ()


@pytest.mark.parametrize(
    "sent",
    [
        "The toll in the crash at Korrin Halt railway station jumped to 212.",
        "The fire at Velda Mills compound killed 14.",
        "Twelve died near Ostra bridge.",
    ],
)
def test_a_landmark_s_name_is_not_a_place(sent: str) -> None:
    assert place_mentions(sent) == []


def test_each_row_of_a_quoted_breakdown_takes_the_place_that_opens_it() -> None:
    text = (
        'The minister said: "In Orvenna 487 dead and 943 injured. In Brask 214 dead, 1,156 '
        'injured. In Korrin 30 dead, 466 injured."'
    )
    got = [(f.low, f.place) for f in extract_figures(text, published=PUB)]
    assert got == [(487, "Orvenna"), (943, "Orvenna"), (214, "Brask"), (1156, "Brask"),
                   (30, "Korrin"), (466, "Korrin")]  # fmt: skip
