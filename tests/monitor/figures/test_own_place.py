"""The place a count is its own, in the shapes real reporting states it (``own_place``), and
the misreads that made places of other things. Our own sentences."""

from __future__ import annotations

from datetime import datetime

import pytest

from monitor.figures import extract_figures
from monitor.figures.areas import resolve
from monitor.verdicts.series import SeriesContext, series_key

PUB = datetime(2026, 3, 10)
US = SeriesContext(story_id=1, event="hurricane", countries=("US",), home=("US",))
PK = SeriesContext(story_id=1, event="flood", countries=("PK",), home=("PK",))


def by_value(text: str) -> dict[float | None, object]:
    return {f.low: f for f in extract_figures(text, published=PUB)}


def own(text: str, value: float) -> tuple[str | None, str]:
    f = by_value(text)[value]
    return f.place, f.rule


@pytest.mark.parametrize(
    ("text", "value", "place"),
    [
        ("Ohio's death toll reached 14 on Monday, two days after the storm passed.", 14, "Ohio"),
        ("Kenya death toll from the rains rises again, now 61", 61, "Kenya"),
        ("State officials put Pike County's storm deaths at 9 by Friday.", 9, "Pike County"),
        ("The Assam flood toll went up to 52 on Tuesday.", 52, "Assam"),
        ("Idaho's total number of storm deaths is 4, the state said.", 4, "Idaho"),
    ],
)
def test_the_toll_belongs_to_the_place_that_owns_it(text, value, place):
    got, rule = own(text, value)
    assert got == place and "place:own:toll-owner" in rule


def test_a_bare_county_owning_an_events_toll_is_not_the_counts_place():
    # "Maui's toll" in a story about a fire on Maui: the county names the event
    got, rule = own("Maui's toll climbed to 55 as the search went on.", 55)
    assert "place:own" not in rule


def test_a_toll_named_of_another_place_is_not_the_owners():
    got, rule = own("Peru's toll of the crash in Bolivia rose to 12.", 12)
    assert "place:own:toll-owner" not in rule


@pytest.mark.parametrize(
    ("text", "value", "place"),
    [
        ("According to the UN, Kandi district was the hardest hit, with 212 deaths.", 212,
         "Kandi district"),
        ("Sindh province in the south remains the worst hit, with officials reporting 330 deaths "
         "so far.", 330, "Sindh province"),
        ("Palu, the provincial capital, was the worst affected, with 171 bodies found.", 171,
         "Palu"),
    ],
)  # fmt: skip
def test_the_worst_hit_place_owns_the_count_of_its_with_clause(text, value, place):
    got, rule = own(text, value)
    assert got == place and "place:own:worst-hit" in rule


def test_a_provinces_own_government_counts_its_own_dead():
    f = by_value("The Punjab government has said the number of deaths has risen to 188.")[188]
    assert f.place == "Punjab" and "place:own:claimant" in f.rule
    _key, place, _ = series_key(f, PK)
    assert place.id == "PK-PB"


def test_a_county_authority_named_with_its_type_word_counts_its_own():
    place, rule = own(
        "Pike County Sheriff Dana Moore said on Monday that 9 deaths had been confirmed.", 9
    )
    assert place == "Pike County" and "place:own:claimant" in rule


@pytest.mark.parametrize(
    "text",
    [
        "The National Disaster Management Authority said the toll had risen to 1,310.",
        "Island officials said on Friday that 7 deaths had been confirmed so far.",
        "Smith said 40 people had died in the storm.",
    ],
)
def test_no_place_from_an_organisations_name_a_common_noun_or_a_person(text):
    for f in extract_figures(text, published=PUB):
        assert "place:own:claimant" not in f.rule


def test_another_counts_place_after_the_count_does_not_hide_the_claimants():
    got = by_value(
        "Alabama's emergency management agency said 6 people had drowned across several "
        "counties and one more was killed by a tornado in Dale County."
    )
    assert got[6].place == "Alabama" and "place:own:claimant" in got[6].rule
    assert got[1].place.startswith("Dale")


def test_a_claimants_place_yields_to_the_counts_own_place_after_it():
    f = by_value("The Pike County coroner said 13 people had been killed by the storm in Ohio.")[13]
    assert f.place == "Ohio"


def test_the_province_the_event_struck_owns_the_count_after_it():
    f = by_value("The rains have devastated Balochistan, killing at least 280 people.")[280]
    assert f.place == "Balochistan" and "place:own:struck" in f.rule
    assert series_key(f, PK)[1].id == "PK-BA"


def test_a_town_the_event_struck_does_not_own_its_toll():
    f = by_value("The earthquake struck near Marrakech, killing 2,000 people.")[2000]
    assert "place:own:struck" not in f.rule


def test_the_place_right_before_the_count():
    place, rule = own(
        "Most of the dead were found in the city of Palu, 1,200 people, he said.", 1200
    )
    assert place == "Palu" and "place:own:before" in rule


