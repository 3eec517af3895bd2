"""Places a count takes from how its sentence is framed, and the states of a storm's tally.
Our own sentences."""

from __future__ import annotations

from datetime import datetime

import pytest

from monitor.figures import extract_figures
from monitor.verdicts.series import SeriesContext, series_key

PUB = datetime(2026, 3, 10)
US = SeriesContext(story_id=1, event="hurricane", countries=("US",), home=("US",))


def by_value(text: str) -> dict[float | None, object]:
    return {f.low: f for f in extract_figures(text, published=PUB)}


def test_a_place_opening_the_sentence_frames_its_count():
    f = by_value(
        "In Georgia, the governor told a news conference that the state's confirmed death toll "
        "had climbed to 31."
    )[31]
    assert f.place == "Georgia" and "place:frame" in f.rule
    key, place, _ = series_key(f, US)
    assert place.id == "US-GA" and key.endswith("|US-GA|cumulative")


def test_no_frame_without_the_comma_or_after_the_count():
    f = by_value("Officials said 12 people died, in Ohio and elsewhere, as the storm moved north.")[
        12
    ]
    assert "place:frame" not in f.rule


def test_the_place_whose_toll_a_sentence_ranks():
    f = by_value("Tennessee has the highest death toll so far, with 48 deaths reported.")[48]
    assert f.place == "Tennessee"
    _key, place, _ = series_key(f, US)
    assert place.id == "US-TN"


def test_a_tally_of_states_keys_each_row_to_its_state():
    got = by_value("Deaths by state so far: • Ohio: 40 • Georgia: 25 • Kentucky: 9 • Virginia: 2")
    places = {v: series_key(f, US)[1].id for v, f in got.items() if f.measure == "killed"}
    # (a row whose name is also a country's, "Georgia", is read as a tally row; the grammar's
    # reading of the other rows is its own matter)
    assert places.get(25) == "US-GA"
    assert all(p.startswith("US-") for p in places.values())


def test_the_county_refers_back_to_the_county_named():
    got = by_value(
        "As of Friday morning, 150 people in the county were unaccounted for and the county's "
        "death toll stood at 58, Harlan County Sheriff Dee Marsh told reporters."
    )
    # (the sheriff's own county names the toll's place first: place:own:claimant)
    assert got[58].place == "Harlan County"
    assert "place:anaphora" in got[58].rule or "place:own:claimant" in got[58].rule
    assert got[150].place == "Harlan County"
    got = by_value(
        "Rescuers reached the last villages of Perry County on Sunday. By evening the county "
        "had counted 14 dead."
    )
    assert got[14].place == "Perry County"


def test_the_state_is_no_county():
    got = by_value("Officials said the county of origin of 12 of the dead was not known.")
    assert all("place:anaphora" not in f.rule for f in got.values())


def test_a_count_over_several_areas_is_the_whole_story():
    f = by_value("The storm has killed at least 140 people in five states, officials said.")[140]
    assert series_key(f, US)[1].id == "story"
    f = by_value(
        "A tally of official figures puts the toll at 188 deaths in Ohio, Kentucky, Georgia "
        "and Virginia."
    )[188]
    assert series_key(f, US)[1].id == "story"


def test_the_story_countries_together_are_the_whole_story():
    ctx = SeriesContext(story_id=1, event="earthquake", countries=("TR", "SY"), apart=("SY", "TR"))
    f = by_value("More than 30,000 people have now died in the Turkey-Syria earthquakes.")[30000]
    assert series_key(f, ctx)[1].id == "story"


def test_the_sites_own_official_gives_the_storys_toll():
    text = (
        'Rescue teams searched the river banks again on Friday. "The death toll has gone up to '
        '95," Varnakal District Collector Anu Pillai said.'
    )
    (f,) = [
        f
        for f in extract_figures(text, title="Varnakal landslides: toll rises", published=PUB)
        if f.low == 95
    ]
    site = SeriesContext(
        story_id=1, event="landslide", countries=("IN",), home=("IN", "raw:varnakal"),
        sites=("raw:varnakal",),
    )  # fmt: skip
    assert series_key(f, site)[1].id == "story"  # the story's site: its toll is the story's