@pytest.mark.parametrize(
    ("text", "value", "state"),
    [
        ("Across the state, officials say 12 Kentuckians have died.", 12, "US-KY"),
        ("Officials said 5 Floridians had died in the storm.", 5, "US-FL"),
        ("At least 8 Texans were killed.", 8, "US-TX"),
    ],
)
def test_a_states_people_are_its_count(text, value, state):
    f = by_value(text)[value]
    assert "place:own:demonym" in f.rule
    assert series_key(f, US)[1].id == state


def test_a_countrys_people_are_its_group_not_a_demonym_place():
    f = by_value("At least 41 Palestinians were killed on Tuesday.")[41]
    assert "place:own:demonym" not in f.rule


def test_no_place_after_a_possessive_determiner():
    f = by_value(
        "In its latest Displacement Tracking Matrix, the agency counted about 12,400 people "
        "still displaced."
    )[12400 * 0.9]
    assert f.place is None


def test_a_place_after_its_path_through_stays_a_place():
    f = by_value("Along its path through the Caribbean, at least 9 people have been killed.")[9]
    assert f.place == "Caribbean"


def test_a_gathering_is_no_place():
    place, _ = own("Nigeria death toll at Hajj crush rises to 64", 64)
    assert place == "Nigeria"
    f = by_value("More than 200 pilgrims were killed at Hajj on Thursday.")[200]
    assert f.place is None


def test_a_foreign_place_counts_only_by_its_own_name():
    # "Ahr" is an alternate name of the Iranian town Ahar; in a German story it is none
    assert resolve("Ahr") is not None
    assert resolve("Ahr", countries=("DE",)) is None
    assert resolve("Marrakesh", countries=("MA",)) is not None  # a spelling in context stays


def test_the_state_as_a_government_is_no_place_anaphora():
    text = (
        "A train derailed in Odisha on Friday.\n\n"
        "The toll was first given as 260, which the state cut to 249 on Sunday."
    )
    for f in extract_figures(text, published=PUB):
        assert "place:anaphora" not in f.rule


def test_the_place_the_event_struck_near_is_not_the_counts_own():
    f = by_value(
        "The president said 21,000 people died in the magnitude 7.6 quake that struck near the "
        "southern city of Adana."
    )[21000]
    assert "place:local" not in f.rule and "place:event-site" in f.rule


def test_an_aside_between_the_count_and_where_they_died():
    f = by_value("Of these, 512 people, 201 of them children, died in Sindh, the report said.")[512]
    assert f.place == "Sindh" and "place:own:aside" in f.rule


def test_a_where_clause_after_an_apposition_without_a_comma():
    f = by_value(
        "The worst-hit towns are Mashiki, where 12 people died, and Minamiaso, a hill area where "
        "7 have died."
    )[7]
    assert f.place == "Minamiaso"


def test_authorities_in_a_state_count_its_dead():
    got = by_value(
        "Authorities in the German state of Saxony said 31 people had died there, among them 4 "
        "residents of a care home in the town of Pirna."
    )
    assert got[31].place == "Saxony" and "place:own:claimant" in got[31].rule
    assert got[4].place == "Pirna"


def test_an_accident_named_after_its_district_is_the_events_toll():
    f = by_value("The toll in the Balasore train accident went up to 280 on Saturday.")[280]
    assert "place:local" not in f.rule and "place:attached" not in f.rule


def test_bodies_from_a_town_are_that_towns():
    got = by_value(
        "They include 840 unidentified bodies from the town of Palo and 510 in Tacloban."
    )
    assert got[840].place == "Palo"


def test_the_province_a_storm_has_been_pounding_is_its_site():
    f = by_value(
        "The number of people killed by the cyclone, which has been pounding Manicaland province "
        "since Friday, has climbed to 31."
    )[31]
    assert "place:event-site" in f.rule and "place:local" not in f.rule


def test_a_part_of_the_deaths_in_a_town():
    f = by_value("Eight of the deaths were in the town of Mashiki, the police said.")[8]
    assert f.place == "Mashiki"


def test_a_toll_owners_count_repeated_with_its_people_is_one_figure():
    text = (
        "Hajj crush: Nigeria death toll rises again, now 141\n\n"
        "The number of Nigerian pilgrims who died in the crush at Mina has risen to 141, the "
        "country's Hajj commission said."
    )
    figs = [f for f in extract_figures(text, published=PUB) if f.low == 141]
    assert len(figs) == 1 and figs[0].group


def test_the_worst_hit_area_named_after_the_count():
    f = by_value(
        "By Sunday afternoon 84 deaths had been reported in one of the worst-hit areas, Kreuzbach in Bavaria."
    )[84]
    assert f.place == "Kreuzbach" and "place:own:worst-hit" in f.rule