def test_a_ranking_of_places_by_their_tolls():
    got = by_value(
        "Peru has reported the largest number of deaths at 112, followed by Chile at 64."
    )
    assert got[112].place == "Peru" and got[64].place == "Chile"


def test_a_count_of_the_war_around_a_blast_is_not_the_blasts():
    blast = SeriesContext(story_id=1, event="explosion", countries=("SY",), home=("SY",))
    got = by_value(
        "Since the war broke out in March, about 4,000 people have been killed in the province. "
        "The blast at the depot killed 61 people, the ministry said."
    )
    war_count = got[3600]  # "about 4,000": 3,600–4,400
    assert series_key(war_count, blast)[0] is None  # the grammar marks it another event's
    war_count.event = True  # and the series keeps it apart even where the grammar did not
    key, _, why = series_key(war_count, blast)
    assert key is None and "war" in why
    assert series_key(got[61], blast)[0] is not None
    war = SeriesContext(story_id=1, event="war", countries=("SY",), home=("SY",))
    assert series_key(war_count, war)[0] is not None  # in a war's own story it is the toll


def test_a_countrys_own_people_are_its_toll():
    crush = SeriesContext(story_id=1, event="crush", countries=("SA",), home=("SA",))
    f = by_value("Peru's announcement that 31 of its pilgrims died in the crush raised the toll.")[
        31
    ]
    assert f.side == "Peru" and series_key(f, crush)[1].id == "PE"
    f = by_value("Officials said 31 of its pilgrims died, the agency reported.")[31]
    assert f.side is None  # no country named before the count


@pytest.mark.parametrize(
    ("text", "number", "group"),
    [
        (
            "The prefecture has recognised 170 disaster-related deaths so far.",
            170,
            "disaster-related",
        ),
        (
            "Another 20 deaths were later certified as related to the disaster.",
            20,
            "disaster-related",
        ),
        ("The quakes' indirect death toll could climb to 130.", 130, "disaster-related"),
        ("The toll has risen to 222, including 167 indirect deaths.", 222, "with disaster-related"),
        ("The toll has risen to 222, including 167 indirect deaths.", 167, "disaster-related"),
        ("The quake killed 49 people, and 20 more died later.", 49, None),
    ],
)
def test_deaths_of_the_aftermath_are_counted_apart(
    text: str, number: int, group: str | None
) -> None:
    """Deaths certified as related to a disaster (stress, illness, evacuation) are a series of
    their own, and a total that includes them is another."""
    fig = next(f for f in extract_figures(text) if f.low == number)
    assert fig.group == group


@pytest.mark.parametrize(
    ("text", "number", "place"),
    [
        (
            "Leyte province accounted for most of them: 2,394 unidentified bodies in Tacloban City.",
            2394,
            "Tacloban City",
        ),
        (
            "The quake struck in southern Turkey, where the number of dead now stands at 284, and Syria.",
            284,
            "Turkey",
        ),
        (
            "Buncombe County in North Carolina, where more than 60 people are confirmed dead, said so.",
            60,
            "Buncombe County",
        ),
        (
            "He said the number of dead in Palu had reached 420, a news website reported.",
            420,
            "Palu",
        ),
        ("The death toll in Sindh rose to 702 on Monday.", 702, "Sindh"),
    ],
)
def test_a_count_owns_the_place_after_it(text: str, number: int, place: str) -> None:
    """A place right after a count, a few words on, or the place a 'where' clause hangs on, is
    the count's own."""
    fig = next(f for f in extract_figures(text) if f.low == number)
    assert fig.place == place
    assert "place:local" in fig.rule or "place:attached" in fig.rule


@pytest.mark.parametrize(
    "text",
    [
        "At least 67 people have now died in the Hawaii wildfires, officials said.",
        "At least 912 people have lost their lives in northern Syria and Turkey, officials said.",
        "78 people are receiving hospital treatment in London, NHS England said.",
        "The death toll in the Hawaii wildfires rose to 80, officials said.",
    ],
)
def test_no_own_place_from_an_event_name_a_pair_or_a_hospital(text: str) -> None:
    """'in the Hawaii wildfires' names the event, 'in Syria and Turkey' both countries, and the
    town of the hospital is not what the count covers."""
    fig = extract_figures(text)[0]
    assert "place:attached" not in fig.rule and "place:local" not in fig.rule


@pytest.mark.parametrize(
    ("text", "number", "why"),
    [
        ("The NDMA said 12 people were killed in the last 24 hours, it said.", 12, "a day's count"),
        ("Thirty-two deaths in Sindh, five in Balochistan in last 24 hours: NDMA", 32, "a day's"),
        ("Floods have also killed 927,543 head of livestock, officials said.", 927543, "livestock"),
    ],
)
def test_a_days_count_and_animals_are_never_judged_against_the_toll(
    text: str, number: int, why: str
) -> None:
    """In a one-off event a count of the past 24 hours is not the toll to date, and animals are
    not people: both are kept without a series."""
    fig = next(f for f in extract_figures(text, published=datetime(2022, 9, 3)) if f.low == number)
    key, _place, reason = series_key(
        fig, SeriesContext(story_id=1, event="flood", countries=("PK",))
    )
    assert key is None and why in reason


def test_a_count_within_hours_of_the_event_is_its_toll() -> None:
    """'within 24 hours of the quake' dates the toll since the event: it is judged."""
    fig = extract_figures(
        "Within 24 hours of the quake, more than 4,600 people had been confirmed dead.",
        published=datetime(2023, 2, 7),
    )[0]
    key, _place, _why = series_key(
        fig, SeriesContext(story_id=1, event="earthquake", countries=("TR",))
    )
    assert key is not None


def test_storm_related_deaths_are_the_toll_and_passengers_everyone() -> None:
    """'storm-related deaths' is how a US storm's toll is told (not deaths of its aftermath), and
    the passengers killed in a crash are its dead."""
    fig = extract_figures("The state has confirmed 96 storm-related deaths.")[0]
    assert fig.group is None
    crash = extract_figures("At least 288 passengers were killed in the collision.")[0]
    key, _place, _why = series_key(
        crash, SeriesContext(story_id=1, event="crash", countries=("IN",))
    )
    assert key is not None and "|people|" in key


def test_a_daily_report_is_no_daily_rate() -> None:
    """'the NDMA's daily situation report said …' is how often the report comes, not a rate."""
    figs = extract_figures("The NDMA's daily flood situation report said Balochistan has 278 dead.")
    assert figs[0].low == 278 and figs[0].scope.kind == "cumulative"
    rate = extract_figures("About 50 people are killed daily in the fighting.")[0]
    assert rate.scope.kind == "rate"


def test_an_event_site_in_another_country_is_another_series() -> None:
    """In a one-off event the site of the event is the story's ("since the ferry overturned off
    Jindo") — unless it lies in a country the story is not about: another event's toll."""
    fig = extract_figures("The quake, which struck off Ecuador, killed at least 235 people.")[0]
    assert "place:event-site" in fig.rule
    japan = SeriesContext(story_id=1, event="earthquake", countries=("JP",), home=("JP",))
    assert "|EC|" in (series_key(fig, japan)[0] or "")
    ecuador = SeriesContext(story_id=1, event="earthquake", countries=("EC",), home=("EC",))
    assert "|story|" in (series_key(fig, ecuador)[0] or "")


def test_burials_counted_by_place_are_the_buried() -> None:
    figs = extract_figures("Of the 177 burials, 165 were in Chimanimani, six in Chipinge.")
    assert [(f.low, f.group) for f in figs] == [(165, "buried"), (6, "buried")]


def test_the_country_an_earlier_quake_hit_is_that_event_s_site() -> None:
    """'the strongest earthquake to hit Ecuador in decades killed 235', inside a story of Japan's
    quakes, is Ecuador's series; 'the quake that struck Japan killed 41' is the story's."""
    japan = SeriesContext(story_id=1, event="earthquake", countries=("JP", "EC"), home=("JP",))
    other = extract_figures(
        "Across the ocean, the strongest earthquake to hit Ecuador in decades killed 235 people."
    )[0]
    assert other.place == "Ecuador" and "|EC|" in (series_key(other, japan)[0] or "")
    own = extract_figures("The quake that struck Japan on Saturday killed 41 people.")[0]
    assert "|story|" in (series_key(own, japan)[0] or "")
